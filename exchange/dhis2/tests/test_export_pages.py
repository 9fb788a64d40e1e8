"""The DHIS2 export through its pages: an administrator maps indicators and areas from CSV files, an officer
downloads a month's figures as JSON and ADX, both valid, holding exactly the report's counts of the mapped
units and indicators; the rest is named as warnings; an area outside the officer's scope is a 404."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from exchange.dhis2.formats import ADX_NAMESPACE
from exchange.dhis2.indicators import INDICATOR_KEYS
from exchange.dhis2.models import DataElementMapping, ExportSettings, OrgUnitMapping
from exchange.dhis2.tests.checks import adx_schema, check_data_value_set
from reports import actions as report_actions
from reports.models import MonthlyFigures
from reports.tests.conftest import build_month

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)
OCT = datetime.date(2026, 10, 1)
EXPORT = reverse("dhis2:export")
DOWNLOAD = reverse("dhis2:download")
MAPPING = reverse("dhis2:mapping")
UPLOAD = reverse("dhis2:upload_mapping")

# A mapping file as a receiver's administrator would write it in a spreadsheet: a byte order mark,
# semicolons, headers in another case, a category option combo on one line, one indicator left out.
ELEMENTS_CSV = (
    "\ufeffIndikator;Data Element;categoryOptionCombo\n"
    "skdn_s;PSY_S;\n"
    "skdn_k;PSY_K;\n"
    "skdn_d;PSY_D;\n"
    "skdn_n;PSY_N;\n"
    "skdn_t;PSY_T;\n"
    "skdn_o;PSY_O;\n"
    "skdn_b;PSY_B;\n"
    "skdn_bgm;PSY_BGM;\n"
    "skdn_two_t;PSY_2T;\n"
    "stunting_cases;GZ_STUNT;BALITA_0_59\n"
    "stunting_measured;GZ_TBU_DIUKUR;BALITA_0_59\n"
    "wasting_cases;GZ_WAST;\n"
    "wasting_measured;GZ_BBTB_DIUKUR;\n"
    "underweight_cases;GZ_UNDER;\n"
    "underweight_measured;GZ_BBU_DIUKUR;\n"
    "overweight_cases;GZ_OVER;\n"
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, text: str, name: str = "pemetaan.csv") -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")})


@pytest.fixture
def figures(world: Any) -> Any:
    """The hand-counted October at Melati (desa A) and a child weighed at Mawar (desa A2), same kecamatan."""
    from people.actions import register_person
    from visits.actions import record_visit

    build_month(world)
    admin = world.users["admin"]
    lina = register_person(
        admin,
        name="Lina Marlina",
        sex="P",
        birth_date=datetime.date(2025, 6, 1),
        posyandu=world.posyandu_a2,
        has_kia_book=True,
    )
    record_visit(
        admin,
        lina,
        datetime.date(2026, 10, 12),
        {"weight_kg": Decimal("8.1"), "length_height_cm": Decimal("72.0"), "position": "l"},
    )
    report_actions.refresh_all_figures(today=TODAY)
    return world


@pytest.fixture
def mapped(figures: Any) -> Any:
    admin = client_for(figures.users["admin"])
    response = admin.post(MAPPING, {"data_set": "DS_POSYANDU", "id_scheme": "CODE", "level": "desa"})
    assert response.status_code == 302
    assert upload(admin, ELEMENTS_CSV).status_code == 302
    units = (
        f"kode,nama,orgUnit\n{figures.desa_a.code},Desa A,OU_DESA_A\n{figures.desa_b.code},Desa B,OU_DESA_B\n"
    )
    assert upload(admin, units).status_code == 302
    return figures


def expected(desa_code: str, month: datetime.date) -> dict[str, str]:
    """The desa's month straight from the stored figures (not through the report code the export uses)."""
    sums = MonthlyFigures.objects.filter(desa_id=desa_code, month=month).aggregate(
        **{
            name: Sum(name)
            for name in ("s", "k", "d", "n", "t", "o", "b", "bgm", "two_t", "stunted", "haz_n")
        },
        **{name: Sum(name) for name in ("wasted", "whz_n", "underweight", "waz_n", "overweight")},
    )
    by_element = {
        "PSY_S": "s", "PSY_K": "k", "PSY_D": "d", "PSY_N": "n", "PSY_T": "t", "PSY_O": "o", "PSY_B": "b",
        "PSY_BGM": "bgm", "PSY_2T": "two_t", "GZ_STUNT": "stunted", "GZ_TBU_DIUKUR": "haz_n",
        "GZ_WAST": "wasted", "GZ_BBTB_DIUKUR": "whz_n", "GZ_UNDER": "underweight", "GZ_BBU_DIUKUR": "waz_n",
        "GZ_OVER": "overweight",
    }  # fmt: skip
    return {element: str(sums[name] or 0) for element, name in by_element.items()}


def query(world: Any, **extra: str) -> dict[str, str]:
    return {"wilayah": world.desa_a.parent_id, "bulan": "2026-10", **extra}


def test_the_mapping_files_fill_the_mapping_and_are_audited(mapped: Any) -> None:
    elements = {
        m.indicator: (m.data_element, m.category_option_combo) for m in DataElementMapping.objects.all()
    }
    assert len(elements) == len(INDICATOR_KEYS) - 1  # overweight_measured left out
    assert elements["stunting_cases"] == ("GZ_STUNT", "BALITA_0_59")
    assert elements["skdn_s"] == ("PSY_S", "")
    assert set(OrgUnitMapping.objects.values_list("region_id", "org_unit")) == {
        (mapped.desa_a.code, "OU_DESA_A"),
        (mapped.desa_b.code, "OU_DESA_B"),
    }
    imports = AuditEvent.objects.filter(verb="import_dhis2_mapping").order_by("pk")
    assert [len(e.changes["created"]) for e in imports] == [16, 2]
    assert AuditEvent.objects.filter(verb="set_dhis2_settings").count() == 1
    page = client_for(mapped.users["admin"]).get(MAPPING)
    assert "OU_DESA_A" in page.content.decode() and "GZ_STUNT" in page.content.decode()


def test_a_file_with_one_bad_row_changes_nothing(mapped: Any) -> None:
    admin = client_for(mapped.users["admin"])
    before = list(DataElementMapping.objects.values_list("indicator", "data_element").order_by("indicator"))
    response = upload(admin, "indikator,dataElement\nskdn_s,NEW_S\nskdn_x,NEW_X\nskdn_s,AGAIN\n")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Baris 3" in text and "skdn_x" in text  # unknown indicator, by its line
    assert "Baris 4" in text  # the same indicator twice
    response = upload(admin, f"kode,orgUnit\n{mapped.desa_a.code},OU_NEW\n64.99.99.9999,OU_NOWHERE\n")
    assert response.status_code == 400 and "64.99.99.9999" in response.content.decode()
    response = upload(admin, "nama,orgUnit\nDesa A,OU\n")
    assert response.status_code == 400 and "orgUnit" in response.content.decode()
    response = upload(admin, "indikator,dataElement\nskdn_s,BAD\x07ID\n")
    assert response.status_code == 400
    assert (
        list(DataElementMapping.objects.values_list("indicator", "data_element").order_by("indicator"))
        == before
    )
    assert OrgUnitMapping.objects.get(region_id=mapped.desa_a.code).org_unit == "OU_DESA_A"


def test_an_empty_identifier_removes_a_mapping_and_a_changed_one_updates_it(mapped: Any) -> None:
    admin = client_for(mapped.users["admin"])
    response = upload(admin, "indikator,dataElement\nskdn_s,\nskdn_k,PSY_K2\nskdn_d,PSY_D\n")
    assert response.status_code == 302
    assert not DataElementMapping.objects.filter(indicator="skdn_s").exists()
    assert DataElementMapping.objects.get(indicator="skdn_k").data_element == "PSY_K2"
    last = AuditEvent.objects.filter(verb="import_dhis2_mapping").latest("pk").changes
    assert (last["created"], last["updated"], last["removed"]) == ([], ["skdn_k"], ["skdn_s"])


def test_only_an_administrator_sets_the_mapping(mapped: Any) -> None:
    officer = client_for(mapped.users["kabupaten"])
    assert officer.get(MAPPING).status_code == 403
    assert (
        officer.post(MAPPING, {"data_set": "X", "id_scheme": "UID", "level": "posyandu"}).status_code == 403
    )
    assert upload(officer, "indikator,dataElement\nskdn_s,\n").status_code == 403
    assert ExportSettings.objects.get().data_set == "DS_POSYANDU"
    assert DataElementMapping.objects.filter(indicator="skdn_s").exists()


def test_the_officer_downloads_the_kecamatans_desa_as_dhis2_json(mapped: Any) -> None:
    client = client_for(mapped.users["kecamatan"])
    response = client.get(DOWNLOAD, query(mapped, format="json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'dhis2-{mapped.desa_a.parent_id}-202610-202610.json"' in response["Content-Disposition"]
    payload = json.loads(response.content)
    check_data_value_set(payload)
    assert (payload["dataSet"], payload["idScheme"]) == ("DS_POSYANDU", "CODE")
    rows = payload["dataValues"]
    # Desa A2 has figures but no org unit: left out; desa B is outside the kecamatan.
    assert {r["orgUnit"] for r in rows} == {"OU_DESA_A"}
    assert {r["period"] for r in rows} == {"202610"}
    got = {r["dataElement"]: r["value"] for r in rows}
    assert got == expected(mapped.desa_a.code, OCT)
    # The hand count of Melati's October (reports/tests): S 6, K 5, D 4, N/T/O/B 1 each, 1 of 4 stunted.
    assert [got[e] for e in ("PSY_S", "PSY_K", "PSY_D", "PSY_N", "PSY_T", "PSY_O", "PSY_B")] == list(
        "6541111"
    )
    assert (got["GZ_STUNT"], got["GZ_TBU_DIUKUR"]) == ("1", "4")
    combos = {r["dataElement"]: r.get("categoryOptionCombo") for r in rows}
    assert combos["GZ_STUNT"] == "BALITA_0_59" and combos["PSY_S"] is None


def test_the_officer_downloads_the_same_numbers_as_adx(mapped: Any) -> None:
    client = client_for(mapped.users["kecamatan"])
    response = client.get(DOWNLOAD, query(mapped, format="adx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/adx+xml")
    text = response.content.decode()
    adx_schema().validate(text)
    groups = ElementTree.fromstring(text).findall(f"{{{ADX_NAMESPACE}}}group")
    assert [(g.get("orgUnit"), g.get("period"), g.get("dataSet")) for g in groups] == [
        ("OU_DESA_A", "2026-10-01/P1M", "DS_POSYANDU")
    ]
    got = {v.get("dataElement"): v.get("value") for v in groups[0]}
    assert got == expected(mapped.desa_a.code, OCT)


def test_the_page_shows_the_coverage_and_what_is_left_out(mapped: Any) -> None:
    response = client_for(mapped.users["kecamatan"]).get(EXPORT, query(mapped))
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.values) == len(INDICATOR_KEYS) - 1  # the mapped indicators × the one mapped desa
    unmapped = [u.name for u in result.units if not u.usable]
    assert unmapped == [mapped.desa_a2.display_name]
    assert [i.key for i in result.indicators if not i.usable] == ["overweight_measured"]
    warnings = "\n".join(result.warnings)
    assert mapped.desa_a2.display_name in warnings and "Overweight" in warnings
    body = response.content.decode()
    assert "OU_DESA_A" in body
    # The page's own links download the area and month it shows.
    for testid in ("dhis2-json", "dhis2-adx"):
        found = re.search(rf'data-testid="{testid}" href="([^"]+)"', body)
        assert found is not None
        download = client_for(mapped.users["kecamatan"]).get(html.unescape(found.group(1)))
        assert download.status_code == 200
        assert "OU_DESA_A" in download.content.decode() and "2026" in download.content.decode()


def test_an_area_outside_the_scope_is_a_404(mapped: Any) -> None:
    client = client_for(mapped.users["kecamatan"])
    for wilayah in (mapped.desa_b.code, "64.07", "64.74.09.9999", "64"):
        assert client.get(EXPORT, {"wilayah": wilayah, "bulan": "2026-10"}).status_code == 404
        assert client.get(DOWNLOAD, {"wilayah": wilayah, "bulan": "2026-10"}).status_code == 404
    assert client_for(mapped.users["kader_a"]).get(EXPORT).status_code == 403
    assert client_for(mapped.users["kader_a"]).get(DOWNLOAD, query(mapped)).status_code == 403
    # Reading is not writing: a read-only viewer of the kabupaten downloads its desa.
    viewer = client_for(mapped.users["kabupaten_viewer"])
    assert viewer.get(DOWNLOAD, query(mapped, format="json")).status_code == 200


def test_an_area_below_the_reporting_level_is_refused(mapped: Any) -> None:
    ExportSettings.objects.filter(pk=1).update(level="kecamatan")
    client = client_for(mapped.users["kecamatan"])
    page = client.get(EXPORT, {"wilayah": mapped.desa_a.code, "bulan": "2026-10"})
    assert page.status_code == 200 and page.context["refusal"]
    assert page.context["result"] is None
    response = client.get(DOWNLOAD, {"wilayah": mapped.desa_a.code, "bulan": "2026-10"})
    assert response.status_code == 400 and "kecamatan" in response.content.decode()


def test_posyandu_level_with_uids_leaves_out_an_identifier_that_is_no_uid(mapped: Any) -> None:
    admin = client_for(mapped.users["admin"])
    admin.post(MAPPING, {"data_set": "pBOMPrpg1QX", "id_scheme": "UID", "level": "posyandu"})
    elements = "indikator,dataElement,categoryOptionCombo\nskdn_d,f7n9E0hX8qk,\nskdn_s,PSY_S,\n"
    assert (
        upload(admin, "indikator,dataElement\n" + "".join(f"{k},\n" for k in INDICATOR_KEYS)).status_code
        == 302
    )
    assert upload(admin, elements).status_code == 302
    units = f"kode,orgUnit\n{mapped.posyandu_a.code},DiszpKrYNg8\n{mapped.posyandu_a2.code},Mawar-01\n"
    assert upload(admin, units).status_code == 302
    client = client_for(mapped.users["kecamatan"])
    payload = json.loads(client.get(DOWNLOAD, query(mapped, format="json")).content)
    check_data_value_set(payload)
    assert payload["idScheme"] == "UID"
    assert payload["dataValues"] == [
        {"dataElement": "f7n9E0hX8qk", "period": "202610", "orgUnit": "DiszpKrYNg8", "value": "4"}
    ]
    warnings = "\n".join(client.get(EXPORT, query(mapped)).context["result"].warnings)
    assert "PSY_S" in warnings and "Mawar-01" in warnings


def test_several_months_go_in_one_file(mapped: Any) -> None:
    client = client_for(mapped.users["kecamatan"])
    payload = json.loads(client.get(DOWNLOAD, query(mapped, bulan="2026-09", sampai="2026-11")).content)
    check_data_value_set(payload)
    periods = sorted({r["period"] for r in payload["dataValues"]})
    with_figures = sorted(
        {
            f"{m:%Y%m}"
            for m in MonthlyFigures.objects.filter(desa_id=mapped.desa_a.code).values_list("month", flat=True)
        }
        & {"202609", "202610", "202611"}
    )
    assert periods == with_figures and "202610" in periods
    # A range the page cannot use is named, not guessed at.
    too_long = client.get(DOWNLOAD, query(mapped, bulan="2025-01", sampai="2026-11"))
    assert too_long.status_code == 400 and "Sampai bulan" in too_long.content.decode()
    backwards = client.get(EXPORT, query(mapped, bulan="2026-10", sampai="2026-08"))
    assert [m.month for m in backwards.context["months"]] == [10]


def test_nothing_to_send_is_said_not_sent(figures: Any) -> None:
    client = client_for(figures.users["kecamatan"])
    page = client.get(EXPORT, query(figures))
    assert page.context["refusal"]  # no settings yet
    ExportSettings.objects.create(pk=1, data_set="DS", id_scheme="CODE", level="desa")
    response = client.get(DOWNLOAD, query(figures))
    assert response.status_code == 400 and "belum dipetakan" in response.content.decode()


def test_the_command_writes_the_same_file(mapped: Any, tmp_path: Any) -> None:
    out = tmp_path / "oktober.adx.xml"
    call_command(
        "export_dhis2", "--region", mapped.desa_a.parent_id, "--month", "2026-10", "--format", "adx",
        "--output", str(out), stderr=io.StringIO(),
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    adx_schema().validate(text)
    groups = ElementTree.fromstring(text).findall(f"{{{ADX_NAMESPACE}}}group")
    assert {v.get("dataElement"): v.get("value") for v in groups[0]} == expected(mapped.desa_a.code, OCT)
    stdout = io.StringIO()
    call_command(
        "export_dhis2", "--month", "2026-10", "--user", "kecamatan", stdout=stdout, stderr=io.StringIO()
    )
    assert {r["orgUnit"] for r in json.loads(stdout.getvalue())["dataValues"]} == {"OU_DESA_A"}
