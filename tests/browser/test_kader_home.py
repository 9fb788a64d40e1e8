"""Point 5 of issue 10: on a 360 × 740 phone every page a kader uses on the posyandu day is at most two taps
from her home page, which opens on her posyandu's day. Each journey starts at home and counts its clicks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, shot
from visits.models import OpeningDay

pytestmark = [pytest.mark.browser]


class Taps:
    """Clicks from the home page; typing in a search box is no tap."""

    def __init__(self, page: Page, home: str) -> None:
        self.page, self.home, self.count = page, home, 0

    def start(self) -> Taps:
        self.page.goto(self.home)
        self.count = 0
        return self

    def click(self, locator: Any) -> None:
        locator.click()
        self.count += 1


def test_every_posyandu_day_page_is_two_taps_from_the_kader_home(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    base = live_server.url
    log_in(phone, base, "kader_a")
    # Home opens on Melati's day: none today, the next on 10 December, and a one-tap button to open today.
    expect(phone.get_by_test_id("kader-home-posyandu")).to_have_text("Melati")
    expect(phone.get_by_test_id("kader-day")).to_contain_text("Hari buka berikutnya: Kamis, 10-12-2026")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "kader_home_before_open_360")

    # The last day opened, to finish its entries: its visitors show what was found, in words, not codes.
    taps = Taps(phone, f"{base}/").start()
    taps.click(phone.get_by_role("link", name="Pengunjung hari buka terakhir (10-11-2026)"))
    visitors = phone.get_by_test_id("visitor-list")
    expect(visitors).to_contain_text("Budi Santoso")
    expect(visitors).to_contain_text("Sangat pendek")
    expect(visitors).not_to_contain_text("lhfa_severely_stunted")
    assert taps.count == 1

    taps.start()
    taps.click(phone.get_by_role("button", name="Buka hari ini"))
    expect(phone.locator("h1")).to_have_text("Melati · 25-11-2026")
    assert taps.count == 1
    day = OpeningDay.objects.get(posyandu=world.posyandu_a, date="2026-11-25")

    taps.start()
    expect(phone.get_by_test_id("kader-day")).to_contain_text("Hari buka hari ini, Rabu, 25-11-2026")
    shot(phone, "kader_home_open_day_360")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    def serve() -> None:
        taps.click(phone.get_by_role("link", name="Cari dan layani pengunjung"))
        phone.get_by_label("Cari nama atau NIK").fill("Budi")
        taps.click(phone.locator(".visitor", has_text="Budi Santoso").get_by_role("link", name="Layani"))
        expect(phone.locator("h1")).to_have_text("Budi Santoso")
        assert f"/layanan/hari-buka/{day.pk}/layani/" in phone.url

    def register() -> None:
        taps.click(phone.get_by_role("link", name="Daftarkan pengunjung baru"))
        expect(phone.locator("h1")).to_contain_text("Daftarkan warga")
        assert f"hari_buka={day.pk}" in phone.url

    def visitor_list() -> None:
        taps.click(phone.get_by_role("link", name="Daftar pengunjung hari ini (0)"))
        expect(phone.get_by_test_id("visitor-list")).to_contain_text("0 pengunjung tercatat")

    def followup(kind: str) -> Callable[[], None]:
        def run() -> None:
            taps.click(phone.get_by_role("link", name="Daftar tindak lanjut November 2026"))
            taps.click(phone.get_by_test_id("followup-kinds").get_by_role("link", name=kind))
            expect(phone.locator("h2").first).to_contain_text(kind)

        return run

    def referral() -> None:
        taps.click(phone.get_by_role("link", name="Rujukan: 1 belum selesai"))
        taps.click(phone.get_by_role("link", name="Budi Santoso"))
        expect(phone.locator("h1")).to_contain_text("Budi Santoso")
        assert f"/layanan/rujukan/{world.referral_a.pk}/" in phone.url

    def kms() -> None:
        phone.get_by_label("Cari nama anak balita").fill("Budi")
        taps.click(phone.get_by_test_id("kms-result").get_by_role("link", name="KMS"))
        expect(phone.locator("h1")).to_have_text("Grafik pertumbuhan (KMS)")
        assert f"/warga/{world.child_a.pk}/grafik/" in phone.url

    journeys: list[tuple[str, Callable[[], None]]] = [
        ("serve", serve),
        ("register", register),
        ("visitor_list", visitor_list),
        *[
            (f"followup_{i}", followup(kind))
            for i, kind in enumerate(
                [
                    "Balita belum ditimbang",
                    "Imunisasi jatuh tempo dan terlambat",
                    "Sasaran vitamin A",
                    "Ibu hamil perlu diperiksa",
                ]
            )
        ],
        ("referral", referral),
        ("kms", kms),
    ]
    for name, journey in journeys:
        taps.start()
        journey()
        assert taps.count <= 2, name
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, name
    shot(phone, "kader_kms_from_home_360")
