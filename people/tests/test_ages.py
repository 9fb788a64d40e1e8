"""The register's age filters (S of SKDN, life-stage lists) count completed months as the one rule does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from people import actions
from people.models import Person
from rules import life_stage, months


def test_under_five_on_a_month_end_follows_completed_months(world: Any) -> None:
    """Born 29 Feb 2020: 59 completed months on 28 Feb 2025 (still in S), 60 on 1 Mar 2025."""
    child = actions.register_person(
        world.users["admin"],
        name="Rara Kabisat",
        sex="P",
        birth_date=dt.date(2020, 2, 29),
        posyandu=world.posyandu_a,
    )
    for on, under_five in ((dt.date(2025, 2, 28), True), (dt.date(2025, 3, 1), False)):
        assert (months.completed_months(child.birth_date, on) < 60) is under_five
        assert Person.objects.under_five(on).filter(pk=child.pk).exists() is under_five
        stage = life_stage.Stage.BALITA if under_five else life_stage.Stage.APRAS
        assert list(Person.objects.in_stage(stage, on).filter(pk=child.pk)) == [child]
