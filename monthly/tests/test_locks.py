"""A sent or verified month is locked: the posyandu's visits dated in it are not recorded or corrected, and
a campaign sheet's rows in it are row errors, until the bidan returns or reopens the report."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from campaigns.imports.check import check_rows
from conftest import WORLD_SHEET
from monthly import actions
from monthly.actions import PosyanduInputs
from visits import actions as visits
from visits.models import Visit

NOVEMBER = datetime.date(2026, 11, 1)
LOCKED = ["Laporan bulan ini sudah dikirim; minta bidan membuka kembali."]
WEIGHT = {"weight_kg": Decimal("9.2"), "length_height_cm": Decimal("74.5"), "position": "l"}


def send(world: Any, posyandu: Any, month: datetime.date) -> Any:
    return actions.submit_report(world.users["kader_a"], posyandu, month, inputs=PosyanduInputs())


@pytest.mark.django_db
def test_a_visit_in_a_sent_month_is_refused_until_the_bidan_reopens_it(world: Any) -> None:
    admin, bidan = world.users["admin"], world.users["bidan_a"]
    report = send(world, world.posyandu_a, NOVEMBER)
    count = Visit.objects.count()
    with pytest.raises(ValidationError) as refused:
        visits.record_visit(admin, world.child_a, datetime.date(2026, 11, 20), WEIGHT, place="home")
    assert refused.value.message_dict == {"date": LOCKED}
    with pytest.raises(ValidationError) as refused:
        visits.correct_visit(admin, world.visit_a, {"weight_kg": Decimal("9.1")})
    assert refused.value.message_dict == {"date": LOCKED}
    world.visit_a.refresh_from_db()
    assert (Visit.objects.count(), world.visit_a.weight_kg) == (count, Decimal("9.00"))
    # Verified: still locked.
    report = actions.verify_report(bidan, report)
    with pytest.raises(ValidationError):
        visits.correct_visit(admin, world.visit_a, {"weight_kg": Decimal("9.1")})
    # Other months are open.
    october = visits.record_visit(admin, world.child_a, datetime.date(2026, 10, 20), WEIGHT, place="home")
    assert october.month == datetime.date(2026, 10, 1)
    # Reopened with a reason: the correction goes through.
    actions.reopen_report(bidan, report, reason="Berat Budi salah ketik")
    corrected = visits.correct_visit(admin, world.visit_a, {"weight_kg": Decimal("9.1")})
    assert corrected.weight_kg == Decimal("9.1")
    visits.record_visit(admin, world.child_a, datetime.date(2026, 11, 20), WEIGHT, place="home")
    assert Visit.objects.count() == count + 2


@pytest.mark.django_db
def test_the_correction_page_says_the_month_is_locked(world: Any) -> None:
    send(world, world.posyandu_a, NOVEMBER)
    client = Client()
    client.force_login(world.users["kader_a"])
    url = reverse("visits:visit_correct", args=[world.visit_a.pk])
    response = client.post(url, {"weight_kg": "9,1", "length_height_cm": "74,0", "position": "l"})
    assert response.status_code == 200
    assert LOCKED[0] in response.content.decode()
    world.visit_a.refresh_from_db()
    assert world.visit_a.weight_kg == Decimal("9.00")


@pytest.mark.django_db
def test_campaign_rows_in_a_locked_month_are_row_errors(world: Any) -> None:
    august = datetime.date(2026, 8, 1)
    kabupaten = world.users["kabupaten"]
    checked = check_rows(kabupaten, world.campaign, "timbang.csv", WORLD_SHEET.encode())
    assert (len(checked.valid), checked.issues) == (2, [])
    # Posyandu Mawar's August is sent: the sheet's rows are all of Posyandu Melati, still open.
    send(world, world.posyandu_a2, august)
    checked = check_rows(kabupaten, world.campaign, "timbang.csv", WORLD_SHEET.encode())
    assert (len(checked.valid), checked.issues) == (2, [])
    send(world, world.posyandu_a, august)
    checked = check_rows(kabupaten, world.campaign, "timbang.csv", WORLD_SHEET.encode())
    assert checked.valid == []
    assert checked.issues == [
        (2, "Tanggal ukur (dd-mm-yyyy)", LOCKED[0]),
        (3, "Tanggal ukur (dd-mm-yyyy)", LOCKED[0]),
    ]
