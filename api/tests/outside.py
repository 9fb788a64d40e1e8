"""A second region's register for the access tests: a child of posyandu B (Kutai Barat) with an opening day,
a visit and monthly figures, made through the real actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from people import actions as people
from reports.actions import refresh_all_figures
from visits import actions as visits

CHILD_B_NAME = "Rina Kutaibarat"


@dataclass
class Outside:
    person: Any
    day: Any
    visit: Any


def build_outside(world: Any) -> Outside:
    admin = world.users["admin"]
    child = people.register_person(
        admin,
        name=CHILD_B_NAME,
        nik="6407011203250001",
        sex="P",
        birth_date=world.day_a.date - datetime.timedelta(days=400),
        posyandu=world.posyandu_b,
    )
    day = visits.open_day(admin, world.posyandu_b, world.day_a.date, [world.kader_b], "")
    visit = visits.record_visit(
        admin,
        child,
        day.date,
        {"weight_kg": Decimal("8.4"), "length_height_cm": Decimal("72.0"), "position": "l"},
        opening_day=day,
    )
    refresh_all_figures()
    return Outside(child, day, visit)
