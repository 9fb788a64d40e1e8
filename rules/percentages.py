"""Percentages judged against a target or threshold, and the figure shown beside the verdict
(docs/domain.md "Targets").

The verdict compares the unrounded value: 1,999 of 2,500 posyandu aktif is 79.96 %, which does not reach
80 %. The figure shown is rounded to one decimal, unless that rounding would land on the other side of the
target than the value itself; then it takes as many decimals as it needs (79.96 %, not 80.0 %), so a screen
never shows "80,0 %" next to "belum".
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

MAX_DECIMALS = 4


def ratio(part: int, whole: int) -> Fraction | None:
    """part / whole × 100, exactly; None when `whole` is 0."""
    return None if whole <= 0 else Fraction(100 * part, whole)


def _exact(value: Fraction | float) -> Fraction:
    return value if isinstance(value, Fraction) else _decimal(value)


@lru_cache(maxsize=1024)
def _decimal(value: float) -> Fraction:
    """The float as the decimal it prints as (a target of 14.0 is exactly 14), kept: the same thresholds are
    compared against thousands of shares in a request."""
    return Fraction(str(value))


def reaches(value: Fraction | float, target: float) -> bool:
    """The value is at or above the target, compared unrounded."""
    return _exact(value) >= _exact(target)


def exceeds(value: Fraction | float, limit: float) -> bool:
    """The value is above the limit (a threshold not to pass), compared unrounded."""
    return _exact(value) > _exact(limit)


def _rounded(value: Fraction, decimals: int) -> Fraction:
    """Rounded as Python's round() of the float always did here (so figures away from a target stay as
    they were)."""
    return Fraction(str(round(float(value), decimals)))


def shown(
    value: Fraction | float | None, *, against: float | None = None, strict: bool = False, decimals: int = 1
) -> float | None:
    """The value as shown: `decimals` decimals, more when fewer would change the verdict against `against`
    (`reaches` it, or with `strict` `exceeds` it) from the verdict on the value itself."""
    if value is None:
        return None
    exact = _exact(value)
    if against is None:
        return float(_rounded(exact, decimals))
    judge = exceeds if strict else reaches
    verdict = judge(exact, against)
    for places in range(decimals, MAX_DECIMALS + 1):
        candidate = _rounded(exact, places)
        if judge(candidate, against) == verdict:
            return float(candidate)
    # Closer to the target than MAX_DECIMALS show: the nearest figure on the value's own side.
    step = Fraction(1, 10**MAX_DECIMALS)
    low = Fraction(int(exact / step)) * step
    return float(low if judge(low, against) == verdict else low + step)


def places(value: float) -> int:
    """The decimals a shown value carries, at least one: 79.96 → 2, 80.0 → 1 (for formatting it)."""
    return max(1, len(repr(float(value)).partition(".")[2].rstrip("0")))
