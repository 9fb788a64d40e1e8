"""The follow-up lists of a posyandu (belum ditimbang, imunisasi, vitamin A, ibu hamil) through the page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TODAY
from people import actions as people

pytestmark = pytest.mark.django_db

NO_HOUSEHOLD = "Tanpa KK / rumah tangga"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def walk_in(world: Any, name: str, sex: str, born: datetime.date) -> Any:
    """Registered on the posyandu day without a household (a visitor, a family not yet listed)."""
    return people.register_person(
        world.users["kader_a"], {"name": name, "sex": sex, "birth_date": born, "posyandu": world.posyandu_a}
    )


def rows(response: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(unit, [(r.person.name, r.note) for r in group]) for unit, group in response.context["groups"]]


def test_every_list_shows_walk_ins_without_household_in_their_own_group(world: Any) -> None:
    admin = world.users["admin"]
    walk_in(world, "Rafi Walk-in", "L", datetime.date(2025, 3, 2))  # 20 months
    mother = walk_in(world, "Nur Pendatang", "P", datetime.date(1999, 6, 1))
    people.register_pregnancy(admin, mother, {"lmp_date": TODAY - datetime.timedelta(weeks=12)})
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
