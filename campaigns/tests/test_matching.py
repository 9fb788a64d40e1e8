"""A campaign row is matched to the register with the register's own duplicate rule (people.duplicates): a
single near match is the registered child (reported as a warning), several need the NIK, a clearly different
mother is a new child."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from campaigns import actions
from campaigns.models import ImportJob, ImportStatus
from campaigns.tests.conftest import csv_bytes, row
from people.actions import register_household, register_person
from people.models import Household, Person
from visits.actions import record_visit
from visits.models import Visit

pytestmark = pytest.mark.django_db
BORN = datetime.date(2025, 2, 3)


def _andi(world: Any, name: str = "Andi Saputri") -> Person:
    """A girl of posyandu Melati with her mother Rina in their household, weighed in July 2026."""
    admin = world.users["admin"]
    mother = Person.objects.filter(name="Rina").first()
    if mother is None:
        household = register_household(
            admin, head_name="Rina", address="Jl. Melati 5", posyandu=world.posyandu_a
        )
        born = datetime.date(1996, 3, 1)
        mother = register_person(admin, name="Rina", sex="P", birth_date=born, household=household)
    child = register_person(
        admin,
        name=name,
        sex="P",
        birth_date=BORN,
        household=mother.household,
        mother=mother,
    )
    record_visit(admin, child, datetime.date(2026, 7, 12), {"weight_kg": Decimal("8.9")}, place="home")
    return child


def _sheet(mother_name: str = "Rina") -> bytes:
    andy = row(
        posyandu="PA1",
        name="Andy Saputri",
        sex="P",
        birth_date=f"{BORN:%d-%m-%Y}",
        mother_name=mother_name,
        head_name=mother_name,
        address="Jl. Melati 5",
        date="12-08-2026",
        weight_kg="9,2",
    )
    return csv_bytes([andy])


def _check(world: Any, content: bytes) -> ImportJob:
    job = actions.upload_sheet(world.users["kabupaten"], world.campaign, name="andy.csv", content=content)
    job.refresh_from_db()
    return job


def _import(world: Any, job: ImportJob) -> ImportJob:
    actions.start_import(world.users["kabupaten"], job, mode="valid_rows")
    job.refresh_from_db()
    return job


def _counts() -> tuple[int, int]:
    return Person.objects.count(), Household.objects.count()


def test_a_near_match_is_the_registered_child_and_the_check_says_so(world: Any) -> None:
    andi = _andi(world)
    before = _counts()
    job = _check(world, _sheet())
    assert (job.valid_rows, job.error_rows) == (1, 0)
    warning = (
        "Dicocokkan dengan Andi Saputri yang terdaftar (tanggal lahir sama, nama mirip). "
        "Bila bukan anak yang sama, isi NIK anak."
    )
    assert list(job.issues.values_list("row", "column", "message", "warning")) == [
        (2, "Nama anak", warning, True)
    ]
    page = Client()
    page.force_login(world.users["kabupaten"])
    body = page.get(reverse("campaigns:job", args=[job.pk])).content.decode()
    assert f"Peringatan: {warning}" in " ".join(body.replace("<strong>", "").replace("</strong>", "").split())

    done = _import(world, job)
    assert (done.status, done.matched_people, done.created_people, done.stored_visits) == (
        ImportStatus.DONE,
        1,
        0,
        1,
    )
    assert _counts() == before  # no new child, no new household
    visit = Visit.objects.get(campaign=world.campaign)
    assert (visit.person_id, visit.weight_kg, visit.weight_gain) == (andi.pk, Decimal("9.20"), "N")


def test_several_near_matches_need_the_nik(world: Any) -> None:
    _andi(world)
    _andi(world, "Andi Saputra")  # her twin sister, as close to "Andy Saputri"
    before = _counts()
    job = _check(world, _sheet())
    assert (job.valid_rows, job.error_rows) == (0, 1)
    assert list(job.issues.values_list("row", "message", "warning")) == [
        (
            2,
            "Lebih dari satu anak terdaftar mirip dengan anak ini (tanggal lahir sama, nama mirip): "
            "Andi Saputra, Andi Saputri. Isi NIK anak.",
            False,
        )
    ]
    done = _import(world, job)
    assert (done.stored_visits, done.created_people) == (0, 0)
    assert _counts() == before


def test_a_clearly_different_mother_is_a_new_child(world: Any) -> None:
    andi = _andi(world)
    people, households = _counts()
    job = _check(world, _sheet(mother_name="Siti Aminah"))
    assert (job.valid_rows, job.error_rows, job.issues.count()) == (1, 0, 0)
    done = _import(world, job)
    assert (done.matched_people, done.created_people) == (0, 1)
    assert _counts() == (people + 1, households + 1)
    visit = Visit.objects.select_related("person").get(campaign=world.campaign)
    assert visit.person_id != andi.pk
    assert (visit.person.name, visit.person.birth_date, visit.weight_gain) == ("Andy Saputri", BORN, "B")
