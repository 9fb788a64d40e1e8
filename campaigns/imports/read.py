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

import xlrd
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from web.spreadsheets import mark_text

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


@dataclass(frozen=True)
class Limits:
    """What one uploaded sheet may hold. Each bound keeps a hostile or broken file (a declared size of
    16,384 columns, repeats of repeats, a zip bomb) from taking the worker's memory: readers stream, count as
    they go and stop at the first bound passed, with a message that names it."""

    rows: int = 100_000  # data rows (filled rows after the header)
    columns: int = 100
    cells: int = 2_000_000  # filled rows × their width
    unpacked_bytes: int = 100 * 1024 * 1024  # an .xlsx/.ods archive's members, unpacked
    cell_chars: int = 1_000


LIMITS = Limits()


def read(name: str, content: bytes, limits: Limits = LIMITS) -> Sheet:
    return _table(numbered_rows(name, content, limits))


def numbered_rows(name: str, content: bytes, limits: Limits = LIMITS) -> Iterator[tuple[int, list[Any]]]:
    """The filled rows of any sheet (header included) as (spreadsheet row number, cells), read as a stream
    within `limits`: for another layout than the campaign template (the OpenSID import reads its own)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        raw = _xlsx(content, limits)
    elif lower.endswith(".xls"):
        raw = _xls(content, limits)
    elif lower.endswith(".ods"):
        raw = _ods(content, limits)
    elif lower.endswith(".csv"):
        raw = _csv(content)
    else:
        raise SheetError(_("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv."))
    return _bounded(raw, limits)


def _table(numbered: Iterator[tuple[int, list[Any]]]) -> Sheet:
    """The first filled row is the header; the filled rows after it are the data."""
    first = next(numbered, None)
    if first is None:
        raise SheetError(_("Berkas kosong."))
    _header_row, header = first
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
    return Sheet(columns, list(numbered), unknown)


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _bounded(raw: Iterator[tuple[int, list[Any]]], limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """The filled rows of `raw` without their trailing empty cells; refused at the first limit passed (the
    header row counts like any other)."""
    rows = cells = 0
    for number, row in raw:
        width = len(row)
        while width and not _filled(row[width - 1]):
            width -= 1
        if not width:
            continue
        if width > limits.columns:
            raise _too_many_columns(number, limits)
        rows += 1
        cells += width
        if rows > limits.rows + 1:
            raise _too_many_rows(limits)
        if cells > limits.cells:
            raise SheetError(
                _("Berkas berisi lebih dari %(limit)s sel (batas per berkas). Bagi ke beberapa berkas.")
                % {"limit": _count(limits.cells)}
            )
        for column, value in enumerate(row[:width], 1):
            if isinstance(value, str) and len(value) > limits.cell_chars:
                raise SheetError(
                    _("Sel baris %(row)d kolom %(column)d lebih dari %(limit)s huruf (batas per sel).")
                    % {"row": number, "column": column, "limit": _count(limits.cell_chars)}
                )
        yield number, list(row[:width])


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _too_many_rows(limits: Limits) -> SheetError:
    return SheetError(
        _("Berkas memiliki lebih dari %(limit)s baris data (batas per berkas). Bagi data ke beberapa berkas.")
        % {"limit": _count(limits.rows)}
    )


def _too_many_columns(row: int, limits: Limits) -> SheetError:
    return SheetError(
        _("Baris %(row)d memiliki lebih dari %(limit)s kolom (batas per baris).")
        % {"row": row, "limit": _count(limits.columns)}
    )


def _archive(content: bytes, limits: Limits, kind: str) -> zipfile.ZipFile:
    """The zip inside an .xlsx or .ods, refused when its members would unpack to more than the limit (zipfile
    stops reading a member at its declared size, so the declared sizes are what can be unpacked)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:  # BadZipFile, and OSError or ValueError for damaged headers
        raise SheetError(_("Berkas %(kind)s tidak dapat dibaca.") % {"kind": kind}) from exc
    if sum(member.file_size for member in archive.infolist()) > limits.unpacked_bytes:
        archive.close()
        raise SheetError(
            _("Isi berkas %(kind)s lebih dari %(limit)s MB setelah dibuka (batas per berkas).")
            % {"kind": kind, "limit": limits.unpacked_bytes // (1024 * 1024)}
        )
    return archive


def _xlsx(content: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    _archive(content, limits, ".xlsx").close()
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # The declared <dimension> is not trusted: read-only openpyxl pads every row to its width (A1:XFD…
        # is 16,384 cells a row). Without it a row is as wide as its own last cell, which `_bounded` checks.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(row)
        book.close()
    except SheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetError(_("Berkas .xlsx tidak dapat dibaca.")) from exc


def _xls(content: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises XLRDError and others for a damaged file
        raise SheetError(_("Berkas .xls tidak dapat dibaca.")) from exc
    for r in range(sheet.nrows):
        cells = []
        for c in range(min(sheet.row_len(r), limits.columns + 1)):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    cells.append(cell.value)  # not a real date: the row check says so for its column
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                cells.append(None)
            else:
                cells.append(cell.value)
        yield r + 1, cells


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T, _O, _TEXT = ("{" + _ODS[k] + "}" for k in ("table", "office", "text"))


def _ods(content: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """The first table of content.xml, parsed as a stream. Repeated cells and rows (how ODS stores runs of the
    same cell, such as the million empty rows after the data) are expanded only when filled, and then counted
    against the limits before they are built."""
    archive = _archive(content, limits, ".ods")
    number = 0
    rows = 0
    try:
        with archive, archive.open("content.xml") as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                if element.tag == f"{_T}table":
                    return  # the first table only
                if element.tag != f"{_T}table-row":
                    continue
                cells = _ods_row(element, number + 1, limits)
                repeat = _repeat(element, "number-rows-repeated")
                if cells:
                    rows += repeat
                    if rows > limits.rows + 1:
                        raise _too_many_rows(limits)
                    for offset in range(repeat):
                        yield number + offset + 1, list(cells)
                number += repeat
                element.clear()
    except SheetError:
        raise
    except (
        Exception
    ) as exc:  # a damaged archive or XML raises many kinds (BadZipFile, zlib.error, ParseError…)
        raise SheetError(_("Berkas .ods tidak dapat dibaca.")) from exc


def _repeat(element: ElementTree.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(f"{_T}{attribute}", "1")))
    except ValueError:
        raise SheetError(_("Berkas .ods tidak dapat dibaca.")) from None


def _ods_row(row: ElementTree.Element, number: int, limits: Limits) -> list[Any]:
    cells: list[Any] = []
    empty = 0  # empty cells not yet placed: dropped if nothing filled follows them
    for cell in row:
        if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        value = _ods_value(cell, number, len(cells) + empty + 1)
        if value is None:
            empty += repeat
            continue
        if len(cells) + empty + repeat > limits.columns:
            raise _too_many_columns(number, limits)
        cells.extend([None] * empty)
        cells.extend([value] * repeat)
        empty = 0
    return cells


def _ods_value(cell: ElementTree.Element, row: int, column: int) -> Any:
    kind = cell.get(f"{_O}value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            return float(cell.get(f"{_O}value", "0"))
        if kind == "date":
            text = cell.get(f"{_O}date-value", "")
            return datetime.datetime.fromisoformat(text) if "T" in text else datetime.date.fromisoformat(text)
    except ValueError:
        raise SheetError(
            _("Sel baris %(row)d kolom %(column)d bukan angka atau tanggal yang sah.")
            % {"row": row, "column": column}
        ) from None
    texts = ["".join(p.itertext()) for p in cell.findall(f"{_TEXT}p")]
    value = "\n".join(texts)
    return value if value != "" else None


def _csv(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            yield reader.line_num, [v if v != "" else None for v in row]
    except csv.Error as exc:  # e.g. a field longer than the csv module's own limit
        raise SheetError(
            _("Baris %(row)d tidak dapat dibaca sebagai CSV.") % {"row": reader.line_num}
        ) from exc


def template_xlsx(campaign_name: str, posyandu_codes: list[tuple[str, str]]) -> bytes:
    """The downloadable template: the header row, one example row, and the instructions with the posyandu
    codes the user may use."""
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
    mark_text(sheet)
    mark_text(guide)
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
