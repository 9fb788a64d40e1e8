"""Merging a duplicate from the page: the register's likely duplicates first, search by name or NIK, both
records side by side, then the merge on confirmation."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from people import actions
from people.models import Person
from visits import actions as visits
from visits.models import Visit

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _copy(world: Any, **more: Any) -> Person:
    """Budi registered a second time, with a typing variant of his name and without his mother."""
    fields = {"name": "Budi Santosa", "sex": "L", "birth_date": world.child_a.birth_date}
    return actions.register_person(world.users["admin"], **{**fields, "posyandu": world.posyandu_a, **more})


def _testids(body: str, testid: str) -> list[str]:
    """The text of each element carrying `data-testid="<testid>"` (one line each)."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", match).split())
        for match in re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</(?:li|tr)>', body, re.S)
    ]


def test_merge_page_offers_the_likely_duplicate_first(world: Any) -> None:
    copy = _copy(world)
    admin = world.users["admin"]
    born = datetime.date(2023, 1, 9)
    other = actions.register_person(
        admin, name="Budi Hartono", sex="L", birth_date=born, posyandu=world.posyandu_a
    )
    actions.register_person(  # in another kabupaten: never offered to kader_a
        admin, name="Budi Hartono", sex="L", birth_date=born, posyandu=world.posyandu_b
    )
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[copy.pk])
    body = client.get(url).content.decode()
    assert _testids(body, "suggested-row") == [
        f"Budi Santoso · {world.child_a.birth_date:%d-%m-%Y} · ibu Dewi Lestari · Melati Bandingkan"
    ]
    assert f'href="{url}?dengan={world.child_a.pk}"' in body
    assert _testids(body, "search-row") == []
    # Search by name: people who are not suggested, of the same sex, in the user's area.
    body = client.get(url, {"q": "hartono"}).content.decode()
    assert _testids(body, "search-row") == ["Budi Hartono · 09-01-2023 · Melati Bandingkan"]
    assert f'href="{url}?dengan={other.pk}"' in body
    assert _testids(body, "suggested-row") == [
        f"Budi Santoso · {world.child_a.birth_date:%d-%m-%Y} · ibu Dewi Lestari · Melati Bandingkan"
    ]
    body = client.get(url, {"q": "santo"}).content.decode()  # a suggestion is not listed twice
    assert _testids(body, "search-row") == []


def test_merge_page_compares_both_records_then_merges_on_confirmation(world: Any) -> None:
    copy = _copy(world, phone="081234567890")
    admin = world.users["admin"]
    visit = visits.record_visit(admin, copy, datetime.date(2026, 10, 12), {"weight_kg": Decimal("9.4")})
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[copy.pk])
    body = client.get(url, {"dengan": world.child_a.pk}).content.decode()
    rows = _testids(body, "compare-row")
    assert rows[:2] == ["Nama Budi Santosa Budi Santoso", "NIK belum ada belum ada"]
    assert "Ibu — Dewi Lestari" in rows
    assert "Nomor HP ********890 —" in rows  # masked like every phone number
    assert "Kunjungan 1 (12-10-2026) 1 (10-11-2026)" in rows
    assert 'data-testid="merge-confirm"' in body
    assert (
        f'href="{reverse("people:merge", args=[world.child_a.pk])}?dengan={copy.pk}"' in body
    )  # the other way
    assert Person.objects.get(pk=copy.pk).merged_into_id is None  # looking changes nothing

    response = client.post(
        url, {"other": world.child_a.pk, "client_uuid": "7b0e4f43-9a53-4a0e-9f37-2f6d2b7d6f10"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[world.child_a.pk])
    copy.refresh_from_db()
    world.child_a.refresh_from_db()
    assert copy.merged_into_id == world.child_a.pk
    assert world.child_a.phone == "081234567890"
    assert sorted(Visit.objects.filter(person=world.child_a).values_list("pk", flat=True)) == sorted(
        [world.visit_a.pk, visit.pk]
    )
    assert AuditEvent.objects.filter(verb="merge_person").count() == 1


def test_merge_page_explains_a_refused_merge_and_changes_nothing(world: Any) -> None:
    sister = _copy(world, name="Budi Santosi", sex="P")
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[sister.pk])
    body = client.get(url, {"dengan": world.child_a.pk}).content.decode()
    message = "Jenis kelamin kedua data berbeda; periksa kembali sebelum menggabungkan."
    assert message in body
    assert 'data-testid="merge-confirm"' not in body
    response = client.post(
        url, {"other": world.child_a.pk, "client_uuid": "0d3c1f0e-2b8f-4f43-8f7c-0b8ad1a3e2a1"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.get(pk=sister.pk).merged_into_id is None
    assert AuditEvent.objects.filter(verb__startswith="merge").count() == 0


def test_merge_page_takes_only_records_of_the_users_area(world: Any) -> None:
    copy = _copy(world)
    outside = actions.register_person(
        world.users["admin"],
        name="Budi Santoso",
        sex="L",
        birth_date=world.child_a.birth_date,
        posyandu=world.posyandu_b,
    )
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[copy.pk])
    # Another area's record is not offered: the same notice as for an id that exists nowhere.
    for unknown in (outside.pk, 999_999):
        page = client.get(url, {"dengan": unknown})
        assert page.status_code == 200 and "other" not in page.context
        assert (
            f"Warga “{unknown}” tidak dikenali; menampilkan kemungkinan data ganda." in page.content.decode()
        )
    response = client.post(url, {"other": outside.pk, "client_uuid": "5f0d7d7e-1c55-4d0f-9a67-8a1f4c2b9e33"})
    assert response.status_code == 200
    assert "Pilih data yang ada di wilayah Anda." in response.content.decode()
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def _daughter(world: Any) -> Person:
    """Dewi's one-year-old daughter, registered with her mother in the household."""
    return actions.register_person(
        world.users["admin"],
        name="Ani Lestari",
        sex="P",
        birth_date=datetime.date(2025, 11, 2),
        household=world.household_a,
        mother=world.mother_a,
    )


def test_merge_page_refuses_to_merge_a_mother_into_her_daughter(world: Any) -> None:
    daughter = _daughter(world)
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[world.mother_a.pk])
    body = client.get(url, {"dengan": daughter.pk}).content.decode()
    message = "Data yang satu adalah ibu atau anak dari data yang lain; keduanya orang yang berbeda."
    assert message in body
    assert 'data-testid="merge-confirm"' not in body
    response = client.post(url, {"other": daughter.pk, "client_uuid": "3f1c8d52-7a0b-4e44-9d8e-1b2c3d4e5f60"})
    assert response.status_code == 200
    assert message in response.content.decode()
    world.mother_a.refresh_from_db()
    daughter.refresh_from_db()
    assert (world.mother_a.merged_into_id, world.mother_a.nik) == (None, "6474015505950001")
    assert (daughter.merged_into_id, daughter.nik, daughter.mother_id) == (None, None, world.mother_a.pk)
    assert world.pregnancy_a.__class__.objects.get(pk=world.pregnancy_a.pk).mother_id == world.mother_a.pk
    assert AuditEvent.objects.filter(verb__startswith="merge").count() == 0


@pytest.mark.parametrize(
    ("copy_fields", "message"),
    [
        (
            {"nik": "6474010101240001"},
            "Kedua data punya NIK yang berbeda; data dengan NIK berbeda adalah orang yang berbeda.",
        ),
        (
            {"birth_date": datetime.date(2025, 3, 12)},  # Budi was born on 11-05-2025: 60 days earlier
            "Tanggal lahir kedua data berselisih 60 hari; data ganda berselisih kurang dari 60 hari. "
            "Perbaiki tanggal lahir dulu bila memang orang yang sama.",
        ),
        (
            {"birth_date": datetime.date(2024, 5, 11)},
            "Tanggal lahir kedua data berselisih 365 hari; data ganda berselisih kurang dari 60 hari. "
            "Perbaiki tanggal lahir dulu bila memang orang yang sama.",
        ),
    ],
)
def test_merge_page_refuses_what_the_duplicate_rule_would_never_pair(
    world: Any, copy_fields: dict[str, Any], message: str
) -> None:
    world.child_a.nik = "6474012605250001"
    world.child_a.save()
    copy = _copy(world, **copy_fields)
    client = client_for(world.users["kader_a"])
    url = reverse("people:merge", args=[copy.pk])
    assert message in client.get(url, {"dengan": world.child_a.pk}).content.decode()
    response = client.post(
        url, {"other": world.child_a.pk, "client_uuid": "9d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a"}
    )
    assert message in response.content.decode()
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    assert Visit.objects.get(pk=world.visit_a.pk).person_id == world.child_a.pk


def test_merge_takes_a_birth_date_mistyped_by_less_than_the_duplicate_rule_allows(world: Any) -> None:
    copy = _copy(world, birth_date=datetime.date(2025, 3, 13))  # 59 days before Budi's
    merged = actions.merge_people(world.users["kader_a"], world.child_a, copy)
    copy.refresh_from_db()
    assert copy.merged_into_id == merged.pk == world.child_a.pk
    assert merged.birth_date == datetime.date(2025, 5, 11)


def test_merge_refuses_two_visits_of_one_day_at_one_posyandu_instead_of_failing(world: Any) -> None:
    copy = _copy(world)
    visits.record_visit(world.users["admin"], copy, world.visit_a.date, {"weight_kg": Decimal("9.1")})
    message = (
        "Kedua data punya kunjungan pada 10-11-2026 di posyandu atau kampanye yang sama, padahal satu orang "
        "hanya dicatat sekali sehari. Perbaiki salah satu kunjungan dulu."
    )
    with pytest.raises(ValidationError) as refused:
        actions.merge_people(world.users["kader_a"], world.child_a, copy)
    assert refused.value.messages == [message]
    assert Visit.objects.filter(person=copy).count() == 1
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_opposite_merges_from_stale_pages_end_in_one_merge_and_no_lost_visit(world: Any) -> None:
    """Two kader compare the same pair at once and merge in opposite directions. On SQLite the two run one
    after the other; the second holds the records as its page read them (the PostgreSQL test runs both at
    once: test_merge_race.py)."""
    copy = _copy(world)
    copy_visit = visits.record_visit(
        world.users["admin"], copy, datetime.date(2026, 10, 12), {"weight_kg": 9}
    )
    kader = world.users["kader_a"]
    first_page = (Person.objects.get(pk=world.child_a.pk), Person.objects.get(pk=copy.pk))
    second_page = (Person.objects.get(pk=copy.pk), Person.objects.get(pk=world.child_a.pk))
    actions.merge_people(kader, *first_page)
    with pytest.raises(ValidationError) as refused:
        actions.merge_people(kader, *second_page)
    assert refused.value.messages == ["Data ini sudah digabungkan sebelumnya."]
    assert list(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")) == [
        (copy.pk, world.child_a.pk)
    ]
    assert world.child_a in Person.objects.current()
    assert sorted(Visit.objects.values_list("pk", "person_id")) == [
        (world.visit_a.pk, world.child_a.pk),
        (copy_visit.pk, world.child_a.pk),
    ]
    assert AuditEvent.objects.filter(verb="merge_person").count() == 1


def test_merge_refuses_a_record_moved_out_of_the_users_area_since_the_page_was_read(world: Any) -> None:
    copy = _copy(world)
    kader = world.users["kader_a"]
    page = (Person.objects.get(pk=world.child_a.pk), Person.objects.get(pk=copy.pk))
    actions.update_person(world.users["admin"], copy, posyandu=world.posyandu_b)
    with pytest.raises(ValidationError) as refused:
        actions.merge_people(kader, *page)
    assert refused.value.messages == ["Pilih data yang ada di wilayah Anda."]
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
