"""A kader on a 360 × 740 phone edits a mother's record without seeing her NIK in full, then reveals it with
the "tampilkan" button: the one place the full number is shown, and every reveal is logged (issue 11: 1)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from audit.models import AuditEvent
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def test_kader_edits_a_record_without_the_full_nik_and_reveals_it_logged(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    mother = browser_world.mother_a
    log_in(phone, live_server.url, "kader_a")
    phone.goto(f"{live_server.url}/warga/{mother.pk}/")
    expect(phone.locator("#nik")).to_contain_text("6474********0001")
    phone.get_by_role("link", name="Ubah data").click()
    nik = phone.get_by_label("NIK")
    expect(nik).to_have_value("")
    note = "NIK tersimpan: 6474********0001 — kosongkan bila tidak diubah."
    expect(phone.get_by_text(note)).to_be_visible()
    assert "6474015505950001" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "person_edit_nik_masked_360")
    phone.get_by_label("Nomor HP").fill("081234567801")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator(".messages")).to_contain_text("Data Dewi Lestari telah disimpan.")
    mother.refresh_from_db()
    assert (mother.nik, mother.phone) == ("6474015505950001", "081234567801")

    phone.goto(f"{live_server.url}/warga/{mother.pk}/riwayat/")
    expect(phone.get_by_text("phone: — → ********801")).to_be_visible()
    assert "081234567801" not in phone.content() and "6474015505950001" not in phone.content()

    phone.goto(f"{live_server.url}/warga/{mother.pk}/")
    phone.locator("#nik").get_by_role("button", name="tampilkan").click()
    expect(phone.locator("#nik")).to_have_text("6474015505950001")
    shot(phone, "person_nik_revealed_360")
    event = AuditEvent.objects.get(verb="view_nik")
    assert (event.actor_name, event.object_key) == ("kader_a", f"people.person:{mother.pk}")
