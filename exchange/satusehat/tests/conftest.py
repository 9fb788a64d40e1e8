"""Visits worth sending (a child with NIK, a pregnancy check), the puskesmas mapped, and the stand-in."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from conftest import TODAY, World
from exchange.satusehat.client import SatusehatClient
from exchange.satusehat.connection import Connection
from exchange.satusehat.models import Facility
from exchange.satusehat.tests.stand_in import CLIENT_ID, CLIENT_SECRET, Store, stand_in

ORG_ID = "100011223"


@dataclass
class Sending:
    world: World
    base: str
    store: Store
    child: Any  # Siti, 9 months, with NIK: her visit goes
    child_visit: Any
    mother_visit: Any  # Dewi's pregnancy check: BP, Hb, LiLA
    other_visit: Any  # a child with NIK at posyandu_b, whose puskesmas is not mapped
    delays: list[float]

    def connection(self, secret: str = CLIENT_SECRET) -> Connection:
        return Connection(
            auth_url=f"{self.base}/oauth2/v1",
            base_url=f"{self.base}/fhir-r4/v1",
            client_id=CLIENT_ID,
            client_secret=secret,
            org_id=ORG_ID,
        )

    def client(self, secret: str = CLIENT_SECRET) -> SatusehatClient:
        return SatusehatClient(self.connection(secret), sleep=self.delays.append)


@pytest.fixture
def sending(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sending]:
    from people.actions import register_person
    from visits.actions import open_day, record_visit

    admin = world.users["admin"]
    Facility.objects.create(  # the admin's reference list: no action
        region=world.desa_a.parent,
        name="Puskesmas Bontang Utara I",
        organization_id="10000187",
        location_id="L-77",
    )
    child = register_person(
        admin,
        name="Siti Aminah",
        nik="6474014102260003",
        sex="P",
        birth_date=TODAY - datetime.timedelta(days=290),
        household=world.household_a,
        mother=world.mother_a,
    )
    child_visit = record_visit(
        admin,
        child,
        world.day_a.date,
        {
            "weight_kg": Decimal("7.9"),
            "length_height_cm": Decimal("68.5"),
            "position": "l",
            "head_circumference_cm": Decimal("43.5"),
        },
        opening_day=world.day_a,
    )
    mother_visit = record_visit(
        admin,
        world.mother_a,
        world.day_a.date,
        {
            "weight_kg": Decimal("61.2"),
            "muac_cm": Decimal("23.0"),
            "systolic_mmhg": 128,
            "diastolic_mmhg": 84,
            "hb_g_dl": Decimal("10.6"),
        },
        opening_day=world.day_a,
    )
    assert mother_visit.pregnancy_id == world.pregnancy_a.pk
    other = register_person(
        admin,
        name="Rudi",
        nik="6407010101250004",
        sex="L",
        birth_date=TODAY - datetime.timedelta(days=400),
        posyandu=world.posyandu_b,
    )
    day_b = open_day(admin, world.posyandu_b, TODAY - datetime.timedelta(days=5), [world.kader_b], "")
    other_visit = record_visit(admin, other, day_b.date, {"weight_kg": Decimal("9.4")}, opening_day=day_b)
    with stand_in() as (base, store):
        monkeypatch.setenv("SATUSEHAT_AUTH_URL", f"{base}/oauth2/v1")
        monkeypatch.setenv("SATUSEHAT_BASE_URL", f"{base}/fhir-r4/v1")
        monkeypatch.setenv("SATUSEHAT_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("SATUSEHAT_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("SATUSEHAT_ORG_ID", ORG_ID)
        yield Sending(world, base, store, child, child_visit, mother_visit, other_visit, [])
