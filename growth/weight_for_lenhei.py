"""Weight-for-length/height (WHO 2006): table choice by age, interpolation at 0.1 cm, restricted LMS.

Written to match WHO anthro 1.1.0's `anthro_zscore_weight_for_lenhei` to the last bit, including its
floating-point detail: the upper interpolation row is `trunc(x·10 + 1)/10`, which is not always `low + 0.1`
(103.1 cm lying at ≥ 731 days becomes 102.39999999999999 cm and interpolates towards 102.5 cm).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from growth.indicators import Flagging, IndicatorResult, finish, z_from_lms
from growth.inputs import Age
from growth.tables import load

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

FLAGGING = Flagging(-5.0, 5.0)
LENGTH_RANGE_CM = (45.0, 110.0)  # wflanthro, used under 731 days
HEIGHT_RANGE_CM = (65.0, 120.0)  # wfhanthro, used from 731 days
UNKNOWN_AGE_CUT_CM = 87.0  # with age and position unknown: length table below 87 cm, height table from 87 cm


def tables_to_join(clenhei: FloatArray, cmeasure: CodeArray, age: Age) -> tuple[BoolArray, BoolArray]:
    """Which rows use the length table and which the height table. The age decides when known; without an
    age the recorded position (1 = l, 2 = h) does; without both, the 87 cm rule."""
    known = age.known_days
    unknown = ~known
    with np.errstate(invalid="ignore"):
        on_length = (known & (age.days < 731)) | (unknown & (cmeasure == 1))
        on_length |= unknown & (cmeasure == 0) & (clenhei < UNKNOWN_AGE_CUT_CM)
        on_height = (known & (age.days >= 731)) | (unknown & (cmeasure == 2))
        on_height |= unknown & (cmeasure == 0) & (clenhei >= UNKNOWN_AGE_CUT_CM)
    return on_length, on_height & ~on_length


def weight_for_lenhei(
    weight: FloatArray,
    clenhei: FloatArray,
    cmeasure: CodeArray,
    age: Age,
    sex: CodeArray,
    oedema: BoolArray,
) -> IndicatorResult:
    """zwfl/fwfl for cleaned inputs (clenhei after the ±0.7 cm rule, cmeasure after the 9-month rule).

    No weight ≤ 0 guard, as in WHO anthro 1.1.0: a weight of 0 gives a finite (flagged) z and a negative
    weight gives NaN. Computed when the age is missing, since R's `NA & TRUE` keeps the value."""
    n = weight.shape[0]
    on_length, on_height = tables_to_join(clenhei, cmeasure, age)
    with np.errstate(invalid="ignore"):
        in_range = (on_length & (clenhei >= LENGTH_RANGE_CM[0]) & (clenhei <= LENGTH_RANGE_CM[1])) | (
            on_height & (clenhei >= HEIGHT_RANGE_CM[0]) & (clenhei <= HEIGHT_RANGE_CM[1])
        )
        candidates = (
            in_range
            & ~np.isnan(weight)
            & (sex > 0)
            & ~oedema
            & ~(age.days > 1856)  # NA age passes
            & ~(age.months >= 60)  # NA months pass (R: valid & NA keeps the z-score)
        )
    z_unrounded = np.full(n, np.nan)
    computed = np.zeros(n, dtype=bool)
    for mask, name in ((on_length, "wflanthro"), (on_height, "wfhanthro")):
        positions = np.flatnonzero(candidates & mask)
        if positions.size == 0:
            continue
        table = load(name)
        x = clenhei[positions]
        x10 = x * 10.0
        low_tenths = np.trunc(x10)
        upp_tenths = np.trunc(x10 + 1.0)
        diff = (x - low_tenths / 10.0) / 0.1
        offset = (sex[positions].astype(np.intp) - 1) * table.size - table.first
        low_row = offset + low_tenths.astype(np.intp)
        upp_key = upp_tenths.astype(np.intp)
        interpolate = diff > 0
        # An upper row outside the table leaves WHO's join empty (NA); only possible at the range ends.
        has_upper = (upp_key >= table.first) & (upp_key <= table.last)
        upp_row = offset + np.where(has_upper, upp_key, table.first)
        l_low, m_low, s_low = table.l[low_row], table.m[low_row], table.s[low_row]
        l_upp, m_upp, s_upp = table.l[upp_row], table.m[upp_row], table.s[upp_row]
        m = np.where(interpolate, m_low + diff * (m_upp - m_low), m_low)
        l = np.where(interpolate, l_low + diff * (l_upp - l_low), l_low)  # noqa: E741
        s = np.where(interpolate, s_low + diff * (s_upp - s_low), s_low)
        z = z_from_lms(weight[positions], m, l, s, restricted=True)
        lost = interpolate & ~has_upper
        z[lost] = np.nan
        z_unrounded[positions] = z
        computed[positions[~lost]] = True
    return finish(z_unrounded, computed, FLAGGING)
