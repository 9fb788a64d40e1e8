from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regions.actions import create_local_unit, import_boundaries, official_regions, sync_regions
from regions.codes import code_is_within, is_region_code, parent_code, within_q
from regions.models import LocalUnit, Region, RegionBoundary

GEO = Path(__file__).resolve().parents[2] / "data" / "geo"


def test_codes() -> None:
    assert is_region_code("64.74.01.1001") and is_region_code("64") and not is_region_code("64.7")
    assert parent_code("64.74.01") == "64.74" and parent_code("64") is None
    assert code_is_within("64.74.01.1001", "64.74") and not code_is_within("64.741", "64.74")


@pytest.mark.django_db
def test_full_official_list_counts_and_idempotent_reload() -> None:
    """Kepmendagri 300.2.2-2138/2025: 38 provinsi, 514 kab/kota, 7,285 kecamatan, 83,762 desa/kelurahan."""
    first = sync_regions(None, official_regions())
    counts = {level: Region.objects.filter(level=level).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert first.created == 91599
    assert Region.objects.filter(kind="kota").count() == 98
    assert Region.objects.filter(kind="kabupaten").count() == 416
    # Re-running renames, never deletes and never duplicates.
    Region.objects.filter(code="64.74").update(name="Kota Lama")
    again = sync_regions(None, official_regions())
    assert (again.created, again.renamed) == (0, 1)
    assert Region.objects.get(code="64.74").name == "Kota Bontang"
    assert Region.objects.count() == 91599


@pytest.mark.django_db
def test_prefix_scope_is_one_range_query_on_the_code_index() -> None:
    sync_regions(None, official_regions("64.74"))
    assert Region.objects.filter(within_q("code", "64.74")).count() == 1 + 3 + 15
    assert (
        Region.objects.filter(within_q("code", "64.74.01")).count() == 1 + 6
    )  # Bontang Utara and its six kelurahan
    with CaptureQueriesContext(connection) as ctx:
        list(Region.objects.filter(within_q("code", "64.74")))
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert ">=" in sql and "<" in sql and "LIKE" not in sql.upper()


@pytest.mark.django_db
def test_boundaries_import_and_map(world: Any) -> None:
    result = import_boundaries(None, GEO / "desa_64.74.geojson")
    assert (result.loaded, result.unknown_codes) == (15, 0)
    import_boundaries(None, GEO / "kecamatan.geojson")
    assert RegionBoundary.objects.filter(within_q("region_id", "64.74")).count() == 15 + 3
    desa = Region.objects.get(code=world.desa_a.code)
    assert desa.latitude is not None and 0 < desa.latitude < 1  # Bontang lies just north of the equator
    client = Client()
    client.force_login(world.users["kabupaten"])
    page = client.get("/wilayah/64.74.01/").content.decode()
    assert 'id="map"' in page and "leaflet.js" in page and world.desa_a.code in page


@pytest.mark.django_db
def test_region_page_works_without_boundaries(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kabupaten"])
    response = client.get("/wilayah/64.74.01/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="map"' not in page and "Batas wilayah belum dimuat" in page
    rows = [r for r in response.context["rows"] if r["region"].code == world.desa_a.code]
    assert rows[0]["posyandu"] == 1 and rows[0]["kader"] == 1


def test_bad_geojson_is_refused(tmp_path: Path, db: Any) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(ValidationError):
        import_boundaries(None, bad)
    assert RegionBoundary.objects.count() == 0


@pytest.mark.django_db
def test_local_units_nest_below_the_desa(world: Any) -> None:
    admin = world.users["admin"]
    rw = world.unit_a
    rt = create_local_unit(admin, world.desa_a, "rt", "003", rw)
    wisma = create_local_unit(admin, world.desa_a, "dasa_wisma", "Melati", rt)
    assert wisma.label == "RW 01 / RT 003 / Dasa wisma Melati"
    with pytest.raises(ValidationError):
        create_local_unit(admin, world.desa_a, "dasa_wisma", "Mawar", rw)  # a dasa wisma sits under a RT
    with pytest.raises(ValidationError):
        create_local_unit(admin, world.desa_a.parent, "rw", "02", None)  # not under a kecamatan
    with pytest.raises(ValidationError):
        create_local_unit(admin, world.desa_a2, "rt", "001", rw)  # parent from another desa
    assert LocalUnit.objects.count() == 4  # RW 01 and RT 03 of the world, and the two made here


@pytest.mark.django_db
def test_unit_created_from_the_desa_page(world: Any) -> None:
    client = Client()
    client.force_login(world.users["desa_a"])
    url = f"/wilayah/{world.desa_a.code}/satuan/baru/"
    response = client.post(url, {"kind": "rt", "name": "005", "parent": world.unit_a.pk})
    assert response.status_code == 302
    assert (
        LocalUnit.objects.filter(desa=world.desa_a, kind="rt", name="005", parent=world.unit_a).count() == 1
    )
    # A RT straight under the desa is refused with a message and nothing is stored.
    client.post(url, {"kind": "rt", "name": "006"})
    assert not LocalUnit.objects.filter(name="006").exists()


@pytest.mark.django_db
def test_region_menus_name_a_kota_once(world: Any) -> None:
    """Kabupaten and kota names carry their kind ("Kota Bontang"): menus built from regions must not prefix it
    again ("Kota Kota Bontang"), while a kecamatan or desa keeps its kind in front of its name."""
    assert str(Region.objects.get(code="64.74")) == "Kota Bontang"
    assert str(Region.objects.get(code="64.07")) == "Kabupaten Kutai Barat"
    assert str(world.desa_a.parent) == "Kecamatan Bontang Utara"
    client = Client()
    client.force_login(world.users["kabupaten"])
    page = client.get(f"/pokjanal/tim/{world.pokjanal.body_kab.pk}/aksi/baru/").content.decode()
    assert '<option value="64.74">Kota Bontang</option>' in page
    assert '<option value="64.74.01">Kecamatan Bontang Utara</option>' in page
    assert "Kota Kota" not in page
