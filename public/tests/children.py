"""Children weighed at a posyandu, registered and measured through the real actions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from conftest import TODAY

DAY = TODAY - datetime.timedelta(days=15)


def weigh_children(
    world: Any,
    posyandu: Any,
    count: int,
    *,
    prefix: str,
    weight_kg: str = "11.4",
    first_nik: int | None = None,
) -> list[Any]:
    """`count` children of `posyandu`, each in a household of their own (named from `prefix`), weighed and
    measured on DAY; a NIK each when `first_nik` is given."""
    from people import actions as people
    from people.models import Household
    from visits import actions as visits
    from visits.models import OpeningDay

    admin = world.users["admin"]
    day = OpeningDay.objects.filter(posyandu=posyandu, date=DAY).first() or visits.open_day(
        admin, posyandu, DAY
    )
    children = []
    taken = Household.objects.count()
    for i in range(count):
        household = people.register_household(
            admin,
            head_name=f"{prefix} Kepala {i}",
            kk_number=f"6474019{taken + i + 1:09d}",
            address=f"Jl. {prefix} Nomor {i}",
            posyandu=posyandu,
        )
        child = people.register_person(
            admin,
            name=f"{prefix} Anak {i}",
            nik=str(first_nik + i) if first_nik is not None else None,
            sex="P" if i % 2 else "L",
            birth_date=TODAY - datetime.timedelta(days=400 + 20 * i),
            household=household,
        )
        visits.record_visit(
            admin,
            child,
            DAY,
            {"weight_kg": Decimal(weight_kg), "length_height_cm": Decimal("80.0"), "position": "l"},
            opening_day=day,
        )
        children.append(child)
    return children
