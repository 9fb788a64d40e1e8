"""Campaign sheets for the tests: the template's header and rows in the world's posyandu (PA1, PA2 in Kota
Bontang; PB1 in Kutai Barat), written as .xlsx, .ods or .csv."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

from campaigns.imports.read import COLUMNS

HEADER = [c.label for c in COLUMNS]


def row(**values: Any) -> list[Any]:
    return [values.get(c.key, "") for c in COLUMNS]


GOOD = [
    row(
        posyandu="PA1",
        name="Bagus Prakoso",
        sex="L",
        birth_date="03-02-2025",
        mother_name="Rina",
        head_name="Ahmad Fauzi",
        address="Jl. Melati RT 01",
        kia="Ya",
        date="12-08-2026",
        weight_kg="9,6",
        length_height_cm="76,5",
        position="Berbaring",
    ),
    row(
        posyandu="PA1",
        name="Sari Dewi",
        sex="P",
        birth_date="20-11-2023",
        mother_name="Wati",
        kia="Tidak",
        date="12-08-2026",
        weight_kg="11,2",
        length_height_cm="88,0",
        position="Berdiri",
        muac_cm="14,5",
    ),
    row(
        posyandu="PA2",
        nik="6474016005240003",
        name="Nur Aini",
        sex="P",
        birth_date="20-05-2024",
        mother_name="Ani",
        kia="Ya",
        date="13-08-2026",
        weight_kg="9,8",
    ),
]
BAD = [
    row(posyandu="PA1", name="Rudi", sex="L", birth_date="01-01-2025", date="12-08-2026", weight_kg="abc"),
    row(posyandu="PB1", name="Tono", sex="L", birth_date="01-01-2025", date="12-08-2026", weight_kg="10"),
    row(posyandu="PA1", name="Lina", sex="P", birth_date="01-01-2025", date="12-09-2026", weight_kg="9"),
]


def csv_bytes(rows: list[list[Any]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows: list[list[Any]]) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice writes, without styles)."""

    def cell(value: Any) -> str:
        if value == "":
            return "<table:table-cell/>"
        text = f"<text:p>{escape(str(value))}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in [HEADER, *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Data">{body}'
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()
