"""No enumeration (issue 11, point 5): a NIK registered outside the user's area is refused with the same
message as a NIK the user may not use for another reason, in the person form and in a campaign sheet, and
every such refusal is logged with the user and a keyed hash of the NIK, never the NIK itself."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.refusals import nik_fingerprint
from campaigns import actions as campaign_actions
from campaigns.tests.conftest import csv_bytes, row
from people.actions import register_person
from people.models import Person

pytestmark = pytest.mark.django_db

NEUTRAL = "NIK ini tidak dapat dipakai. Periksa kembali NIK atau hubungi petugas puskesmas/desa."
KUBAR_NIK = "6407014101250001"  # a child registered in Kutai Barat, outside Kota Bontang


def register_in_kubar(world: Any) -> Person:
    return register_person(
        world.users["admin"],
        name="Anak Kubar",
        nik=KUBAR_NIK,
        sex="P",
        birth_date=datetime.date(2025, 1, 1),
        posyandu=world.posyandu_b,
    )


def test_person_form_refuses_a_nik_outside_the_area_like_one_inside(
    world: Any, caplog: pytest.LogCaptureFixture
) -> None:
    register_in_kubar(world)
    client = Client()
    client.force_login(world.users["kader_a"])
    before = Person.objects.count()
    data = {"name": "Rina", "sex": "P", "birth_date": "2025-01-01", "posyandu": world.posyandu_a.pk}
    caplog.set_level(logging.WARNING, logger="audit.refusals")
    outside = client.post(reverse("people:create"), {**data, "nik": KUBAR_NIK})
    inside = client.post(reverse("people:create"), {**data, "nik": world.mother_a.nik})
    assert outside.context["form"].errors["nik"] == [NEUTRAL]
    assert inside.context["form"].errors["nik"] == [NEUTRAL]
    assert Person.objects.count() == before
    user = world.users["kader_a"].pk
    assert [r.getMessage() for r in caplog.records] == [
        f"NIK refused: user={user} where=person_form nik_hmac={nik_fingerprint(KUBAR_NIK)}",
        f"NIK refused: user={user} where=person_form nik_hmac={nik_fingerprint(world.mother_a.nik)}",
    ]
    assert KUBAR_NIK not in caplog.text and world.mother_a.nik not in caplog.text


def test_campaign_sheet_refuses_a_nik_outside_the_area_with_the_form_message(
    world: Any, caplog: pytest.LogCaptureFixture
) -> None:
    register_in_kubar(world)
    user = world.users["kabupaten"]
    sheet = csv_bytes(
        [
            row(
                posyandu="PA1",
                nik=KUBAR_NIK,
                name="Anak Kubar",
                sex="P",
                birth_date="01-01-2025",
                date="12-08-2026",
                weight_kg="9",
            )
        ]
    )
    caplog.set_level(logging.WARNING, logger="audit.refusals")
    job = campaign_actions.upload_sheet(user, world.campaign, name="kubar.csv", content=sheet)
    campaign_actions.start_import(user, job, mode="valid_rows")
    job.refresh_from_db()
    assert list(job.issues.values_list("row", "column", "message")) == [(2, "NIK anak", NEUTRAL)]
    assert Person.objects.filter(nik=KUBAR_NIK).get().posyandu_id == world.posyandu_b.pk
    assert f"NIK refused: user={user.pk} where=campaign_sheet nik_hmac={nik_fingerprint(KUBAR_NIK)}" in [
        r.getMessage() for r in caplog.records
    ]
    assert KUBAR_NIK not in caplog.text
