"""A hand-counted month at the world's posyandu Melati (October 2026), built with the real actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

D = datetime.date


@dataclass
class Month:
    people: dict[str, Any]
    visits: dict[str, Any]


def build_month(world: Any) -> Month:
    from people.actions import register_person, set_person_status
    from people.models import PersonStatus
    from visits.actions import record_visit

    admin = world.users["admin"]
    post = world.posyandu_a

    def child(name: str, sex: str, born: D, kia: bool = True) -> Any:
        return register_person(admin, name=name, sex=sex, birth_date=born, posyandu=post, has_kia_book=kia)

    people = {
        "andi": child("Andi Pratama", "L", D(2025, 3, 10)),
        "bela": child("Bela Anggraini", "P", D(2025, 1, 5)),
        "caca": child("Caca Marlina", "P", D(2024, 6, 1)),
        "dodi": child("Dodi Saputra", "L", D(2026, 5, 1)),
        "eka": child("Eka Wijaya", "L", D(2023, 1, 15), kia=False),
        "fani": child("Fani Lestari", "P", D(2021, 1, 1)),  # over five in October 2026
        "gita": child("Gita Puspita", "P", D(2024, 2, 2)),  # moved away in September
    }

    def weigh(who: str, day: D, kg: str, cm: str | None = None, place: str = "posyandu") -> Any:
        values: dict[str, Any] = {"weight_kg": Decimal(kg)}
        if cm is not None:
            values.update(length_height_cm=Decimal(cm), position="l" if who != "caca" else "h")
        return record_visit(admin, people[who], day, values, place=place)

    visits = {
        "andi_sep": weigh("andi", D(2026, 9, 10), "9.0"),
        "andi_oct": weigh("andi", D(2026, 10, 10), "9.4", "81.0"),
        "andi_oct_home": weigh(
            "andi", D(2026, 10, 25), "9.5", place="home"
        ),  # twice in a month: counted once
        "bela_aug": weigh("bela", D(2026, 8, 10), "7.2"),
        "bela_sep": weigh("bela", D(2026, 9, 10), "7.3"),
        "bela_oct": weigh("bela", D(2026, 10, 10), "7.3", "70.0"),  # T again: 2T; very light: BGM; stunted
        "caca_jul": weigh("caca", D(2026, 7, 10), "10.5"),
        "caca_oct": weigh("caca", D(2026, 10, 10), "11.0", "84.0"),  # not weighed in September: O
        "dodi_oct": weigh("dodi", D(2026, 10, 10), "6.9", "65.0"),  # first weighing: B
        "gita_aug": weigh("gita", D(2026, 8, 10), "11.0"),
    }
    set_person_status(admin, people["gita"], PersonStatus.MOVED, D(2026, 9, 15))
    return Month(people, visits)


@pytest.fixture
def month(world: Any) -> Month:
    return build_month(world)
