"""The WHO LMS tables shipped with the package, as NumPy arrays indexed by sex and age (or length/height).

Files: `<name>.csv` with columns `sex, age|lenhei, l, m, s` (WHO's table names). Provenance, licence notice
and checksums: PROVENANCE.md; the files were written by `convert.py`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

HERE = Path(__file__).resolve().parent

FloatArray = npt.NDArray[np.float64]

# Day-based 2006 tables (key: integer age in days).
DAY_TABLES = ("weianthro", "lenanthro", "bmianthro", "hcanthro", "acanthro", "tsanthro", "ssanthro")
# 2006 weight-for-length and weight-for-height (key: length/height in tenths of a cm).
LENHEI_TABLES = ("wflanthro", "wfhanthro")
# 2007 reference (key: integer age in months).
MONTH_TABLES = ("hfawho2007", "wfawho2007", "bfawho2007")
TABLE_NAMES = DAY_TABLES + LENHEI_TABLES + MONTH_TABLES


@dataclass(frozen=True)
class LmsTable:
    """An LMS table as dense arrays: row `(sex - 1) * size + (key - first)` holds the key's L, M and S.

    `key` is the integer age (days or months) or, for the length/height tables, the length in tenths of a
    centimetre (45.0 cm → 450). `first` and `last` are the covered keys, the same for both sexes."""

    name: str
    first: int
    last: int
    l: FloatArray  # noqa: E741 - WHO's name for the Box-Cox power
    m: FloatArray
    s: FloatArray

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@cache
def load(name: str) -> LmsTable:
    """Read one table; the result is cached and its arrays are read-only."""
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}")
    keys: dict[int, list[int]] = {1: [], 2: []}
    values: dict[int, list[tuple[float, float, float]]] = {1: [], 2: []}
    with (HERE / f"{name}.csv").open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        tenths = header[1] == "lenhei"
        for sex_text, key_text, l_text, m_text, s_text in reader:
            sex = int(sex_text)
            key = round(float(key_text) * 10) if tenths else int(key_text)
            keys[sex].append(key)
            values[sex].append((float(l_text), float(m_text), float(s_text)))
    first, last = keys[1][0], keys[1][-1]
    for sex in (1, 2):
        if keys[sex] != list(range(first, last + 1)):
            raise ValueError(f"{name}: keys of sex {sex} are not the contiguous range {first}..{last}")
    lms = np.array(values[1] + values[2], dtype=np.float64)
    columns = [np.ascontiguousarray(lms[:, i]) for i in range(3)]
    for column in columns:
        column.flags.writeable = False
    return LmsTable(name, first, last, columns[0], columns[1], columns[2])
