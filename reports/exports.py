"""Excel, CSV and PDF files of a report table: a title, a subtitle (area, month, rule versions), a header row
and the rows, numbers as numbers (so a spreadsheet can sum them). An Excel file may hold several tables, one
sheet each (a report's levels).

Text is written inert: spreadsheet cells through `web.spreadsheets` (no formula from a name a user typed), PDF
text escaped (reportlab's Paragraph reads markup, so a name with `<a href=...>` would become a link)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from web.spreadsheets import mark_text, write_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_name(name: str) -> str:
    """Excel refuses a sheet name over 31 characters or with one of \\ / ? * [ ] :."""
    return re.sub(r"[\\/?*\[\]:]", "-", name)[:31]


@dataclass(frozen=True)
class Sheet:
    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]


def xlsx_response(
    filename: str, title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    return xlsx_book_response(filename, title, subtitle, [Sheet(title[:31], header, rows)])


def xlsx_book_response(filename: str, title: str, subtitle: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """One sheet per table, each with the title and subtitle above its header row (row 4)."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for table in sheets:
        _fill_sheet(book.create_sheet(sheet_name(table.name)), title, subtitle, table.header, table.rows)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _fill_sheet(
    sheet: Any, title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([subtitle])
    sheet.append([])
    sheet.append(list(header))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEFE6")
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    mark_text(sheet)
    for index, name in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(40, len(str(name)) + 4))
    sheet.column_dimensions["A"].width = 32
    sheet.freeze_panes = "B5"


def csv_response(filename: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> HttpResponse:
    """Comma-separated, UTF-8 with a byte order mark (so spreadsheet programs read it as UTF-8)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    write_csv(response, [header, *rows])
    return response


def pdf_response(
    filename: str, title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
        bottomMargin=10 * mm, title=title,
    )  # fmt: skip
    styles = getSampleStyleSheet()
    data = [list(header)] + [["" if v is None else _text(v) for v in row] for row in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEFE6")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    heading = [Paragraph(escape(title), styles["Title"]), Paragraph(escape(subtitle), styles["Normal"])]
    doc.build([*heading, Spacer(1, 4 * mm), table])
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)
