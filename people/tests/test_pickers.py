"""Posyandu and household pickers tell look-alike choices apart: "Nama — Desa", "Kepala KK — RT/RW"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from people import actions as people
from people.forms import HouseholdForm, PersonForm
from people.models import Person
from posyandu import actions as posyandu_actions
from visits.forms import OpeningDayForm

pytestmark = pytest.mark.django_db


def choices(form: Any, name: str) -> list[str]:
    return [str(label) for value, label in form.fields[name].choices if value != ""]


def test_posyandu_choices_name_their_desa_in_name_order(world: Any, django_assert_num_queries: Any) -> None:
    officer = world.users["kecamatan"]
    # A second "Melati", in the other desa of the kecamatan.
    posyandu_actions.register_posyandu(
        world.users["admin"], code="PA3", name="Melati", desa=world.desa_a2, spm_fields=[]
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
        admin, head_name="Ahmad Fauzi", address="Jl. Mawar 9", posyandu=world.posyandu_a
    )
    form = PersonForm(world.users["kader_a"])
    with django_assert_num_queries(1):
        assert choices(form, "household") == ["Ahmad Fauzi — RT 03 / RW 01", "Ahmad Fauzi — Jl. Mawar 9"]


def test_household_is_chosen_by_search_not_from_a_list(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kader_a"])
    html = client.get(reverse("people:create") + f"?household={world.household_a.pk}").content.decode()
    # No select of every household: a search box, and the chosen one as a checked radio.
    assert '<select name="household"' not in html
    assert 'name="household_cari"' in html
    chosen = f'<input type="radio" name="household" value="{world.household_a.pk}" checked>'
    assert f"{chosen} Ahmad Fauzi — RT 03 / RW 01" in html
    search = reverse("people:household_choices")
    html = client.get(search, {"household_cari": "fauzi"}, headers={"HX-Request": "true"}).content.decode()
    assert html.count('type="radio"') == 1 and "Ahmad Fauzi — RT 03 / RW 01" in html
    by_kk = client.get(search, {"household_cari": world.household_a.kk_number}).context["found"]
    assert [label for _value, label in by_kk] == ["Ahmad Fauzi — RT 03 / RW 01"]
    # Another desa's kader finds nothing of this one.
    other = Client()
    other.force_login(world.users["kader_b"])
    assert other.get(search, {"household_cari": "fauzi"}).context["found"] == []

    response = client.post(
        reverse("people:create"),
        {"name": "Rani Fauzi", "sex": "P", "birth_date": "2024-05-01", "household": world.household_a.pk},
    )
    assert response.status_code == 302
    rani = Person.objects.get(name="Rani Fauzi")
    assert (rani.household_id, rani.posyandu_id) == (world.household_a.pk, world.posyandu_a.pk)
