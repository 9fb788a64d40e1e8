"""WHO's own output, read from data/who_reference/ (its README says how the files were made)."""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

import numpy as np

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "who_reference"
ANTHRO_CSV = REFERENCE_DIR / "who_anthro_reference.csv"
ANTHROPLUS_CSV = REFERENCE_DIR / "who_anthroplus_reference.csv"

INDICATORS_2006 = ("len", "wei", "wfl", "bmi", "hc", "ac", "ts", "ss")
INDICATORS_2007 = ("hfa", "wfa", "bfa")
# The columns to reproduce exactly (besides the text columns cmeasure and coedema).
EXACT_2006 = ["clenhei", "cbmi", "csex", "c9mo_flag"] + [f"{p}{i}" for i in INDICATORS_2006 for p in "zf"]
EXACT_2007 = ["csex", "cbmi"] + [f"{p}{i}" for i in INDICATORS_2007 for p in "zf"]


@cache
def rows(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(newline="") as handle:
        return tuple(csv.DictReader(handle))


def number(text: str) -> float:
    """Empty = missing (NaN here); "NaN" and "Inf" as R writes them."""
    return math.nan if text == "" else float(text)


def numbers(records: list[dict[str, str]] | tuple[dict[str, str], ...], column: str) -> np.ndarray:
    result: np.ndarray = np.array([number(r[column]) for r in records], dtype=np.float64)
    return result


def codes(records: list[dict[str, str]] | tuple[dict[str, str], ...], column: str) -> list[str | None]:
    return [r[column] or None for r in records]


def same_pattern(expected: np.ndarray, got: np.ndarray) -> np.ndarray:
    """Per element: both missing/NaN, or both the same infinity, or both finite."""
    result: np.ndarray = (np.isnan(expected) == np.isnan(got)) & (np.isinf(expected) == np.isinf(got))
    return result


def assert_column(
    records: list[dict[str, str]] | tuple[dict[str, str], ...], name: str, got: np.ndarray, tolerance: float
) -> None:
    """Every row of column `name` as WHO wrote it: the same missing/NaN/Inf pattern and finite values within
    `tolerance` (0: the same doubles)."""
    expected = numbers(records, name)
    got = np.asarray(got, dtype=np.float64)
    pattern = same_pattern(expected, got)
    finite = np.isfinite(expected) & np.isfinite(got)
    close = ~finite | (np.abs(expected - got) <= tolerance)
    infinite_same = ~np.isinf(expected) | (expected == got)
    bad = np.flatnonzero(~(pattern & close & infinite_same))
    detail = [(records[i]["id"], records[i]["category"], expected[i], got[i]) for i in bad[:5]]
    assert bad.size == 0, f"{name}: {bad.size} rows differ, e.g. {detail}"
