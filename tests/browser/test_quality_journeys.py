"""An officer following the data-quality ranking to the measurements that need checking again."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, shot
from visits.actions import record_visit

pytestmark = [pytest.mark.browser]


def test_flagged_count_opens_the_flagged_measurements(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    # Budi is 18 months old: 55 cm is beyond what WHO deems plausible, so the visit is flagged.
    flagged = record_visit(
        world.users["admin"],
        world.child_a,
        datetime.date(2026, 11, 20),
        {"weight_kg": Decimal("9.0"), "length_height_cm": Decimal("55.0"), "position": "l"},
    )
    assert flagged.needs_remeasure
    log_in(phone, live_server.url, "kecamatan")
    phone.goto(f"{live_server.url}/laporan/kualitas-data/?wilayah=64.74.01&bulan=2026-11")
    link = phone.get_by_test_id("flagged-link")
    expect(link).to_have_text("1 pengukuran")
    shot(phone, "quality_flagged_link_360")
    link.click()
    expect(phone.locator("h1")).to_have_text("Pengukuran dengan z-score tidak wajar (perlu dicek ulang)")
    expect(phone.get_by_test_id("child-row")).to_have_count(1)
    expect(phone.get_by_test_id("child-row")).to_contain_text("Budi Santoso")
    expect(phone.get_by_test_id("child-row")).to_contain_text("20-11-2026")
    shot(phone, "quality_flagged_list_360")
