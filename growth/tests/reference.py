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
