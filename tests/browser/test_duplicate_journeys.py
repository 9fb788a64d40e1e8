"""Duplicates on a 360 × 740 phone: the kader merges a record registered twice (the likely duplicate is
offered first, both records side by side, then the merge), and the register's duplicate warning stands above
the form with its checkbox below."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from people import actions as people
from people.models import Person
from tests.browser.conftest import log_in, shot
from visits import actions as visits
from visits.models import Visit

pytestmark = [pytest.mark.browser]


def test_kader_merges_a_child_registered_twice(phone: Page, live_server: Any, browser_world: Any) -> None:
    world = browser_world
    admin = world.users["admin"]
    copy = people.register_person(
        admin,
        name="Budi Santosa",
        sex="L",
        birth_date=world.child_a.birth_date,
        posyandu=world.posyandu_a,
    )
    weighed = visits.record_visit(admin, copy, datetime.date(2026, 10, 12), {"weight_kg": Decimal("9.4")})
    people.register_person(
        admin,
        name="Budi Hartono",
        sex="L",
        birth_date=datetime.date(2023, 1, 9),
        posyandu=world.posyandu_a,
    )
    log_in(phone, live_server.url, "kader_a")
    phone.goto(f"{live_server.url}/warga/{copy.pk}/")
    phone.get_by_role("link", name="Gabungkan data ganda").click()
    suggested = phone.get_by_test_id("suggested-row")
    expect(suggested).to_have_count(1)
    expect(suggested).to_contain_text("Budi Santoso")
    expect(suggested).to_contain_text("ibu Dewi Lestari")
    # Anyone else is found by name.
    phone.get_by_label("Nama atau NIK").fill("hartono")
    phone.get_by_role("button", name="Cari").click()
    expect(phone.get_by_test_id("search-row")).to_have_text("Budi Hartono · 09-01-2023 · Melati Bandingkan")
    shot(phone, "kader_merge_candidates_360")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    suggested.get_by_role("link", name="Bandingkan").click()
    compare = phone.get_by_test_id("compare")
    expect(compare).to_contain_text("Budi Santosa")
    rows = compare.get_by_test_id("compare-row")
    expect(rows.filter(has_text="Ibu").locator("td")).to_have_text(["—", "Dewi Lestari"])
    expect(rows.filter(has_text="Kunjungan").locator("td")).to_have_text(["1 (12-10-2026)", "1 (10-11-2026)"])
    shot(phone, "kader_merge_compare_360")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Ya, gabungkan ke Budi Santoso").click()
    expect(phone.locator("h1")).to_contain_text("Budi Santoso")
    expect(phone.locator(".messages")).to_contain_text("Data telah digabungkan ke Budi Santoso.")
    copy.refresh_from_db()
    assert copy.merged_into_id == world.child_a.pk
    assert Visit.objects.get(pk=weighed.pk).person_id == world.child_a.pk


def test_kader_undoes_a_merge_from_the_merged_record(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    admin = world.users["admin"]
    copy = people.register_person(
        admin,
        name="Budi Santosa",
        sex="L",
        birth_date=world.child_a.birth_date,
        posyandu=world.posyandu_a,
    )
    weighed = visits.record_visit(admin, copy, datetime.date(2026, 10, 12), {"weight_kg": Decimal("9.4")})
    people.merge_people(world.users["kader_a"], world.child_a, copy)
    log_in(phone, live_server.url, "kader_a")
    phone.goto(f"{live_server.url}/warga/{copy.pk}/")
    phone.get_by_test_id("unmerge").click()
    expect(phone.get_by_test_id("unmerge-moved")).to_have_text("Kunjungan: 1")
    shot(phone, "kader_unmerge_360")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Ya, batalkan penggabungan").click()
    expect(phone.locator(".messages")).to_contain_text("Penggabungan Budi Santosa telah dibatalkan.")
    expect(phone.get_by_role("link", name="Gabungkan data ganda")).to_be_visible()
    copy.refresh_from_db()
    assert copy.merged_into_id is None
    assert Visit.objects.get(pk=weighed.pk).person_id == copy.pk


def test_duplicate_warning_is_read_first_and_its_checkbox_below(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    log_in(phone, live_server.url, "kader_a")
    phone.goto(f"{live_server.url}/warga/baru/")
    expect(phone.locator("#id_confirm_new")).to_have_count(0)
    phone.get_by_label("Nama lengkap").fill("Budi Santosa")
    phone.get_by_label("Jenis kelamin").select_option("L")
    phone.get_by_label("Tanggal lahir").fill(f"{world.child_a.birth_date:%Y-%m-%d}")
    phone.get_by_role("button", name="Simpan").click()
    warning = phone.get_by_test_id("duplicates")
    expect(warning).to_contain_text("Budi Santoso")
    expect(warning).to_be_in_viewport()  # the first thing seen after saving, not below the form
    checkbox = phone.get_by_label("Saya sudah memeriksa: ini orang yang berbeda")
    warning_box, name_box, checkbox_box = (
        warning.bounding_box(),
        phone.get_by_label("Nama lengkap").bounding_box(),
        checkbox.bounding_box(),
    )
    assert warning_box and name_box and checkbox_box
    assert warning_box["y"] < name_box["y"] < checkbox_box["y"]  # "centang … di bawah" points below
    shot(phone, "kader_duplicate_warning_360")
    assert Person.objects.filter(name="Budi Santosa").count() == 0
    checkbox.check()
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator(".messages")).to_contain_text("Budi Santosa telah didaftarkan.")
    assert Person.objects.filter(name="Budi Santosa", birth_date=world.child_a.birth_date).count() == 1
