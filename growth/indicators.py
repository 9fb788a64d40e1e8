"""One z-score indicator, computed the way WHO's R code does for a whole column at once.

`IndicatorResult` carries the unrounded and rounded z-score, the flag and the rows WHO computed; the
age-based indicators of both WHO packages share `age_indicator` (exact day lookup for 2006, linear
interpolation between months for 2007).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from growth import lms
from growth.rounding import r_round
from growth.tables import LmsTable, load

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
CodeArray = npt.NDArray[np.int8]


@dataclass(frozen=True)
class IndicatorResult:
    """`z` is `z_unrounded` rounded like R's `round(z, 2)`; `flag` is 1.0/0.0 on the rounded z and NaN where
    z is NaN. `computed` marks the rows WHO computes a value for: a NaN there is WHO's NaN (for example
    weight-for-length with a negative weight), elsewhere it is a missing value (R's NA)."""

    z_unrounded: FloatArray
    z: FloatArray
    flag: FloatArray
    computed: BoolArray


@dataclass(frozen=True)
class Flagging:
    """WHO's implausibility flag on the rounded z: flagged if z < low or z > high."""

    low: float
    high: float


def finish(z_unrounded: FloatArray, computed: BoolArray, flagging: Flagging) -> IndicatorResult:
    z = r_round(z_unrounded, 2)
    with np.errstate(invalid="ignore"):
        flagged = ((z < flagging.low) | (z > flagging.high)).astype(np.float64)
    flagged[np.isnan(z)] = np.nan
    return IndicatorResult(z_unrounded, z, flagged, computed)


def empty(n: int) -> IndicatorResult:
    nan = np.full(n, np.nan)
    return IndicatorResult(nan, nan.copy(), nan.copy(), np.zeros(n, dtype=bool))


@cache
def table_sd_curves(name: str) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """SD3pos, SD23pos, SD3neg, SD23neg for every table row, computed with WHO's formula (the same
    doubles as computing them per child)."""
    table = load(name)
    sd3pos = lms.sd_value(table.m, table.l, table.s, 3.0)
    sd3neg = lms.sd_value(table.m, table.l, table.s, -3.0)
    sd23pos = sd3pos - lms.sd_value(table.m, table.l, table.s, 2.0)
    sd23neg = lms.sd_value(table.m, table.l, table.s, -2.0) - sd3neg
    return sd3pos, sd23pos, sd3neg, sd23neg


@cache
def _l_is_one(name: str) -> bool:
    return bool(np.all(load(name).l == 1.0))


def z_from_rows(table: LmsTable, rows: IntArray, y: FloatArray, *, restricted: bool) -> FloatArray:
    """The z-score of each measurement y against the table row of the same position (exact lookup)."""
    m = table.m[rows]
    s = table.s[rows]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if _l_is_one(table.name):
            # (y/M)^1 and S·1 are exact, so skipping the power gives the same doubles.
            z: FloatArray = (y / m - 1.0) / s
        else:
            z = lms.zscore(y, m, table.l[rows], s)
    if not restricted:
        return z
    sd3pos, sd23pos, sd3neg, sd23neg = table_sd_curves(table.name)
    with np.errstate(invalid="ignore"):
        above = np.flatnonzero(z > 3.0)
        below = np.flatnonzero(z < -3.0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if above.size:
            r = rows[above]
            z[above] = 3.0 + (y[above] - sd3pos[r]) / sd23pos[r]
        if below.size:
            r = rows[below]
            z[below] = -3.0 + (y[below] - sd3neg[r]) / sd23neg[r]
    return z


def z_from_lms(y: FloatArray, m: FloatArray, l: FloatArray, s: FloatArray, *, restricted: bool) -> FloatArray:  # noqa: E741
    """The z-score against interpolated L, M, S (weight-for-length/height, the 2007 reference)."""
    return lms.zscore_restricted(y, m, l, s) if restricted else lms.zscore(y, m, l, s)


def day_rows(
    table: LmsTable, sex: CodeArray, day: FloatArray, candidates: BoolArray
) -> tuple[IntArray, IntArray]:
    """Positions among `candidates` whose (sex, day) is in the table, and their table rows."""
    with np.errstate(invalid="ignore"):
        inside = candidates & (sex > 0) & (day >= table.first) & (day <= table.last)
    positions = np.flatnonzero(inside)
    rows = (sex[positions].astype(np.intp) - 1) * table.size + (day[positions].astype(np.intp) - table.first)
    return positions, rows
