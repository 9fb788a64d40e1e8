"""An officer's campaign journey in a real browser: upload a sheet with some bad rows, read the error report,
import the valid rows, see coverage and prevalence update, drill down from a stunting percentage to the
children, and download the SKDN Excel. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from campaigns.models import ImportJob
from campaigns.tests.conftest import BAD, GOOD, csv_bytes, row
from tests.browser.conftest import SCREENSHOTS, log_in, shot
from visits.models import Visit

pytestmark = [pytest.mark.browser]

# 30 months old and 80 cm standing: clearly stunted (length-for-age below −2 SD).
STUNTED = row(posyandu="PA1", name="Putri Kecil", sex="P", birth_date="01-02-2024", mother_name="Yanti",
              date="14-08-2026", weight_kg="10,1", length_height_cm="80,0", position="Berdiri")  # fmt: skip


def test_officer_imports_a_campaign_and_drills_down(
    desktop: Page, live_server: Any, browser_world: Any, tmp_path: Path
) -> None:
    world = browser_world
    page = desktop
    sheet = tmp_path / "operasi-timbang-agustus.csv"
    sheet.write_bytes(csv_bytes([*GOOD, STUNTED, *BAD]))
    log_in(page, live_server.url, "kabupaten")
    page.goto(f"{live_server.url}/kampanye/")
    page.get_by_role("link", name="Operasi Timbang Kota Bontang").click()
    expect(page.get_by_test_id("coverage-total")).to_contain_text("0,0 %")
    shot(page, "campaign_before_import")

    page.get_by_label("Berkas hasil penimbangan").set_input_files(str(sheet))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Siap diimpor")
    expect(page.get_by_test_id("valid-rows")).to_have_text("4")
    expect(page.get_by_test_id("error-rows")).to_have_text("3")
    issues = page.get_by_test_id("issue-row")
    expect(issues).to_have_count(3)
    expect(issues.nth(0)).to_contain_text("bukan angka")
    expect(issues.nth(1)).to_contain_text("Posyandu dengan kode PB1 tidak ada")
    expect(issues.nth(2)).to_contain_text("di luar periode kegiatan")
    shot(page, "campaign_error_report")
    with page.expect_download() as download_info:
        page.get_by_test_id("errors-xlsx").click()
    report = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    assert [r[0] for r in report.iter_rows(min_row=5, values_only=True)] == [6, 7, 8]
    assert Visit.objects.filter(campaign=world.campaign).count() == 0  # checked, nothing stored yet

    page.get_by_test_id("start-import").click()  # "import the valid rows" is the default choice
    expect(page.get_by_test_id("job-status")).to_have_text("Selesai diimpor")
    expect(page.get_by_test_id("stored-visits")).to_have_text("4")
    assert ImportJob.objects.filter(status="done").count() == 1
    shot(page, "campaign_imported")

    page.get_by_role("link", name="Lihat cakupan dan prevalensi").click()
    # Target: the four imported children and the world's Budi; four measured.
    expect(page.get_by_test_id("coverage-total")).to_contain_text("80,0 %")
    expect(page.get_by_test_id("campaign-stunting")).to_contain_text("n kecil")
    shot(page, "campaign_coverage_after_import")

    page.goto(f"{live_server.url}/laporan/prevalensi/?wilayah=64.74&bulan=2026-08&indikator=stunting")
    expect(page.get_by_test_id("prevalence-total")).to_contain_text("%")
    expect(page.locator("#trend")).to_have_attribute("data-ready", "1")
    shot(page, "prevalence_august")
    page.get_by_test_id("total-cases-link").click()
    expect(page.get_by_test_id("child-row").filter(has_text="Putri Kecil")).to_have_count(1)
    count = int(page.get_by_test_id("children-count").inner_text())
    assert count == page.get_by_test_id("child-row").count() >= 1
    shot(page, "stunting_children")

    page.goto(f"{live_server.url}/laporan/skdn/?wilayah=64.74&bulan=2026-08")
    expect(page.get_by_test_id("skdn-row")).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_test_id("skdn-xlsx").click()
    download = download_info.value
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved = SCREENSHOTS.parent / download.suggested_filename
    download.save_as(saved)
    skdn = list(load_workbook(saved).active.iter_rows(min_row=4, values_only=True))
    assert skdn[0][:4] == ("Wilayah", "S", "K", "D") and skdn[1][3] == 4  # D: the four weighed in August
    shot(page, "skdn_august")


def test_dashboard_numbers_link_to_the_children(phone: Page, live_server: Any, browser_world: Any) -> None:
    from reports.actions import refresh_all_figures

    refresh_all_figures()
    log_in(phone, live_server.url, "kabupaten")
    expect(phone.get_by_test_id("dashboard-area")).to_have_text("Kota Bontang")
    # The dashboard opens on October, the last complete month (nobody weighed then); Budi was measured in
    # November, which is still running: chosen from the month picker and marked as incomplete.
    expect(phone.get_by_label("Bulan")).to_have_value("2026-10")
    expect(phone.get_by_test_id("kpi-stunting")).to_contain_text("– %")
    expect(phone.get_by_test_id("partial-month")).to_have_count(0)
    phone.get_by_label("Bulan").select_option("2026-11")
    phone.get_by_role("button", name="Tampilkan").click()
    expect(phone.get_by_test_id("partial-month")).to_have_text("bulan berjalan, belum lengkap")
    expect(phone.locator("#chart-stunting")).to_have_attribute("data-ready", "1")
    expect(phone.get_by_test_id("kpi-stunting")).to_contain_text("100,0 %")  # Budi, measured this month
    shot(phone, "dashboard_360")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone.get_by_test_id("kpi-stunting").click()
    expect(phone.get_by_test_id("child-row")).to_have_count(1)
    expect(phone.get_by_test_id("child-row")).to_contain_text("Budi Santoso")
    shot(phone, "dashboard_drilldown_360")
