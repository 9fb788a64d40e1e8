"""The public page as a villager opens a shared link on a 360-px phone, without a login: it fits the
screen, a figure's "Bagikan" gives the card and a short link that opens the same page, and a kabupaten's
website can frame the embed its snippet names (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser]


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_shared_public_page_fits_a_phone_and_shares_its_card(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    base = live_server.url
    phone.goto(f"{base}/publik/")
    phone.get_by_role("link", name="Kalimantan Timur").click()
    phone.get_by_test_id("area-table").get_by_role("link", name="Kota Bontang").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Kota Bontang")
    expect(phone.get_by_test_id("area-table")).to_be_visible()
    assert fits(phone)
    shot(phone, "public_region_360")

    # "Bagikan" beside D/S: the card (a 1200×630 PNG shown at half size) and its short link.
    phone.locator("[data-share=ds]").click()
    card = phone.get_by_test_id("share-card")
    expect(card).to_be_visible()
    phone.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=card.element_handle())
    assert phone.evaluate("(img) => img.naturalWidth", card.element_handle()) == 1200
    assert fits(phone)
    shot(phone, "public_share_360")
    short = phone.get_by_test_id("short-link").input_value()
    assert "/p?d64.74" in short

    # The short link opens the public page of the same region.
    phone.goto(short)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Kota Bontang")

    # The embed snippet's page, framed by another site.
    phone.get_by_test_id("embed-tren").locator("summary").click()
    code = phone.locator("#embed-code-tren").input_value()
    assert code.startswith("<iframe src=")
    phone.set_content("<h1>Situs Pemkot</h1>" + code)
    frame = phone.frame_locator("iframe")
    expect(frame.locator("table").first).to_be_visible()
    assert fits(phone)
