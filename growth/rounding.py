"""The two roundings WHO's R code uses, reproduced exactly."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_LOG10_2 = 0.301029995663981195  # M_LOG10_2 of R's nmath
_DBL_DIG = 15


def r_round(x: npt.ArrayLike, digits: int = 2) -> FloatArray:
    """R (≥ 4.0) `round(x, digits)` for digits ≥ 1, elementwise.

    Of the two candidates `floor(|x|·10^d)/10^d` and `ceil(|x|·10^d)/10^d` it takes the nearer one,
    compared in double arithmetic; on an exact tie the one whose last digit is even; the sign is kept.
    Values too large to have `digits` decimals (R's `dig + (logb(x) + 0.5)·log10(2) > 15`) and
    non-finite values pass through.
    Python's `round` and `np.round` differ on exact 3-decimal ties (2.735: R 2.73, Python 2.74)."""
    if digits < 1:
        raise ValueError("digits must be ≥ 1")
    values = np.asarray(x, dtype=np.float64)
    a = np.abs(values)
    pow10 = 10.0**digits
    with np.errstate(invalid="ignore", over="ignore"):
        x10 = a * pow10
        i10 = np.floor(x10)
        low = i10 / pow10
        high = np.ceil(x10) / pow10
        du = high - a
        dd = a - low
        take_high = (du < dd) | ((du == dd) & (np.fmod(i10, 2.0) == 1.0))
        rounded = np.where(take_high, high, low)
        # logb(a): the unbiased binary exponent; frexp gives a = m·2^e with m in [0.5, 1), so logb = e - 1.
        exponent = np.frexp(a)[1].astype(np.float64) - 1.0
        too_large = digits + (exponent + 0.5) * _LOG10_2 > _DBL_DIG
    result = np.where(np.signbit(values), -rounded, rounded)
    keep = ~np.isfinite(values) | too_large | (values == 0.0)
    return np.where(keep, values, result)


def round_half_up(x: npt.ArrayLike) -> FloatArray:
    """WHO anthro's `round_up`: floor, plus one when the fractional part is ≥ 0.5 (730.49 → 730, 730.5 → 731).

    Only defined for x ≥ 0 (callers refuse negative ages first); NaN and ±inf pass through."""
    values = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        floor = np.floor(values)
        return np.where(values - floor >= 0.5, floor + 1.0, floor)
