"""Merging a duplicate from the page: the register's likely duplicates first, search by name or NIK, both
records side by side, then the merge on confirmation."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
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
    return actions.register_person(world.users["admin"], {**fields, "posyandu": world.posyandu_a, **more})


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
        admin, {"name": "Budi Hartono", "sex": "L", "birth_date": born, "posyandu": world.posyandu_a}
    )
    actions.register_person(  # in another kabupaten: never offered to kader_a
        admin, {"name": "Budi Hartono", "sex": "L", "birth_date": born, "posyandu": world.posyandu_b}
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
        {
            "name": "Budi Santoso",
            "sex": "L",
            "birth_date": world.child_a.birth_date,
            "posyandu": world.posyandu_b,
        },
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
