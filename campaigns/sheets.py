"""Reading an uploaded sheet (.xlsx, .xls, .ods or .csv) into rows of cell values, and the template's columns.

Cells come back as Python values: str, float/int, datetime/date, or None. Row numbers are the ones the
spreadsheet shows (the header is row 1), so error reports point at the right line. .ods is read with the
standard library (zipfile + ElementTree): no heavy dependency for a simple table."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")


class SheetError(ValueError):
    """The file cannot be read as a table (the message is for the user)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    example: Any = ""


# The by-name-by-address layout of the template (Indonesian headers as the user sees them).
COLUMNS = (
    Column("posyandu", "Kode posyandu", True, "P6474011001 01"),
    Column("nik", "NIK anak", False, "6474015503240001"),
    Column("name", "Nama anak", True, "Aisyah Putri"),
    Column("sex", "Jenis kelamin (L/P)", True, "P"),
    Column("birth_date", "Tanggal lahir (dd-mm-yyyy)", True, "15-03-2024"),
    Column("mother_name", "Nama ibu", False, "Siti Aminah"),
    Column("mother_nik", "NIK ibu", False, ""),
    Column("head_name", "Nama kepala keluarga", False, "Ahmad Fauzi"),
    Column("address", "Alamat (jalan, RT/RW)", False, "Jl. Merdeka RT 003 RW 01"),
    Column("kia", "Punya buku KIA (Ya/Tidak)", False, "Ya"),
    Column("date", "Tanggal ukur (dd-mm-yyyy)", True, "10-06-2026"),
    Column("weight_kg", "Berat badan (kg)", True, "9,8"),
    Column("length_height_cm", "Panjang/tinggi badan (cm)", False, "78,5"),
    Column("position", "Cara ukur (Berbaring/Berdiri)", False, "Berbaring"),
    Column("muac_cm", "LiLA (cm)", False, "14,2"),
)
BY_KEY = {c.key: c for c in COLUMNS}


def _normal(text: Any) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in str(text or "").lower()).split())


_HEADER_NAMES = {_normal(c.label): c.key for c in COLUMNS} | {_normal(c.key): c.key for c in COLUMNS}
# The first words of each label also match ("Berat badan" for "Berat badan (kg)").
_HEADER_NAMES |= {_normal(c.label.split("(")[0]): c.key for c in COLUMNS}


@dataclass
class Sheet:
    columns: dict[str, int]  # key → index in a row
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    unknown_headers: list[str]

    def values(self, cells: list[Any]) -> dict[str, Any]:
        """A row's cells by column key (a column the row is too short for is None)."""
        width = len(cells)
        return {key: cells[i] if i < width else None for key, i in self.columns.items()}


def read(name: str, content: bytes) -> Sheet:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        raw = list(_xlsx(content))
    elif lower.endswith(".xls"):
        raw = list(_xls(content))
    elif lower.endswith(".ods"):
        raw = list(_ods(content))
    elif lower.endswith(".csv"):
        raw = list(_csv(content))
    else:
        raise SheetError(_("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv."))
    return _table(raw)


def _table(raw: list[list[Any]]) -> Sheet:
    numbered = [(i + 1, row) for i, row in enumerate(raw)]
    while numbered and not any(_filled(v) for v in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise SheetError(_("Berkas kosong."))
    _header_row, header = numbered[0]
    columns: dict[str, int] = {}
    unknown = []
    for index, text in enumerate(header):
        key = _HEADER_NAMES.get(_normal(text))
        if key and key not in columns:
            columns[key] = index
        elif _filled(text):
            unknown.append(str(text))
    missing = [BY_KEY[c.key].label for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise SheetError(
            _("Kolom wajib tidak ditemukan di baris judul: %(columns)s. Gunakan templat.")
            % {"columns": ", ".join(missing)}
        )
    rows = [(number, cells) for number, cells in numbered[1:] if any(_filled(v) for v in cells)]
    return Sheet(columns, rows, unknown)


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _xlsx(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetError(_("Berkas .xlsx tidak dapat dibaca.")) from exc
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield list(row)
    book.close()


def _xls(content: bytes) -> Iterator[list[Any]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content)
    except Exception as exc:  # xlrd raises XLRDError and others for a damaged file
        raise SheetError(_("Berkas .xls tidak dapat dibaca.")) from exc
    sheet = book.sheet_by_index(0)
    for r in range(sheet.nrows):
        cells = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                cells.append(None)
            else:
                cells.append(cell.value)
        yield cells


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_REPEAT_CAP = 200  # trailing empty rows/cells are stored as one element repeated thousands of times


def _ods(content: bytes) -> Iterator[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise SheetError(_("Berkas .ods tidak dapat dibaca.")) from exc
    table = root.find(".//table:table", _ODS)
    if table is None:
        return
    t, o = "{" + _ODS["table"] + "}", "{" + _ODS["office"] + "}"
    for row in table.iter(f"{t}table-row"):
        cells: list[Any] = []
        for cell in row:
            if cell.tag not in (f"{t}table-cell", f"{t}covered-table-cell"):
                continue
            repeat = min(int(cell.get(f"{t}number-columns-repeated", "1")), _REPEAT_CAP)
            cells.extend([_ods_value(cell, o)] * repeat)
        while cells and cells[-1] is None:
            cells.pop()
        repeat_rows = min(int(row.get(f"{t}number-rows-repeated", "1")), _REPEAT_CAP if cells else 1)
        for _repeat in range(repeat_rows):
            yield list(cells)


def _ods_value(cell: ElementTree.Element, o: str) -> Any:
    kind = cell.get(f"{o}value-type")
    if kind in ("float", "percentage", "currency"):
        return float(cell.get(f"{o}value", "0"))
    if kind == "date":
        text = cell.get(f"{o}date-value", "")
        return datetime.datetime.fromisoformat(text) if "T" in text else datetime.date.fromisoformat(text)
    texts = ["".join(p.itertext()) for p in cell.findall("{" + _ODS["text"] + "}p")]
    value = "\n".join(texts)
    return value if value != "" else None


def _csv(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield [v if v != "" else None for v in row]


def template_xlsx(campaign_name: str, posyandu_codes: list[tuple[str, str]]) -> bytes:
    """The downloadable template: the header row, one example row, and the instructions with the posyandu
    codes the user may use."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append([c.label for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEFE6")
    sheet.append([c.example for c in COLUMNS])
    for index, column in enumerate(COLUMNS, 1):
        sheet.cell(row=1, column=index).number_format = "@"
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            14, len(column.label) + 2
        )
    guide = book.create_sheet("Petunjuk")
    guide.append([_("Templat hasil penimbangan: %(name)s") % {"name": campaign_name}])
    guide.append([_("Satu baris per anak per tanggal ukur. Hapus baris contoh sebelum mengunggah.")])
    guide.append(
        [_("Kolom wajib: kode posyandu, nama anak, jenis kelamin, tanggal lahir, tanggal ukur, berat badan.")]
    )
    guide.append(
        [_("NIK dicocokkan lebih dulu; tanpa NIK, anak dicocokkan dengan nama, tanggal lahir dan nama ibu.")]
    )
    guide.append([_("Tanggal ditulis dd-mm-yyyy; angka desimal boleh memakai koma (10,5).")])
    guide.append([])
    guide.append([_("Kode posyandu"), _("Nama posyandu")])
    for code, name in posyandu_codes:
        guide.append([code, name])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
