"""A new pregnancy must fit the mother's record: not while one is ongoing, not with an HPHT before the end of
the previous one, and within the 42 days of nifas only when the kader confirms it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from people import actions
from people.models import Pregnancy, PregnancyOutcome

pytestmark = pytest.mark.django_db

DELIVERED = datetime.date(2026, 9, 1)


@pytest.fixture
def delivered(world: Any) -> Any:
    """Dewi's pregnancy ended in a live birth on 1 September 2026."""
    actions.record_pregnancy_outcome(
        world.users["admin"],
        world.pregnancy_a,
        PregnancyOutcome.LIVE_BIRTH,
        DELIVERED,
        child={"name": "Bayi Dewi", "sex": "P"},
    )
    return world.mother_a


def test_a_pregnancy_while_one_is_ongoing_is_refused(world: Any) -> None:
    before = Pregnancy.objects.count()
    with pytest.raises(ValidationError, match="masih tercatat hamil"):
        actions.register_pregnancy(
            world.users["kader_a"], world.mother_a, lmp_date=datetime.date(2026, 11, 1)
        )
    assert Pregnancy.objects.count() == before


def test_an_hpht_before_the_delivery_is_refused(world: Any, delivered: Any) -> None:
    before = Pregnancy.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.register_pregnancy(world.users["kader_a"], delivered, lmp_date=datetime.date(2026, 8, 20))
    assert caught.value.message_dict == {
        "lmp_date": ["HPHT tidak boleh sebelum akhir kehamilan sebelumnya (01-09-2026)."]
    }
    # Even when the kader ticks the confirmation meant for the nifas period.
    with pytest.raises(ValidationError):
        actions.register_pregnancy(
            world.users["kader_a"],
            delivered,
            lmp_date=datetime.date(2026, 8, 20),
            confirmed_soon_after_end=True,
        )
    assert Pregnancy.objects.count() == before


def test_an_hpht_in_the_nifas_period_needs_a_confirmation(world: Any, delivered: Any) -> None:
    kader = world.users["kader_a"]
    before = Pregnancy.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.register_pregnancy(kader, delivered, lmp_date=datetime.date(2026, 9, 8))
    assert caught.value.code == actions.SOON_AFTER_END
    assert Pregnancy.objects.count() == before
    pregnancy = actions.register_pregnancy(
        kader, delivered, lmp_date=datetime.date(2026, 9, 8), confirmed_soon_after_end=True
    )
    assert pregnancy.lmp_date == datetime.date(2026, 9, 8)
    assert Pregnancy.objects.count() == before + 1


def test_an_hpht_after_the_nifas_period_needs_nothing(world: Any, delivered: Any) -> None:
    pregnancy = actions.register_pregnancy(
        world.users["kader_a"], delivered, lmp_date=DELIVERED + datetime.timedelta(days=43)
    )
    assert pregnancy.outcome == PregnancyOutcome.ONGOING


def test_the_page_asks_to_confirm_an_hpht_one_week_after_the_delivery(world: Any, delivered: Any) -> None:
    client = Client()
    client.force_login(world.users["kader_a"])
    url = reverse("people:pregnancy_create", args=[delivered.pk])
    data = {"lmp_date": "2026-09-08", "gravida": "3", "para": "2", "abortus": "0"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "HPHT ini 7 hari setelah akhir kehamilan sebelumnya (01-09-2026), masih dalam masa nifas 42 hari. "
        "Periksa kembali; bila benar, centang konfirmasi lalu simpan lagi."
    ) in html
    assert 'type="checkbox" name="confirm_soon_after_end"' in html
    assert not delivered.pregnancies.ongoing().exists()
    response = client.post(url, {**data, "confirm_soon_after_end": "on"})
    assert response.status_code == 302
    assert delivered.pregnancies.ongoing().get().lmp_date == datetime.date(2026, 9, 8)
