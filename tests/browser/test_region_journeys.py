"""An officer moving between regions: the link up to the region above and the map of a desa."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def test_up_link_goes_to_the_region_above_within_the_scope(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    """A kabupaten officer's own kota has no region above it that they may see: no link that does nothing.
    From a kecamatan the link opens the kota's dashboard."""
    log_in(phone, live_server.url, "kabupaten")
    expect(phone.get_by_test_id("dashboard-area")).to_have_text("Kota Bontang")
    expect(phone.get_by_role("link", name="↑ Wilayah di atasnya")).to_have_count(0)
    phone.goto(f"{live_server.url}/?wilayah=64.74.01")
    expect(phone.get_by_test_id("dashboard-area")).to_have_text("Kecamatan Bontang Utara")
    shot(phone, "kabupaten_dashboard_kecamatan_up_link")
    phone.get_by_role("link", name="↑ Wilayah di atasnya").click()
    expect(phone.get_by_test_id("dashboard-area")).to_have_text("Kota Bontang")
    assert phone.url == f"{live_server.url}/?wilayah=64.74"
