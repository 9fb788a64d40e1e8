"""Main journeys of the foundation in a real browser: who sees which posyandu, and an officer registering a
posyandu and a kader on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from posyandu.models import Kader, Posyandu
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def test_kader_sees_only_their_posyandu(phone: Page, live_server: Any, browser_world: Any) -> None:
    log_in(phone, live_server.url, "kader_a")
    phone.goto(f"{live_server.url}/?ringkasan=1")
    expect(phone.get_by_test_id("posyandu-count")).to_have_text("1")
    phone.goto(f"{live_server.url}/posyandu/")
    expect(phone.get_by_test_id("posyandu-row")).to_have_count(1)
    expect(phone.get_by_test_id("posyandu-row")).to_contain_text("Melati")
    shot(phone, "kader_posyandu_list_360")
    for other in (browser_world.posyandu_a2, browser_world.posyandu_b):
        response = phone.goto(f"{live_server.url}/posyandu/{other.pk}/")
        assert response is not None and response.status == 404
    # The page fits the phone: nothing forces sideways scrolling of the whole page.
    phone.goto(f"{live_server.url}/posyandu/{browser_world.posyandu_a.pk}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shot(phone, "kader_posyandu_detail_360")


def test_kabupaten_officer_sees_the_whole_kabupaten_and_nothing_else(
    desktop: Page, live_server: Any, browser_world: Any
) -> None:
    log_in(desktop, live_server.url, "kabupaten")
    desktop.goto(f"{live_server.url}/posyandu/")
    rows = desktop.get_by_test_id("posyandu-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Melati")
    expect(rows.nth(1)).to_contain_text("Mawar")
    expect(desktop.locator("#results")).not_to_contain_text("Anggrek")
    # The live search narrows the list without reloading the page (htmx).
    desktop.get_by_label("Cari nama atau kode").fill("maw")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mawar")
    shot(desktop, "kabupaten_posyandu_search")
    response = desktop.goto(f"{live_server.url}/posyandu/{browser_world.posyandu_b.pk}/")
    assert response is not None and response.status == 404
    response = desktop.goto(f"{live_server.url}/wilayah/64.07/")
    assert response is not None and response.status == 404
    desktop.goto(f"{live_server.url}/wilayah/64.74/")
    expect(desktop.get_by_test_id("child-row")).to_have_count(3)  # the three kecamatan of Bontang
    shot(desktop, "kabupaten_region_page")


def test_officer_registers_a_posyandu_and_a_kader(phone: Page, live_server: Any, browser_world: Any) -> None:
    world = browser_world
    log_in(phone, live_server.url, "kecamatan")
    phone.goto(f"{live_server.url}/posyandu/")
    phone.get_by_role("link", name="+ Daftarkan posyandu").click()
    phone.get_by_label("Kode posyandu").fill("PA7")
    phone.get_by_label("Nama").fill("Dahlia")
    phone.get_by_label("Desa/kelurahan").select_option(world.desa_a2.code)
    phone.get_by_label("Alamat").fill("Jl. Dahlia 7")
    phone.get_by_label("Tanggal buka tiap bulan").fill("15")
    phone.get_by_label("Lintang").fill("0,1321")  # Indonesian decimal comma
    phone.get_by_label("Bujur").fill("117,4801")
    shot(phone, "officer_posyandu_form_360")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator("h1")).to_contain_text("Posyandu Dahlia")
    expect(phone.locator(".messages")).to_contain_text("Posyandu Dahlia telah didaftarkan.")
    created = Posyandu.objects.get(code="PA7")
    assert (created.desa_id, created.opening_day, str(created.latitude)) == (
        world.desa_a2.code,
        15,
        "0.132100",
    )
    shot(phone, "officer_posyandu_created_360")

    phone.get_by_role("link", name="+ Kader").click()
    phone.get_by_label("Nama lengkap").fill("Rina Kurniasih")
    phone.get_by_label("NIK").fill("6474015907880004")  # day 59 = 19th, a woman
    phone.get_by_label("Jenis kelamin").select_option("P")
    phone.get_by_label("Tanggal lahir").fill("1988-07-19")
    phone.get_by_label("Desa/kelurahan domisili").select_option(world.desa_a2.code)
    phone.get_by_label("Posyandu").select_option(label=f"Dahlia — {world.desa_a2.name}")
    phone.get_by_label("Jabatan").select_option("ketua")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator("h1")).to_contain_text("Rina Kurniasih")
    expect(phone.locator("#nik")).to_contain_text("6474********0004")
    kader = Kader.objects.get(nik="6474015907880004")
    assert kader.memberships.get().posyandu == created
    shot(phone, "officer_kader_created_360")


def test_language_switch_to_english(desktop: Page, live_server: Any, browser_world: Any) -> None:
    log_in(desktop, live_server.url, "kabupaten")
    expect(desktop.locator("html")).to_have_attribute("lang", "id")
    desktop.get_by_role("button", name="English").click()
    expect(desktop.locator("html")).to_have_attribute("lang", "en")
    expect(desktop.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
    shot(desktop, "home_english")
