"""The monthly report chain on a 360 × 740 phone: the kader of Posyandu Melati sends November's report, the
bidan of the kelurahan verifies it, and the kecamatan officer sees the area's completeness and timeliness
with the posyandu still to report."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from monthly.models import MonthlyReport
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username)


def open_menu(page: Page, link: str) -> None:
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name=link).click()


def test_kader_sends_bidan_verifies_officer_sees_completeness(
    phone: Page, live_server: Any, browser_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sent on the frozen "today" (25 November, before the 5 December deadline), whatever the real clock says.
    sent = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: sent)
    world = browser_world
    base = live_server.url
    log_in(phone, base, "kader_a")
    open_menu(phone, "Laporan bulanan")
    expect(phone.locator("h1")).to_have_text("Laporan bulan Oktober 2026")
    phone.get_by_test_id("months").get_by_role("link", name="Nov 2026").click()
    expect(phone.locator("h1")).to_have_text("Laporan bulan November 2026")
    expect(phone.get_by_test_id("skdn-d")).to_have_text("1")
    expect(phone.get_by_test_id("report-status")).to_have_text("Belum dikirim")
    phone.get_by_label("Jumlah kader hadir").fill("6")
    phone.get_by_label("Sasaran yang menerima PMT").fill("12")
    phone.get_by_label("Topik penyuluhan").fill("MP-ASI bergizi seimbang")
    phone.get_by_label("Catatan").fill("Budi dirujuk ke puskesmas.")
    fits_the_phone(phone)
    shot(phone, "monthly_report_form_360")
    phone.get_by_role("button", name="Kirim ke bidan").click()
    expect(phone.get_by_test_id("report-status")).to_have_text("Dikirim, menunggu verifikasi")
    expect(phone.get_by_test_id("locked")).to_be_visible()
    expect(phone.get_by_test_id("report-note")).to_have_text("Budi dirujuk ke puskesmas.")
    fits_the_phone(phone)
    report = MonthlyReport.objects.get(posyandu=world.posyandu_a, month=datetime.date(2026, 11, 1))
    assert (report.status, report.kader_present, report.pmt_recipients, report.figures["skdn"]["d"]) == (
        "submitted",
        6,
        12,
        1,
    )

    switch_user(phone, base, "bidan_a")
    open_menu(phone, "Verifikasi laporan bulanan")
    waiting = phone.get_by_test_id("waiting-row")
    expect(waiting).to_have_count(1)
    fits_the_phone(phone)
    waiting.get_by_role("link").click()
    expect(phone.locator("h1")).to_have_text("Laporan bulan November 2026")
    phone.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(phone.get_by_test_id("report-status")).to_have_text("Terverifikasi")
    fits_the_phone(phone)
    shot(phone, "monthly_report_verified_360")
    report.refresh_from_db()
    assert (report.status, report.verified_by) == ("verified", world.users["bidan_a"])

    switch_user(phone, base, "kecamatan")
    open_menu(phone, "Kelengkapan laporan bulanan")
    phone.get_by_label("Bulan").select_option("2026-11")
    phone.get_by_role("button", name="Tampilkan").click()
    expect(phone.get_by_test_id("reported")).to_have_text("1 / 2")
    expect(phone.get_by_test_id("on-time")).to_have_text("50,0 %")
    expect(phone.get_by_test_id("verified")).to_have_text("1 / 2")
    missing = phone.get_by_test_id("late-row")
    expect(missing).to_have_count(1)
    expect(missing).to_contain_text("Posyandu Mawar")
    expect(missing).to_contain_text("belum jatuh tempo")
    fits_the_phone(phone)
    shot(phone, "monthly_completeness_360")
    phone.goto(f"{base}/laporan/skdn/?bulan=2026-11")
    expect(phone.get_by_test_id("finality")).to_have_text("Sementara")
