"""An officer moving between regions: the link up to the region above and the map of a desa."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from posyandu.actions import register_posyandu, update_posyandu
from regions.actions import import_boundaries
from regions.models import RegionBoundary
from tests.browser.conftest import log_in, shot

GEO = Path(__file__).resolve().parents[2] / "data" / "geo"

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
    assert phone.url == f"{live_server.url}/?wilayah=64.74&bulan=2026-10"  # the month chosen is kept


def test_desa_map_shows_the_desa_and_its_posyandu(phone: Page, live_server: Any, browser_world: Any) -> None:
    """A desa has no regions below it: its map shows the desa's own shape filled and its posyandu as points,
    not an empty outline; without the desa's boundary it shows the kecamatan's with a note."""
    world = browser_world
    admin = world.users["admin"]
    import_boundaries(admin, GEO / "desa_64.74.geojson")
    import_boundaries(admin, GEO / "kecamatan.geojson")
    kenanga = register_posyandu(
        admin,
        code="PA9",
        name='Kenanga <b id="injected">baru</b>',
        desa=world.desa_a,
        opening_day=12,
        spm_fields=["kesehatan"],
        latitude=Decimal("0.1300"),
        longitude=Decimal("117.5100"),
    )
    log_in(phone, live_server.url, "kecamatan")
    phone.goto(f"{live_server.url}/wilayah/{world.desa_a.code}/")
    expect(phone.locator("#map")).to_have_attribute("data-ready", "1")
    shapes = phone.locator("#map path.region-shape")
    expect(shapes).to_have_count(1)
    assert shapes.first.get_attribute("fill") not in (None, "none")
    expect(phone.locator("#map path.posyandu-point")).to_have_count(1)  # Kenanga; Melati has no coordinates
    expect(phone.get_by_test_id("map-note")).to_have_text(["1 posyandu belum punya titik koordinat."])
    shot(phone, "desa_map_360")
    phone.locator("#map path.posyandu-point").hover()
    expect(phone.locator(".leaflet-tooltip")).to_have_text('Posyandu Kenanga <b id="injected">baru</b>')
    expect(phone.locator("#injected")).to_have_count(0)
    # A desa whose own boundary is missing shows its kecamatan's, and says so.
    RegionBoundary.objects.filter(region=world.desa_a).delete()
    phone.goto(f"{live_server.url}/wilayah/{world.desa_a.code}/")
    expect(phone.locator("#map")).to_have_attribute("data-ready", "1")
    expect(phone.locator("#map path.region-shape")).to_have_count(1)
    expect(phone.get_by_test_id("map-note")).to_have_text(
        [
            "Batas desa/kelurahan ini belum dimuat; peta menunjukkan batas Kecamatan Bontang Utara.",
            "1 posyandu belum punya titik koordinat.",
        ]
    )
    shot(phone, "desa_map_kecamatan_fallback_360")
    # Nothing to draw: a message, never an empty box.
    RegionBoundary.objects.all().delete()
    update_posyandu(admin, kenanga, latitude=None, longitude=None)
    phone.goto(f"{live_server.url}/wilayah/{world.desa_a.code}/")
    expect(phone.locator("#map")).to_have_count(0)
    expect(phone.get_by_text("Batas wilayah belum dimuat; peta tidak tersedia.")).to_be_visible()
