"""The e-PPGBM by-name-by-address sheet: one row per child and month, its columns and their values, written
as .xlsx or .csv (docs/interop.md "e-PPGBM: balita by name and address").

The headers are the sheet's format, named as e-PPGBM's own forms name its fields, and stay Indonesian in
every interface language (a translated header would no longer be the format). The nutritional statuses and
the weight gain are this system's, as the visit stored them (`Visit.findings`, `Visit.weight_gain`): the
sheet copies them and computes nothing again. Every text cell is written inert (`web.spreadsheets`): a name
typed as "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from growth.age import completed_months
from people.models import Person
from regions.models import LocalUnit, Region, UnitKind
from visits.models import Position, ServiceKind, Visit
from web.spreadsheets import mark_text

HEADER: tuple[str, ...] = (
    "No",
    "NIK Anak",
    "Nama Anak",
    "Jenis Kelamin (L/P)",
    "Tanggal Lahir",
    "No. KK",
    "Nama Kepala Keluarga",
    "NIK Ibu",
    "Nama Ibu",
    "No. HP",
    "Alamat",
    "RT",
    "RW",
    "Dusun/Lingkungan",
    "Kode Provinsi",
    "Provinsi",
    "Kode Kabupaten/Kota",
    "Kabupaten/Kota",
    "Kode Kecamatan",
    "Kecamatan",
    "Kode Desa/Kelurahan",
    "Desa/Kelurahan",
    "Kode Posyandu",
    "Posyandu",
    "Tanggal Pengukuran",
    "Umur (bulan)",
    "Berat Badan (kg)",
    "Tinggi/Panjang Badan (cm)",
    "Cara Ukur",
    "LiLA (cm)",
    "Lingkar Kepala (cm)",
    "Vitamin A",
    "BB/U",
    "TB/U",
    "BB/TB",
    "ZS BB/U",
    "ZS TB/U",
    "ZS BB/TB",
    "Naik/Tidak (N/T/O/B)",
    "BGM",
    "2T",
)
COLUMN = {name: i for i, name in enumerate(HEADER)}
DATE_COLUMNS = ("Tanggal Lahir", "Tanggal Pengukuran")
DATE_FORMAT = "DD/MM/YYYY"
# e-PPGBM's words for the measuring position (lying: panjang badan, standing: tinggi badan).
POSITION_WORDS: dict[str, str] = {Position.LYING: "Terlentang", Position.STANDING: "Berdiri"}
VITAMIN_A_WORDS: dict[str, str] = {ServiceKind.VITAMIN_A_BLUE: "Biru", ServiceKind.VITAMIN_A_RED: "Merah"}
# The stored finding code of a PMK 2/2020 category starts with its index (rules.assessment.category_finding).
STATUS_INDICES = (("BB/U", "wfa_"), ("TB/U", "lhfa_"), ("BB/TB", "wflh_"))
YES = "Ya"


def rows(visits: Iterable[Visit]) -> list[list[Any]]:
    """The sheet's rows of visits from `selection.balita_visits`, numbered from 1."""
    return [row(number, visit) for number, visit in enumerate(visits, start=1)]


def row(number: int, visit: Visit) -> list[Any]:
    child = visit.person
    household = child.household
    mother = child.mother
    units = _units(household.unit if household is not None else None)
    desa = visit.desa
    values: dict[str, Any] = {
        "No": number,
        "NIK Anak": child.nik or "",
        "Nama Anak": child.name,
        "Jenis Kelamin (L/P)": child.sex,
        "Tanggal Lahir": child.birth_date,
        "No. KK": household.kk_number if household is not None else "",
        "Nama Kepala Keluarga": household.head_name if household is not None else "",
        "NIK Ibu": (mother.nik or "") if mother is not None else "",
        "Nama Ibu": mother.name if mother is not None else "",
        "No. HP": _phone(child, mother),
        "Alamat": household.address if household is not None else "",
        "RT": units.get(UnitKind.RT, ""),
        "RW": units.get(UnitKind.RW, ""),
        "Dusun/Lingkungan": units.get(UnitKind.DUSUN) or units.get(UnitKind.LINGKUNGAN, ""),
        **_regions(desa),
        "Kode Posyandu": visit.posyandu.code,
        "Posyandu": visit.posyandu.name,
        "Tanggal Pengukuran": visit.date,
        "Umur (bulan)": completed_months(child.birth_date, visit.date),
        "Berat Badan (kg)": _number(visit.weight_kg),
        "Tinggi/Panjang Badan (cm)": _number(visit.length_height_cm),
        "Cara Ukur": POSITION_WORDS.get(visit.position, ""),
        "LiLA (cm)": _number(visit.muac_cm),
        "Lingkar Kepala (cm)": _number(visit.head_circumference_cm),
        "Vitamin A": VITAMIN_A_WORDS.get(getattr(visit, "vitamin_a", None) or "", ""),
        **_statuses(visit),
        "ZS BB/U": visit.waz,
        "ZS TB/U": visit.haz,
        "ZS BB/TB": visit.whz,
        "Naik/Tidak (N/T/O/B)": visit.weight_gain,
        "BGM": YES if visit.is_bgm else "",
        "2T": YES if visit.is_2t else "",
    }
    return [values[name] for name in HEADER]


def _number(value: decimal.Decimal | None) -> float | None:
    """A measurement as entered, as a number a spreadsheet can sum (None when not measured)."""
    return None if value is None else float(value)


def _phone(child: Person, mother: Person | None) -> str:
    if child.phone:
        return child.phone
    return mother.phone if mother is not None else ""


def _units(unit: LocalUnit | None) -> dict[str, str]:
    """The names of the RT, RW and dusun/lingkungan a household's unit lies in, by kind."""
    names: dict[str, str] = {}
    while unit is not None:
        names.setdefault(unit.kind, unit.name)
        unit = unit.parent
    return names


def _regions(desa: Region) -> dict[str, str]:
    """The codes and names of the desa and the regions above it (Kemendagri codes, as stored)."""
    kecamatan = desa.parent
    kabupaten = kecamatan.parent if kecamatan is not None else None
    provinsi = kabupaten.parent if kabupaten is not None else None
    out: dict[str, str] = {}
    for label, region in (
        ("Provinsi", provinsi),
        ("Kabupaten/Kota", kabupaten),
        ("Kecamatan", kecamatan),
        ("Desa/Kelurahan", desa),
    ):
        out[f"Kode {label}"] = region.code if region is not None else ""
        out[label] = region.name if region is not None else ""
    return out


def _statuses(visit: Visit) -> dict[str, str]:
    """The PMK 2/2020 categories the visit's assessment found (none where WHO flagged the z-score)."""
    out = {column: "" for column, _prefix in STATUS_INDICES}
    for finding in visit.findings:
        code = str(finding.get("code", ""))
        for column, prefix in STATUS_INDICES:
            if code.startswith(prefix):
                out[column] = str(finding.get("label", ""))
    return out


def xlsx(title: str, sheet_rows: Sequence[Sequence[Any]]) -> bytes:
    """The workbook: the header in row 1 (what an upload reads), the rows below it, text cells inert."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = title[:31]
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet_rows:
        sheet.append(list(line))
    for name in DATE_COLUMNS:
        letter = get_column_letter(COLUMN[name] + 1)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=COLUMN[name] + 1, max_col=COLUMN[name] + 1):
            cell.number_format = DATE_FORMAT
        sheet.column_dimensions[letter].width = 12
    sheet.freeze_panes = "A2"
    mark_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_rows(sheet_rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The rows for a CSV file (`reports.exports.csv_response`, which makes text inert): dates as dd/mm/yyyy,
    decimals with a point."""
    return [[_csv_value(value) for value in line] for line in sheet_rows]


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value
