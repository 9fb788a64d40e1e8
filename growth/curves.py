"""Growth-chart curves (KMS): the measurement on each SD line, from the same LMS tables and the same
restricted extrapolation as the z-scores, so that a value read off a line gives exactly that z-score."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from growth import lms
from growth.inputs import SEX, as_codes, as_float
from growth.rounding import round_half_up
from growth.tables import LmsTable, load
from growth.weight_for_lenhei import UNKNOWN_AGE_CUT_CM

FloatArray = npt.NDArray[np.float64]

SD_LINES = (-3, -2, -1, 0, 1, 2, 3)
# indicator: (table, restricted like the z-score)
AGE_CURVES = {"wfa": ("weianthro", True), "lhfa": ("lenanthro", False)}


def _sex(sex: Any) -> int:
    codes = as_codes(SEX, sex, 1)
    if codes.shape != (1,) or codes[0] == 0:
        raise ValueError("one sex is needed (1/2/m/f)")
    return int(codes[0])


def _lms_by_age(table: LmsTable, sex: int, age_days: FloatArray) -> tuple[FloatArray, ...]:
    day = round_half_up(age_days)
    inside = (day >= table.first) & (day <= table.last)
    rows = (sex - 1) * table.size + np.where(inside, day, table.first).astype(np.intp) - table.first
    nan = np.where(inside, 1.0, np.nan)
    return table.m[rows] * nan, table.l[rows] * nan, table.s[rows] * nan


def _lms_by_lenhei(table: LmsTable, sex: int, lenhei_cm: FloatArray) -> tuple[FloatArray, ...]:
    """WHO's interpolation at 0.1 cm, as in `growth.weight_for_lenhei`."""
    with np.errstate(invalid="ignore"):
        x10 = lenhei_cm * 10.0
        low = np.trunc(x10)
        upp = np.trunc(x10 + 1.0)
        diff = (lenhei_cm - low / 10.0) / 0.1
        inside = (lenhei_cm >= table.first / 10.0) & (lenhei_cm <= table.last / 10.0)
        upp_inside = (upp >= table.first) & (upp <= table.last)
    offset = (sex - 1) * table.size - table.first
    low_row = offset + np.where(inside, low, table.first).astype(np.intp)
    upp_row = offset + np.where(upp_inside, upp, table.first).astype(np.intp)
    interpolate = diff > 0
    ok = inside & (~interpolate | upp_inside)
    out = []
    for column in (table.m, table.l, table.s):
        value = np.where(
            interpolate, column[low_row] + diff * (column[upp_row] - column[low_row]), column[low_row]
        )
        out.append(np.where(ok, value, np.nan))
    return tuple(out)


def values_at_z(indicator: str, sex: Any, x: Any, z: Any, *, measure: str | None = None) -> FloatArray:
    """The measurement with z-score `z` (any value; beyond ±3 SD WHO's linear extrapolation for the
    restricted indicators) for "wfa" (kg), "lhfa" (cm) at age `x` in days (rounded half up, like WHO), or
    "wflh" (kg) at length/height `x` cm. For "wflh" `measure` chooses the table: "l" weight-for-length
    (45–110 cm), "h" weight-for-height (65–120 cm); None takes length below 87 cm and height from 87 cm.
    NaN outside the tables."""
    code = _sex(sex)
    xs = as_float("x", x, np.asarray(x).size or 1)
    if indicator in AGE_CURVES:
        table_name, restricted = AGE_CURVES[indicator]
        m, l, s = _lms_by_age(load(table_name), code, xs)  # noqa: E741
    elif indicator == "wflh":
        if measure not in (None, "l", "h"):
            raise ValueError("measure must be 'l', 'h' or None")
        on_length = xs < UNKNOWN_AGE_CUT_CM if measure is None else np.full(xs.shape, measure == "l")
        m, l, s = (np.full(xs.shape, np.nan) for _ in range(3))  # noqa: E741
        for mask, name in ((on_length, "wflanthro"), (~on_length, "wfhanthro")):
            if mask.any():
                parts = _lms_by_lenhei(load(name), code, xs[mask])
                m[mask], l[mask], s[mask] = parts
        restricted = True
    else:
        raise ValueError(f"unknown indicator {indicator!r}; one of wfa, lhfa, wflh")
    return lms.value_at_z(z, m, l, s, restricted=restricted)


def sd_lines(indicator: str, sex: Any, x: Any, *, measure: str | None = None) -> dict[int, FloatArray]:
    """The −3 … +3 SD lines of a KMS chart: {k: measurement on the k SD line at each x}.

    x is the age in days for "wfa" and "lhfa", the length/height in cm for "wflh" (see `values_at_z`)."""
    return {k: values_at_z(indicator, sex, x, float(k), measure=measure) for k in SD_LINES}
