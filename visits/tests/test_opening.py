"""The days a posyandu opened (visits.opening): a recorded opening day or any visit at the posyandu or in a
campaign that day; home visits are not a posyandu day; kader on duty only where a day names them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from visits import actions
from visits.opening import PosyanduDay, days_opened, mean_kader_on_duty

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 1)


def test_days_follow_the_work(world: Any) -> None:
    admin, a, a2 = world.users["admin"], world.posyandu_a, world.posyandu_a2
    # Nobody pressed "Buka hari" on these days: a weighing entered later at the posyandu, a campaign weighing.
    for day, place, kg in ((3, "posyandu", "8.8"), (5, "campaign", "8.9"), (7, "home", "9.0")):
        actions.record_visit(
            admin, world.child_a, datetime.date(2026, 11, day), {"weight_kg": Decimal(kg)}, place=place
        )
    # A second visit on the opening day of 10 November is the same day; an opening day with no kader ticked.
    actions.record_visit(admin, world.mother_a, world.day_a.date, {"weight_kg": Decimal("58.0")})
    actions.open_day(admin, a, datetime.date(2026, 11, 12))
    # Before the period: not counted.
    actions.record_visit(admin, world.child_a, datetime.date(2026, 10, 31), {"weight_kg": Decimal("8.7")})

    days = days_opened([a.pk, a2.pk], NOVEMBER, datetime.date(2026, 11, 25))

    assert days == {
        a.pk: [
            PosyanduDay(datetime.date(2026, 11, 3), None),
            PosyanduDay(datetime.date(2026, 11, 5), None),
            PosyanduDay(datetime.date(2026, 11, 10), 1),  # world.day_a, kader_a on duty
            PosyanduDay(datetime.date(2026, 11, 12), None),
        ],
        a2.pk: [],
    }
    assert mean_kader_on_duty(days[a.pk]) == 1.0  # only 10 November names its kader
    assert mean_kader_on_duty(days[a2.pk]) is None
    assert mean_kader_on_duty(days[a.pk][:2]) is None


def test_two_queries_whatever_the_number_of_posyandu(world: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        days_opened([world.posyandu_a.pk, world.posyandu_a2.pk, world.posyandu_b.pk], NOVEMBER, NOVEMBER)
