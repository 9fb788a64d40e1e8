"""An impossible weight on a 360 × 740 phone: "76" typed for a child of 7,6 kg is refused next to the field
with the value meant; a gain of 3.5 kg in a month is stored held ("Perlu dicek ulang") on the result screen,
and the kader confirms it after weighing again."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from people import actions as people
from tests.browser.conftest import log_in, shot
from visits import actions as visits
from visits.models import CheckStatus, Visit

pytestmark = [pytest.mark.browser]


def test_kader_is_refused_76_and_confirms_a_held_gain(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    admin = world.users["admin"]
    adi = people.register_person(
        admin,
        name="Adi Wijaya",
        sex="L",
        birth_date=datetime.date(2024, 11, 1),
        household=world.household_a,
    )
    visits.record_visit(admin, adi, datetime.date(2026, 10, 10), {"weight_kg": Decimal("7.50")})
    base = live_server.url
    log_in(phone, base, "kader_a")
    phone.goto(f"{base}/layanan/hari-buka/{world.day_a.pk}/")
    phone.get_by_label("Cari nama atau NIK").fill("Adi W")
    phone.locator(".visitor", has_text="Adi Wijaya").get_by_role("link", name="Layani").click()

    phone.locator("#id_weight_kg").fill("76")
    phone.get_by_role("button", name="Simpan dan lihat hasil").click()
    error = phone.locator(".field-error", has=phone.locator("#id_weight_kg")).locator(".errorlist")
    expect(error).to_contain_text("Berat badan 76 kg tidak mungkin untuk anak umur 24 bulan")
    expect(error).to_contain_text("Maksud Anda 7,6 kg?")
    shot(phone, "visit_refused_76_360")
    assert not Visit.objects.filter(person=adi, date=world.day_a.date).exists()

    phone.locator("#id_weight_kg").fill("11,0")  # +3.5 kg since October
    phone.get_by_role("button", name="Simpan dan lihat hasil").click()
    held = phone.get_by_test_id("held")
    expect(held).to_contain_text("Perlu dicek ulang")
    expect(held).to_contain_text("kenaikan berat badan sebulan tidak wajar")
    expect(held).to_contain_text("7,5 → 11 kg (+3,5 kg > 3 kg)")
    box = held.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360  # fits the phone
    shot(phone, "visit_held_result_360")
    visit = Visit.objects.get(person=adi, date=world.day_a.date)
    assert visit.check_status == CheckStatus.HELD

    held.get_by_role("button", name="Nilai sudah benar, hitung").click()
    expect(phone.get_by_test_id("confirmed")).to_be_visible()
    visit.refresh_from_db()
    assert visit.check_status == CheckStatus.CONFIRMED
