"""The two roundings WHO's R code uses, reproduced exactly."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_LOG10_2 = 0.301029995663981195  # M_LOG10_2 of R's nmath
_DBL_DIG = 15


@cache
def _smallest_unroundable_logb(digits: int) -> int:
    exponent = -1100
    while not digits + (exponent + 0.5) * _LOG10_2 > _DBL_DIG:
        exponent += 1
    return exponent


def r_round(x: npt.ArrayLike, digits: int = 2) -> FloatArray:
    """R (≥ 4.0) `round(x, digits)` for digits ≥ 1, elementwise.

    Of the two candidates `floor(|x|·10^d)/10^d` and `ceil(|x|·10^d)/10^d` it takes the nearer one,
    compared in double arithmetic; on an exact tie the one whose last digit is even; the sign is kept.
    Values too large to have `digits` decimals (R's `dig + (logb(x) + 0.5)·log10(2) > 15`) and
    non-finite values pass through.
    Python's `round` and `np.round` differ on exact 3-decimal ties (2.735: R 2.73, Python 2.74)."""
    if digits < 1:
        raise ValueError("digits must be ≥ 1")
    given = np.asarray(x, dtype=np.float64)
    values = given.reshape(-1)
    pow10 = 10.0**digits
    with np.errstate(invalid="ignore", over="ignore"):
        a = np.abs(values)
        x10 = a * pow10
        i10 = np.floor(x10)
        low = i10 / pow10
        high = np.ceil(x10, out=x10)
        high /= pow10
        du = high - a
        dd = a - low
        rounded = np.where(du < dd, high, low)
        ties = np.flatnonzero(du == dd)  # exact ties (and exact 2-decimal values, where high == low)
        if ties.size:
            odd = np.fmod(i10[ties], 2.0) == 1.0
            rounded[ties[odd]] = high[ties[odd]]
        # NaN, ±inf and ±0 come through the arithmetic unchanged. R returns x itself when it cannot have
        # `digits` decimals: dig + (logb(|x|) + 0.5)·log10(2) > 15 (2 digits: |x| ≥ 2^43).
        too_large = a >= 2.0 ** _smallest_unroundable_logb(digits)
    result: FloatArray = np.copysign(rounded, values)
    if too_large.any():
        result[too_large] = values[too_large]
    return result.reshape(given.shape)


def round_half_up(x: npt.ArrayLike) -> FloatArray:
    """WHO anthro's `round_up`: floor, plus one when the fractional part is ≥ 0.5 (730.49 → 730, 730.5 → 731).

    Only defined for x ≥ 0 (callers refuse negative ages first); NaN and ±inf pass through."""
    values = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        floor = np.floor(values)
        return np.where(values - floor >= 0.5, floor + 1.0, floor)
