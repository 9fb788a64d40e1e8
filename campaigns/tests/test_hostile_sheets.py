"""Sheets built to exhaust the reader (a lying <dimension>, repeats of repeats, a zip bomb, a broken value)
are read within bounded memory: what lies about its size is read as what it holds, what holds too much is
refused with a message that names the limit."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from campaigns.imports import read as sheets
from campaigns.tests.conftest import GOOD, HEADER, ods_bytes, xlsx_bytes

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_with_table(table_xml: str) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Data">{table_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def text_cell(value: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def header_row() -> str:
    return "<table:table-row>" + "".join(text_cell(h) for h in HEADER) + "</table:table-row>"


def xlsx_rewritten(content: bytes, member: str, change: dict[str, str]) -> bytes:
    """The .xlsx with `member`'s XML edited by regular-expression replacements."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                text = data.decode()
                for pattern, replacement in change.items():
                    text = re.sub(pattern, replacement, text)
                data = text.encode()
            archive.writestr(info.filename, data)
    return buffer.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"


def lying_dimension(ref: str) -> bytes:
    """The template with three good rows, its <dimension> claiming `ref`."""
    return xlsx_rewritten(xlsx_bytes(GOOD), SHEET1, {r'<dimension ref="[^"]*"': f'<dimension ref="{ref}"'})


def xlsx_cell_at_the_last_column() -> bytes:
    """Every row also holds a value in column XFD (16,384)."""
    last_cell = r'\1\3<c r="XFD\2" t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx_rewritten(
        lying_dimension("A1:XFD4"),
        SHEET1,
        {r"(<row r=\"(\d+)\"[^>]*>)(.*?)</row>": last_cell},
    )


def ods_repeats_of_repeats() -> bytes:
    """1.1 KiB: one filled cell repeated across 16,384 columns, in a row repeated a million times."""
    return ods_with_table(
        header_row()
        + '<table:table-row table:number-rows-repeated="1048575">'
        + text_cell("x", 16384)
        + "</table:table-row>"
    )


def ods_rows_repeated() -> bytes:
    """A row of the template's width, repeated a million times."""
    row = "".join(text_cell("1") for _ in HEADER)
    return ods_with_table(
        header_row() + f'<table:table-row table:number-rows-repeated="1048575">{row}</table:table-row>'
    )


def ods_zip_bomb(path: Path) -> None:
    """~200 KiB whose content.xml unpacks to 200 MB (written as a stream: the test never holds 200 MB)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("content.xml", "w") as member,
    ):
        member.write(f"<office:document-content {ODS_NS}><office:body><office:spreadsheet>".encode())
        chunk = b" " * (1024 * 1024)
        for _ in range(200):
            member.write(chunk)
        member.write(b"</office:spreadsheet></office:body></office:document-content>")


def rows_of(sheet: sheets.Sheet) -> list[int]:
    return [number for number, _cells in sheet.rows]


@pytest.mark.parametrize("ref", ["A1:XFD3000", "A1:XFD1048576"])
def test_a_lying_dimension_is_read_as_what_the_sheet_holds(ref: str) -> None:
    content = lying_dimension(ref)
    assert len(content) < 6 * 1024
    sheet = sheets.read("hasil.xlsx", content)
    assert rows_of(sheet) == [2, 3, 4]
    assert all(len(cells) <= len(HEADER) for _n, cells in sheet.rows)


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        (
            "lebar.xlsx",
            xlsx_cell_at_the_last_column,
            "Baris 1 memiliki lebih dari 100 kolom (batas per baris).",
        ),
        ("ulang.ods", ods_repeats_of_repeats, "Baris 2 memiliki lebih dari 100 kolom (batas per baris)."),
        ("baris.ods", ods_rows_repeated, "Berkas memiliki lebih dari 100.000 baris data (batas per berkas)."),
    ],
)
def test_a_sheet_beyond_a_limit_is_refused_naming_it(name: str, build: object, message: str) -> None:
    assert callable(build)
    with pytest.raises(sheets.SheetError) as refused:
        sheets.read(name, build())
    assert str(refused.value).startswith(message)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bom.ods"
    ods_zip_bomb(path)
    assert path.stat().st_size < 400 * 1024
    with pytest.raises(sheets.SheetError, match=r"lebih dari 100 MB setelah dibuka \(batas per berkas\)"):
        sheets.read("bom.ods", path.read_bytes())


def test_a_cell_longer_than_the_limit_is_refused() -> None:
    content = ods_bytes([[*GOOD[0][:2], "A" * 1001, *GOOD[0][3:]]])
    with pytest.raises(sheets.SheetError, match=r"Sel baris 2 kolom 3 lebih dari 1.000 huruf"):
        sheets.read("panjang.ods", content)


def test_a_number_cell_that_is_not_a_number_is_a_clear_error() -> None:
    content = ods_with_table(
        '<table:table-row><table:table-cell office:value-type="float" office:value="abc"/></table:table-row>'
    )
    with pytest.raises(sheets.SheetError, match=r"Sel baris 1 kolom 1 bukan angka atau tanggal yang sah"):
        sheets.read("rusak.ods", content)


def test_limits_count_filled_rows_not_the_empty_rows_after_them() -> None:
    sheet = sheets.read("hasil.ods", ods_bytes(GOOD))  # ends with a million repeated empty rows × 1,024 cells
    assert rows_of(sheet) == [2, 3, 4]


READ_AND_MEASURE = r"""
import json, re, sys
import django
django.setup()
from campaigns.imports import read as sheets
name, path = sys.argv[1], sys.argv[2]
try:
    outcome = len(sheets.read(name, open(path, "rb").read()).rows)
except sheets.SheetError as error:
    outcome = str(error)
# VmHWM, not getrusage's ru_maxrss: Linux keeps ru_maxrss across fork and exec, so a child of a big test
# process would report its parent's peak; VmHWM belongs to this process's own address space.
peak = int(re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read()).group(1))
print(json.dumps({"outcome": outcome, "peak_kib": peak}))
"""


def test_the_reader_stays_under_300_mb_on_every_crafted_file(tmp_path: Path) -> None:
    files = {
        "dimensi.xlsx": lying_dimension("A1:XFD3000"),
        "dimensi-penuh.xlsx": lying_dimension("A1:XFD1048576"),
        "lebar.xlsx": xlsx_cell_at_the_last_column(),
        "ulang.ods": ods_repeats_of_repeats(),
        "baris.ods": ods_rows_repeated(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    ods_zip_bomb(tmp_path / "bom.ods")
    root = Path(__file__).resolve().parents[2]
    for path in sorted(tmp_path.iterdir()):
        done = subprocess.run(
            [sys.executable, "-c", READ_AND_MEASURE, path.name, str(path)],
            cwd=root,
            env={"DJANGO_SETTINGS_MODULE": "config.settings_dev", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        assert result["peak_kib"] < 300 * 1024, (path.name, result)
        expected_rows = 3 if path.name.startswith("dimensi") else None
        if expected_rows is None:
            assert isinstance(result["outcome"], str), (path.name, result)
        else:
            assert result["outcome"] == expected_rows
