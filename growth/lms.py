"""The shared z-score helper: WHO's LMS z-score, its restricted form beyond ±3 SD, and the inverse.

WHO Child Growth Standards, Methods and development (2006), chapter 7; written exactly as WHO anthro's
`compute_zscore` / `compute_zscore_adjusted` evaluate it, so that results agree to the last bit.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def r_pow(x: FloatArray, y: FloatArray | float) -> FloatArray:
    """R's `x ^ y` elementwise, to the last bit.

    `np.power` on float64 arrays may use SIMD kernels that differ from the C library's `pow` in the last
    bit (about 5 % of values on an AVX-512 machine); `np.float_power` calls `pow` like R does. R differs
    from C only for a base of −inf with a non-integer power (R: NaN, C: 0 or inf)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        result: FloatArray = np.float_power(x, y)
        odd_case = np.isneginf(x) & (np.floor(y) != y)
    if odd_case.any():
        result = np.where(odd_case, np.nan, result)
    return result


def sd_value(m: npt.ArrayLike, l: npt.ArrayLike, s: npt.ArrayLike, k: float) -> FloatArray:  # noqa: E741
    """The measurement on the k-th SD curve of the plain LMS distribution: `M·(1 + L·S·k)^(1/L)`."""
    m_, l_, s_ = (np.asarray(a, dtype=np.float64) for a in (m, l, s))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        result: FloatArray = m_ * r_pow(1.0 + l_ * s_ * k, 1.0 / l_)
    return result


def zscore(y: FloatArray, m: FloatArray, l: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """Plain LMS z-score `((y/M)^L − 1) / (S·L)` (length/height- and head circumference-for-age)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        result: FloatArray = (r_pow(y / m, l) - 1.0) / (s * l)
    return result


def restrict(
    z: FloatArray,
    y: FloatArray,
    m: FloatArray,
    l: FloatArray,  # noqa: E741
    s: FloatArray,
    sd3pos: FloatArray | None = None,
    sd23pos: FloatArray | None = None,
    sd3neg: FloatArray | None = None,
    sd23neg: FloatArray | None = None,
) -> FloatArray:
    """WHO's restricted application of the LMS method: beyond ±3 SD the scale is linear with the distance
    between the 2 and 3 SD curves. The test is on the unrounded first-pass z; NaN stays NaN.

    The SD curve values may be passed precomputed (row by row from the table, which gives the same doubles)
    so that only the rows beyond ±3 need any further power."""
    out = z.copy()
    with np.errstate(invalid="ignore"):
        above = np.flatnonzero(z > 3.0)
        below = np.flatnonzero(z < -3.0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if above.size:
            ma, la, sa = m[above], l[above], s[above]
            if sd3pos is None or sd23pos is None:
                p3 = sd_value(ma, la, sa, 3.0)
                p23 = p3 - sd_value(ma, la, sa, 2.0)
            else:
                p3, p23 = sd3pos[above], sd23pos[above]
            out[above] = 3.0 + (y[above] - p3) / p23
        if below.size:
            mb, lb, sb = m[below], l[below], s[below]
            if sd3neg is None or sd23neg is None:
                n3 = sd_value(mb, lb, sb, -3.0)
                n23 = sd_value(mb, lb, sb, -2.0) - n3
            else:
                n3, n23 = sd3neg[below], sd23neg[below]
            out[below] = -3.0 + (y[below] - n3) / n23
    return out


def zscore_restricted(y: FloatArray, m: FloatArray, l: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """WHO anthro's `compute_zscore_adjusted`: the plain z, restricted beyond ±3 SD."""
    return restrict(zscore(y, m, l, s), y, m, l, s)


def value_at_z(
    z: npt.ArrayLike,
    m: npt.ArrayLike,
    l: npt.ArrayLike,  # noqa: E741
    s: npt.ArrayLike,
    *,
    restricted: bool,
) -> FloatArray:
    """The measurement whose z-score is `z`: the inverse of `zscore` or, if `restricted`, of
    `zscore_restricted` (linear beyond ±3 SD with the 2–3 SD distance, as WHO extrapolates)."""
    z_, m_, l_, s_ = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (z, m, l, s)))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        plain: FloatArray = m_ * r_pow(1.0 + l_ * s_ * z_, 1.0 / l_)
        if not restricted:
            return plain
        sd3pos = sd_value(m_, l_, s_, 3.0)
        sd3neg = sd_value(m_, l_, s_, -3.0)
        upper = sd3pos + (z_ - 3.0) * (sd3pos - sd_value(m_, l_, s_, 2.0))
        lower = sd3neg + (z_ + 3.0) * (sd_value(m_, l_, s_, -2.0) - sd3neg)
    result: FloatArray = np.where(z_ > 3.0, upper, np.where(z_ < -3.0, lower, plain))
    return result
