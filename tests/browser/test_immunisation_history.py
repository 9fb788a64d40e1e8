"""A kader on a 360 × 740 phone copies a child's past immunisations from the Buku KIA: several doses with
their dates in one form, a wrong date refused next to its dose, then the doses on the child's page and the
follow-up list offering only what is still due."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import TODAY
from tests.browser.conftest import log_in, shot
from visits.models import Immunisation

pytestmark = [pytest.mark.browser]


def test_kader_enters_past_doses_from_the_buku_kia(phone: Page, live_server: Any, browser_world: Any) -> None:
    world = browser_world
    budi = world.child_a  # 18 months, nothing recorded yet
    base = live_server.url
    log_in(phone, base, "kader_a")
    phone.goto(f"{base}/warga/{budi.pk}/")
    phone.get_by_role("link", name="Riwayat imunisasi (Buku KIA)").click()
    expect(phone.locator("h1")).to_have_text("Riwayat imunisasi")

    history = {
        "hb0": "2025-05-11",
        "bcg": "2025-06-14",
        "opv1": "2025-06-14",
        "dpt1": "2025-07-12",
        "opv2": "2025-07-12",
        "pcv1": "2025-07-12",
        "rv1": "2025-07-12",
    }
    for code, value in history.items():
        phone.locator(f"#id_{code}").fill(value)
    phone.locator("#id_dpt2").fill("2025-07-01")  # copied wrongly: before dose 1
    phone.get_by_role("button", name="Simpan riwayat imunisasi").click()
    expect(phone.locator(".field-error")).to_contain_text(
        "DPT-HB-Hib 2 harus sesudah DPT-HB-Hib 1 (12-07-2025)."
    )
    assert not Immunisation.objects.filter(person=budi).exists()
    shot(phone, "immunisation_history_error_360")

    phone.locator("#id_dpt2").fill("2025-08-09")
    phone.locator(".dose-field", has_text="Campak-Rubela (MR) 1").get_by_role(
        "button", name="Hari ini"
    ).click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Simpan riwayat imunisasi").click()
    expect(phone.locator(".messages")).to_contain_text("9 imunisasi dicatat.")
    expect(phone.locator(".dose-list")).to_contain_text("diberikan 09-08-2025")
    shot(phone, "immunisation_history_saved_360")
    stored = dict(Immunisation.objects.filter(person=budi).values_list("vaccine", "date"))
    assert stored == {
        **{code: datetime.date.fromisoformat(value) for code, value in history.items()},
        "dpt2": datetime.date(2025, 8, 9),
        "mr1": TODAY,
    }

    # The follow-up list offers Budi only what he may still get: no HB-0 or rotavirus, MR1 done today.
    phone.goto(f"{base}/layanan/posyandu/{world.posyandu_a.pk}/daftar/?daftar=imunisasi&bulan=2026-11")
    row = phone.locator("tr", has_text="Budi Santoso")
    expect(row).to_contain_text("DPT-HB-Hib 3 (terlambat)")
    expect(row).not_to_contain_text("HB-0")
    expect(row).not_to_contain_text("Rotavirus")
    expect(row).not_to_contain_text("Campak-Rubela (MR) 1")
