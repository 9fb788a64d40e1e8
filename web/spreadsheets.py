"""Spreadsheet cells written inert: text a user typed such as "=HYPERLINK(...)" or "@SUM(...)" must not
become a formula when a CSV or Excel file is opened (OWASP "CSV injection"). Text starting with a formula
sign, a tab or a carriage return is stored as text in Excel and prefixed with an apostrophe in CSV. Every
CSV and Excel writer of the system passes its cells through here."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

# OWASP CSV injection: the signs a spreadsheet reads as the start of a formula, plus tab and carriage return.
FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_SIGNS)


def csv_cell(value: Any) -> Any:
    """A CSV cell: empty for None, an apostrophe before formula-like text, anything else as it is."""
    if value is None:
        return ""
    return f"'{value}" if is_formula_like(value) else value


def write_csv(out: Any, rows: Iterable[Sequence[Any]]) -> None:
    """Write the rows to a file-like `out` (e.g. an HttpResponse) with every cell made inert."""
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def mark_text(sheet: Any) -> None:
    """Store every formula-like cell of an openpyxl worksheet as text (openpyxl would store "=…" as a
    formula). Call it once the sheet is filled."""
    for line in sheet.iter_rows():
        for cell in line:
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
