"""Prevalence arithmetic and data-quality statistics for sets of z-scores (docs/domain.md "Prevalence").

* A proportion with its Wilson score interval (95 % by default) and the "n kecil" mark below 30 children.
* `prevalence`: the share of valid, unflagged z-scores beyond a cut-off, with WHO's oedema rule.
* `quality`: WHO's data-quality checks of a z-score distribution (share flagged, SD, skewness).
* `digit_preference`: the terminal-digit distribution of measurements (heaping on .0 and .5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

from growth.rounding import r_round

SMALL_N = 30  # below 30 measured children: show the figure, marked "n kecil"
OEDEMA_Z = -3.1  # WHO anthro_prevalence: children with oedema count below −3 SD for the weight indicators

FloatArray = npt.NDArray[np.float64]


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of k successes out of n, as proportions (0–1). n = 0 gives (NaN, NaN)."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 ≤ k ≤ n, got k={k}, n={n}")
    if n == 0:
        return (math.nan, math.nan)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True)
class Proportion:
    """k of n, as a percentage `pct` with its Wilson interval `low`–`high` (percent, 0–100); `small_n` when
    n < 30 ("n kecil"). With n = 0 the percentages are NaN."""

    k: int
    n: int
    pct: float
    low: float
    high: float
    small_n: bool
    confidence: float = 0.95


def proportion(k: int, n: int, confidence: float = 0.95) -> Proportion:
    low, high = wilson_interval(k, n, confidence)
    pct = math.nan if n == 0 else 100.0 * k / n
    return Proportion(k, n, pct, 100.0 * low, 100.0 * high, n < SMALL_N, confidence)


def prevalence(
    z: Any,
    flags: Any = None,
    *,
    below: float | None = None,
    above: float | None = None,
    oedema: Any = None,
    confidence: float = 0.95,
) -> Proportion:
    """The share of children with z < `below` (or z > `above`) among those with a valid, unflagged z-score
    (z-scores rounded to 2 decimals as reported). With `oedema` (booleans, for weight-for-age, weight-for-
    length/height and BMI-for-age), children with oedema count as z = −3.1 like WHO anthro's prevalence."""
    if (below is None) == (above is None):
        raise ValueError("give exactly one of below or above")
    values = r_round(np.asarray(z, dtype=np.float64).reshape(-1), 2)
    if oedema is not None:
        values = np.where(np.resize(np.asarray(oedema, dtype=bool), values.shape), OEDEMA_Z, values)
    usable = ~np.isnan(values)
    if flags is not None:
        flagged = np.resize(np.asarray(flags, dtype=np.float64), values.shape) == 1.0
        if oedema is not None:
            flagged &= ~np.resize(np.asarray(oedema, dtype=bool), values.shape)
        usable &= ~flagged
    kept = values[usable]
    if below is not None:
        hits = kept < below
    else:
        assert above is not None
        hits = kept > above
    return proportion(int(hits.sum()), int(kept.shape[0]), confidence)


@dataclass(frozen=True)
class QualityStats:
    """n: z-scores present (flagged included); flagged_share: flagged / n; sd: the standard deviation
    (n − 1) and skewness (moment coefficient m3 / m2^1.5) of the unflagged z-scores. WHO/UNICEF (2019)
    treat an SD far outside about 0.8–1.2 and a |skewness| above about 0.5 as signs of poor data."""

    n: int
    flagged_share: float
    sd: float
    skewness: float


def quality(z: Any, flags: Any) -> QualityStats:
    """WHO's data-quality statistics for one indicator's z-scores and flags (missing z-scores ignored)."""
    values = np.asarray(z, dtype=np.float64).reshape(-1)
    flag_values = np.resize(np.asarray(flags, dtype=np.float64), values.shape)
    present = ~np.isnan(values)
    n = int(present.sum())
    flagged = present & (flag_values == 1.0)
    kept = values[present & ~flagged]
    kept = kept[np.isfinite(kept)]
    sd = float(np.std(kept, ddof=1)) if kept.shape[0] > 1 else math.nan
    if kept.shape[0] > 2:
        centred = kept - kept.mean()
        m2 = float(np.mean(centred**2))
        m3 = float(np.mean(centred**3))
        skewness = m3 / m2**1.5 if m2 > 0 else math.nan
    else:
        skewness = math.nan
    return QualityStats(n, int(flagged.sum()) / n if n else math.nan, sd, skewness)


def terminal_digits(values: Any, decimals: int = 1) -> npt.NDArray[np.int64]:
    """The digit at the given decimal place of each finite value (7.85 → 8 at 1 decimal, 5 at 2)."""
    numbers = np.asarray(values, dtype=np.float64).reshape(-1)
    numbers = numbers[np.isfinite(numbers)]
    scaled = np.rint(np.abs(numbers) * 10.0**decimals).astype(np.int64)
    result: npt.NDArray[np.int64] = scaled % 10
    return result


def digit_preference(values: Any, decimals: int = 1) -> dict[int, float]:
    """The share of each terminal digit 0–9 at the given decimal place (missing values ignored). Without
    heaping each digit is near 0.10; WHO's checks look at the shares on .0 and .5 (`half_and_whole_share`)."""
    digits = terminal_digits(values, decimals)
    if digits.shape[0] == 0:
        return {digit: math.nan for digit in range(10)}
    counts = np.bincount(digits, minlength=10)
    return {digit: float(counts[digit]) / digits.shape[0] for digit in range(10)}


@dataclass(frozen=True)
class DigitPreference:
    """n values; shares of each terminal digit; the share on 0, on 5, and on 0 or 5 (expected 0.2 without
    heaping); and the digit preference score of SMART (100·√(χ² / (n·9)); 0 = no preference)."""

    n: int
    shares: dict[int, float]
    share_0: float
    share_5: float
    share_0_or_5: float
    score: float


def digit_preference_summary(values: Any, decimals: int = 1) -> DigitPreference:
    digits = terminal_digits(values, decimals)
    n = int(digits.shape[0])
    shares = digit_preference(values, decimals)
    if n == 0:
        return DigitPreference(0, shares, math.nan, math.nan, math.nan, math.nan)
    counts = np.bincount(digits, minlength=10).astype(np.float64)
    expected = n / 10
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    score = 100.0 * math.sqrt(chi2 / (n * 9))
    return DigitPreference(n, shares, shares[0], shares[5], shares[0] + shares[5], score)


def half_and_whole_share(values: Any) -> float:
    """The share of measurements recorded on .0 or .5 (first decimal)."""
    return digit_preference_summary(values, 1).share_0_or_5
