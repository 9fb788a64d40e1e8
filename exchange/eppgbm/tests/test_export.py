"""The e-PPGBM sheet through its page and file, with awkward register data: a child without NIK, a walk-in
without household whose name is a formula, a child weighed twice in the month, lying and standing, a child
in another kabupaten, a month without weighings."""

from __future__ import annotations

import csv
import datetime
import html as html_lib
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from audit.models import AuditEvent
from exchange.eppgbm.actions import EXPORT_VERB
from exchange.eppgbm.sheet import HEADER
from people import actions as people
from visits import actions as visits

pytestmark = pytest.mark.django_db

NOVEMBER = "2026-11"
DOWNLOAD = "/pertukaran/eppgbm/unduh/"
PAGE = "/pertukaran/eppgbm/"
FORMULA_NAME = '=HYPERLINK("http://contoh.invalid","klik")'


@dataclass
class Month:
    walk_in: Any  # a girl at posyandu_a2 (desa_a2) without household, her name a formula
    elsewhere: Any  # a boy in Kutai Barat


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def month(world: Any) -> Month:
    """November 2026 beside the world's Budi (no NIK, 9,0 kg / 74,0 cm lying on the 10th): Budi weighed again
    on the 20th with vitamin A, a walk-in girl standing, and a boy in Kutai Barat."""
    admin = world.users["admin"]
    visits.record_visit(
        admin,
        world.child_a,
        datetime.date(2026, 11, 20),
        {"weight_kg": Decimal("9.35"), "length_height_cm": Decimal("74.6"), "position": "l"},
        place="home",
        services=["vit_a_red"],
    )
    walk_in = people.register_person(
        admin,
        name=FORMULA_NAME,
        nik="6474014101230002",
        sex="P",
        birth_date=datetime.date(2023, 1, 1),
        posyandu=world.posyandu_a2,
        phone="+6281234567801",
    )
    visits.record_visit(
        admin,
        walk_in,
        datetime.date(2026, 11, 12),
        {
            "weight_kg": Decimal("12.4"),
            "length_height_cm": Decimal("91.0"),
            "position": "h",
            "muac_cm": Decimal("14.5"),
        },
    )
    elsewhere = people.register_person(
        admin, name="Rudi Elsewhere", sex="L", birth_date=datetime.date(2025, 1, 5), posyandu=world.posyandu_b
    )
    visits.record_visit(admin, elsewhere, datetime.date(2026, 11, 14), {"weight_kg": Decimal("10.1")})
    return Month(walk_in=walk_in, elsewhere=elsewhere)


def sheet_rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == HEADER
    return [dict(zip(HEADER, line, strict=True)) for line in lines[1:]]


def test_kecamatan_sheet_holds_one_row_per_child_with_identity_address_and_measurement(
    world: Any, month: Month
) -> None:
    response = client_for(world.users["kecamatan"]).get(DOWNLOAD, {"bulan": NOVEMBER})
    assert response["Content-Disposition"] == 'attachment; filename="eppgbm-64.74.01-2026-11.xlsx"'
    rows = sheet_rows(response)
    assert [r["Nama Anak"] for r in rows] == [FORMULA_NAME, "Budi Santoso"]  # Mawar, then Melati

    budi = rows[1]
    # Weighed twice: the month's latest weighing is the row (reports.figures.latest, SKDN's D).
    assert budi["Tanggal Pengukuran"] == datetime.datetime(2026, 11, 20)
    assert budi["Berat Badan (kg)"] == 9.35
    assert budi["Tinggi/Panjang Badan (cm)"] == 74.6
    assert budi["Cara Ukur"] == "Terlentang"
    assert budi["NIK Anak"] is None  # no NIK: an empty cell, not "None"
    assert budi["Jenis Kelamin (L/P)"] == "L"
    assert budi["Tanggal Lahir"] == datetime.datetime.combine(world.child_a.birth_date, datetime.time())
    assert budi["Umur (bulan)"] == 18
    assert (budi["NIK Ibu"], budi["Nama Ibu"]) == ("6474015505950001", "Dewi Lestari")
    assert (budi["No. KK"], budi["Nama Kepala Keluarga"]) == ("6474010101200001", "Ahmad Fauzi")
    assert (budi["Alamat"], budi["RT"], budi["RW"]) == ("Jl. Melati 3", "03", "01")
    assert (budi["Kode Desa/Kelurahan"], budi["Desa/Kelurahan"]) == (world.desa_a.code, world.desa_a.name)
    assert budi["Kode Kecamatan"] == "64.74.01"
    assert budi["Kode Kabupaten/Kota"] == "64.74"
    assert budi["Kode Provinsi"] == "64"
    assert (budi["Kode Posyandu"], budi["Posyandu"]) == ("PA1", "Melati")
    assert budi["Vitamin A"] == "Merah"
    # The statuses and the weight gain are those the visit stored, not computed again.
    latest = world.child_a.visits.get(date=datetime.date(2026, 11, 20))
    stored = {f["code"].split("_")[0]: f["label"] for f in latest.findings}
    assert budi["TB/U"] == stored["lhfa"] and budi["TB/U"] in ("Pendek", "Sangat pendek")
    assert budi["BB/U"] == stored["wfa"]
    assert budi["BB/TB"] == stored["wflh"]
    assert budi["ZS TB/U"] == latest.haz
    assert budi["Naik/Tidak (N/T/O/B)"] == latest.weight_gain != ""

    girl = rows[0]
    assert girl["Cara Ukur"] == "Berdiri"
    assert girl["NIK Anak"] == "6474014101230002"  # text: all 16 digits kept
    assert girl["LiLA (cm)"] == 14.5
    assert girl["No. HP"] == "+6281234567801"
    # A walk-in without household: no address, RT or KK, but her desa from the posyandu she came to.
    assert (girl["Alamat"], girl["RT"], girl["No. KK"], girl["Nama Ibu"]) == (None, None, None, None)
    assert girl["Desa/Kelurahan"] == world.desa_a2.name
    assert girl["Vitamin A"] is None


def test_a_name_starting_with_a_formula_sign_stays_text(world: Any, month: Month) -> None:
    response = client_for(world.users["kecamatan"]).get(DOWNLOAD, {"bulan": NOVEMBER})
    sheet = load_workbook(io.BytesIO(response.content)).active
    name = sheet.cell(row=2, column=HEADER.index("Nama Anak") + 1)
    phone = sheet.cell(row=2, column=HEADER.index("No. HP") + 1)
    assert (name.value, name.data_type) == (FORMULA_NAME, "s")
    assert (phone.value, phone.data_type) == ("+6281234567801", "s")

    csv_response = client_for(world.users["kecamatan"]).get(DOWNLOAD, {"bulan": NOVEMBER, "format": "csv"})
    assert csv_response["Content-Disposition"] == 'attachment; filename="eppgbm-64.74.01-2026-11.csv"'
    assert csv_response.content.startswith("\ufeff".encode())  # spreadsheet programs then read UTF-8
    lines = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert lines[0] == list(HEADER)
    assert lines[1][HEADER.index("Nama Anak")] == "'" + FORMULA_NAME
    assert lines[2][HEADER.index("Tanggal Pengukuran")] == "20/11/2026"


def test_each_user_gets_only_the_children_of_their_area(world: Any, month: Month) -> None:
    def names(user: str, **params: str) -> list[str]:
        response = client_for(world.users[user]).get(DOWNLOAD, {"bulan": NOVEMBER, **params})
        return [r["Nama Anak"] for r in sheet_rows(response)]

    assert names("bidan_a") == ["Budi Santoso"]  # her desa only, not desa_a2's walk-in
    assert names("kader_a") == ["Budi Santoso"]
    assert names("kabupaten", wilayah=world.desa_a2.code) == [FORMULA_NAME]
    assert names("kecamatan", posyandu=str(world.posyandu_a2.pk)) == [FORMULA_NAME]
    assert names("other_kabupaten", wilayah=month.elsewhere.desa_id) == ["Rudi Elsewhere"]
    assert "Rudi Elsewhere" not in names("admin", wilayah="64.74.01")


def test_an_area_outside_the_users_region_is_not_found(world: Any, month: Month) -> None:
    before = AuditEvent.objects.count()
    other = client_for(world.users["other_kabupaten"])
    assert other.get(DOWNLOAD, {"bulan": NOVEMBER, "wilayah": "64.74.01"}).status_code == 404
    assert other.get(DOWNLOAD, {"bulan": NOVEMBER, "posyandu": world.posyandu_a.pk}).status_code == 404
    assert other.get(PAGE, {"posyandu": world.posyandu_a.pk}).status_code == 404
    kader = client_for(world.users["kader_a"])
    assert kader.get(DOWNLOAD, {"posyandu": world.posyandu_a2.pk}).status_code == 404
    assert kader.get(DOWNLOAD, {"posyandu": "x"}).status_code == 404
    assert AuditEvent.objects.count() == before


def test_an_area_wider_than_a_kecamatan_is_refused_with_a_reason(world: Any, month: Month) -> None:
    kabupaten = client_for(world.users["kabupaten"])
    response = kabupaten.get(DOWNLOAD, {"bulan": NOVEMBER})
    assert response.status_code == 400
    assert "satu kecamatan" in response.content.decode()
    page = kabupaten.get(PAGE, {"bulan": NOVEMBER})
    assert page.status_code == 200
    assert "satu kecamatan" in page.content.decode()
    assert kabupaten.get(DOWNLOAD, {"bulan": "2026-13"}).status_code == 400
    assert kabupaten.get(DOWNLOAD, {"wilayah": "64.74.01", "format": "pdf"}).status_code == 400


def test_a_month_without_weighings_is_a_sheet_of_headers(world: Any, month: Month) -> None:
    response = client_for(world.users["kecamatan"]).get(DOWNLOAD, {"bulan": "2026-09"})
    assert sheet_rows(response) == []
    page = client_for(world.users["kecamatan"]).get(PAGE, {"bulan": "2026-09"})
    assert page.status_code == 200
    assert "0 balita" in page.content.decode()


def test_the_download_is_an_audited_read(world: Any, month: Month) -> None:
    bidan = world.users["bidan_a"]
    client_for(bidan).get(DOWNLOAD, {"bulan": NOVEMBER})
    event = AuditEvent.objects.get(verb=EXPORT_VERB)
    assert event.actor == bidan
    assert event.region_code == world.desa_a.code
    assert event.changes["children"] == [None, 1]
    assert event.changes["month"] == [None, NOVEMBER]
    assert event.object_key == f"regions.region:{world.desa_a.code}"
    assert AuditEvent.objects.writes().filter(verb=EXPORT_VERB).count() == 0  # a read, not a write


def test_the_page_counts_the_balita_per_posyandu_and_links_the_file(world: Any, month: Month) -> None:
    response = client_for(world.users["kecamatan"]).get(PAGE, {"bulan": NOVEMBER})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["per_posyandu"] == [("Mawar", 1), ("Melati", 1)]
    assert response.context["without_nik"] == 1
    assert "2 balita ditimbang" in html
    assert not AuditEvent.objects.filter(verb=EXPORT_VERB).exists()  # counting shows no personal data
    link = re.search(r'data-testid="eppgbm-xlsx" href="([^"]+)"', html)
    assert link is not None
    rows = sheet_rows(client_for(world.users["kecamatan"]).get(html_lib.unescape(link.group(1))))
    assert len(rows) == 2


def test_a_kader_page_offers_her_posyandu_sheet(world: Any, month: Month) -> None:
    response = client_for(world.users["kader_a"]).get(PAGE, {"bulan": NOVEMBER})
    html = response.content.decode()
    assert response.context["choice"].area.posyandu == world.posyandu_a
    assert f"{DOWNLOAD}?posyandu={world.posyandu_a.pk}&bulan={NOVEMBER}&format=xlsx" in html
    assert [p.name for p in response.context["posyandu_list"]] == ["Melati"]


def test_the_file_costs_the_same_queries_for_more_children(world: Any, month: Month) -> None:
    client = client_for(world.users["kecamatan"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DOWNLOAD, {"bulan": NOVEMBER}).status_code == 200
        return len(captured)

    before = queries()
    admin = world.users["admin"]
    for day in (3, 4, 5):
        child = people.register_person(
            admin,
            name=f"Anak {day}",
            sex="P",
            birth_date=datetime.date(2025, 2, day),
            household=world.household_a,
            mother=world.mother_a,
        )
        visits.record_visit(
            admin, child, datetime.date(2026, 11, day), {"weight_kg": Decimal("8.1")}, services=["vit_a_blue"]
        )
    assert queries() == before
    rows = sheet_rows(client.get(DOWNLOAD, {"bulan": NOVEMBER}))
    assert [r["Vitamin A"] for r in rows if r["Nama Anak"].startswith("Anak ")] == ["Biru"] * 3


def test_a_held_weighing_waits_until_it_is_confirmed(world: Any, month: Month) -> None:
    admin = world.users["admin"]
    held = visits.record_visit(
        admin, world.child_a, datetime.date(2026, 11, 23), {"weight_kg": Decimal("25.0")}, place="home"
    )
    assert held.held  # 25 kg at 18 months: WHO flags it, "perlu dicek ulang"
    client = client_for(world.users["bidan_a"])

    def budi() -> tuple[Any, ...]:
        (row,) = sheet_rows(client.get(DOWNLOAD, {"bulan": NOVEMBER}))
        return row["Tanggal Pengukuran"].day, row["Berat Badan (kg)"], row["BB/U"]

    assert budi()[:2] == (20, 9.35)
    visits.confirm_measurement(admin, held)
    assert budi() == (23, 25.0, None)  # WHO flagged its BB/U z-score: no category, an empty cell
