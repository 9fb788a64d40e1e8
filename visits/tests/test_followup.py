"""The follow-up lists of a posyandu (belum ditimbang, imunisasi, vitamin A, ibu hamil) through the page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TODAY
from people import actions as people
from rules import immunisation
from visits import actions

pytestmark = pytest.mark.django_db

NO_HOUSEHOLD = "Tanpa KK / rumah tangga"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def walk_in(world: Any, name: str, sex: str, born: datetime.date) -> Any:
    """Registered on the posyandu day without a household (a visitor, a family not yet listed)."""
    return people.register_person(
        world.users["kader_a"], name=name, sex=sex, birth_date=born, posyandu=world.posyandu_a
    )


def rows(response: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(unit, [(r.person.name, r.note) for r in group]) for unit, group in response.context["groups"]]


def test_every_list_shows_walk_ins_without_household_in_their_own_group(world: Any) -> None:
    admin = world.users["admin"]
    walk_in(world, "Rafi Walk-in", "L", datetime.date(2025, 3, 2))  # 20 months
    mother = walk_in(world, "Nur Pendatang", "P", datetime.date(1999, 6, 1))
    people.register_pregnancy(admin, mother, lmp_date=TODAY - datetime.timedelta(weeks=12))
    client = client_for(world.users["kader_a"])
    url = reverse("visits:followup", args=[world.posyandu_a.pk])
    for kind, name in (
        ("belum_ditimbang", "Rafi Walk-in"),
        ("imunisasi", "Rafi Walk-in"),
        ("vitamin_a", "Rafi Walk-in"),
        ("ibu_hamil", "Nur Pendatang"),
    ):
        response = client.get(url, {"daftar": kind, "bulan": "2026-11"})
        assert response.status_code == 200, kind
        groups = dict(rows(response))
        assert [person for person, _note in groups[NO_HOUSEHOLD]] == [name], kind
        body = response.content.decode()
        assert f"{NO_HOUSEHOLD} (1)" in body, kind


def register_child(world: Any, name: str, born: datetime.date) -> Any:
    return people.register_person(
        world.users["admin"],
        name=name,
        sex="P",
        birth_date=born,
        household=world.household_a,
        mother=world.mother_a,
    )


def give_on_schedule(world: Any, child: Any, *, up_to_months: int, skip: tuple[str, ...] = ()) -> None:
    """The Buku KIA of a child immunised on time: every dose of the programme until `up_to_months`."""
    for dose in immunisation.SCHEDULE:
        if dose.endemic_only or dose.code in skip or dose.start.months > up_to_months:
            continue
        actions.record_immunisation(
            world.users["admin"],
            child,
            dose.code,
            dose.start.on(child.birth_date) + datetime.timedelta(days=3),
        )


def test_immunisation_list_offers_only_what_each_child_may_still_get(
    world: Any, django_assert_num_queries: Any
) -> None:
    give_on_schedule(world, world.child_a, up_to_months=12)  # Budi, 18 months: the 18-month doses are due
    give_on_schedule(
        world,
        register_child(world, "Sinta Rahma", datetime.date(2023, 10, 1)),
        up_to_months=18,
        skip=("mr2",),
    )
    give_on_schedule(world, register_child(world, "Eko Prasetyo", datetime.date(2023, 6, 5)), up_to_months=18)
    register_child(world, "Bayi Mungil", TODAY - datetime.timedelta(days=3))
    walk_in(world, "Rafi Walk-in", "L", datetime.date(2026, 1, 20))  # 10 months, no Buku KIA brought
    client = client_for(world.users["kader_a"])
    url = reverse("visits:followup", args=[world.posyandu_a.pk])
    with django_assert_num_queries(5):  # session, user and her posyandu, posyandu, children, doses
        response = client.get(url, {"daftar": "imunisasi", "bulan": "2026-11"})
    assert rows(response) == [
        (
            world.rt_a.label,
            [
                ("Bayi Mungil", "0 bln · HB-0"),
                ("Budi Santoso", "18 bln · DPT-HB-Hib 4 (lanjutan), Campak-Rubela (MR) 2 (lanjutan)"),
                ("Sinta Rahma", "3 th · Campak-Rubela (MR) 2 (lanjutan) (terlambat)"),
            ],
        ),
        (
            NO_HOUSEHOLD,
            [
                (
                    "Rafi Walk-in",
                    "10 bln · BCG (terlambat), Polio tetes 1 (terlambat), DPT-HB-Hib 1 (terlambat), "
                    "PCV 1 (terlambat), IPV 1 (terlambat), Campak-Rubela (MR) 1",
                )
            ],
        ),
    ]
    assert response.context["total"] == 4
    # October's list is the state at the end of October: Budi's 18-month doses were not yet due.
    response = client.get(url, {"daftar": "imunisasi", "bulan": "2026-10"})
    assert [name for _unit, group in rows(response) for name, _note in group] == [
        "Sinta Rahma",
        "Rafi Walk-in",
    ]
