"""The one duplicate rule (docs/domain.md "Identity"): name similarity + date of birth + mother."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from people import actions
from people.duplicates import Identity, duplicate_score, likely_duplicates, same_mother
from people.models import Person

BORN = datetime.date(2025, 2, 3)


def test_a_similar_name_born_the_same_day_may_be_the_same_child() -> None:
    andi = Identity("andi saputri", BORN, mother_key="rina")
    assert duplicate_score(Identity("andy saputri", BORN, mother_key="rina"), andi) == pytest.approx(11 / 12)
    assert duplicate_score(Identity("andy saputri", BORN), andi) == pytest.approx(11 / 12)  # mother unknown
    assert duplicate_score(Identity("andi saputri", BORN, mother_key="rina"), andi) == 1.0
    assert duplicate_score(Identity("budi santoso", BORN, mother_key="rina"), andi) is None


def test_clearly_different_mothers_are_different_children() -> None:
    andi = Identity("andi saputri", BORN, mother_id=7, mother_key="rina")
    assert duplicate_score(Identity("andi saputri", BORN, mother_key="siti aminah"), andi) is None
    assert duplicate_score(Identity("andi saputri", BORN, mother_id=8, mother_key="wati"), andi) is None
    # The same mother registered twice, or her name typed differently: still the same mother.
    assert same_mother(Identity("x", BORN, mother_id=8, mother_key="rina"), andi) is True
    assert same_mother(Identity("x", BORN, mother_key="rinna"), andi) is True
    assert same_mother(Identity("x", BORN), andi) is None


def test_a_near_birth_date_needs_the_same_mother() -> None:
    andi = Identity("andi saputri", BORN, mother_id=7, mother_key="rina")
    typo = BORN + datetime.timedelta(days=30)
    assert duplicate_score(
        Identity("andy saputri", typo, mother_id=7, mother_key="rina"), andi
    ) == pytest.approx(11 / 12)
    assert duplicate_score(Identity("andy saputri", typo), andi) is None
    far = BORN + datetime.timedelta(days=60)
    assert duplicate_score(Identity("andy saputri", far, mother_id=7, mother_key="rina"), andi) is None


def test_same_birth_date_and_mother_accept_a_looser_name() -> None:
    # "m rizki" / "muhammad rizki": similarity 0.667, between the two thresholds.
    short, full = Identity("m rizki", BORN, mother_id=7), Identity("muhammad rizki", BORN, mother_id=7)
    assert duplicate_score(short, full) == pytest.approx(2 / 3)
    assert duplicate_score(Identity("m rizki", BORN), Identity("muhammad rizki", BORN)) is None


@pytest.mark.django_db
def test_register_search_follows_the_rule(world: Any) -> None:
    admin = world.users["admin"]
    child = world.child_a
    other_mother = actions.register_person(
        admin,
        name="Siti Aminah",
        sex="P",
        birth_date=datetime.date(1990, 1, 1),
        posyandu=world.posyandu_a,
    )
    people = Person.objects.visible_to(world.users["kader_a"])
    found = likely_duplicates(people, name="Budi Santosa", birth_date=child.birth_date, mother=world.mother_a)
    assert found == [child]
    assert (
        likely_duplicates(people, name="Budi Santosa", birth_date=child.birth_date, mother=other_mother) == []
    )
    assert likely_duplicates(people, name="Budi Santosa", birth_date=child.birth_date) == [child]
