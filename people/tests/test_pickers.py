"""Posyandu and household pickers tell look-alike choices apart: "Nama — Desa", "Kepala KK — RT/RW"."""

from __future__ import annotations

from typing import Any

import pytest

from people import actions as people
from people.forms import HouseholdForm, PersonForm
from posyandu import actions as posyandu_actions
from visits.forms import OpeningDayForm

pytestmark = pytest.mark.django_db


def choices(form: Any, name: str) -> list[str]:
    return [str(label) for value, label in form.fields[name].choices if value != ""]


def test_posyandu_choices_name_their_desa_in_name_order(world: Any, django_assert_num_queries: Any) -> None:
    officer = world.users["kecamatan"]
    # A second "Melati", in the other desa of the kecamatan.
    posyandu_actions.register_posyandu(
        world.users["admin"], {"code": "PA3", "name": "Melati", "desa": world.desa_a2, "spm_fields": []}
    )
    a, a2 = world.desa_a.name, world.desa_a2.name
    expected = [f"Mawar — {a2}", *sorted([f"Melati — {a}", f"Melati — {a2}"])]
    with django_assert_num_queries(1):
        assert choices(OpeningDayForm(officer), "posyandu") == expected
    assert choices(PersonForm(officer), "posyandu") == expected
    assert choices(HouseholdForm(officer), "posyandu") == expected


def test_household_choices_show_rt_and_rw(world: Any, django_assert_num_queries: Any) -> None:
    admin = world.users["admin"]
    people.register_household(
        admin, {"head_name": "Ahmad Fauzi", "address": "Jl. Mawar 9", "posyandu": world.posyandu_a}
    )
    form = PersonForm(world.users["kader_a"])
    with django_assert_num_queries(1):
        assert choices(form, "household") == ["Ahmad Fauzi — RT 03 / RW 01", "Ahmad Fauzi — Jl. Mawar 9"]
