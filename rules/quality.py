"""Data-quality measures of a posyandu's anthropometry (WHO/UNICEF 2019, *Recommendations for data collection,
analysis and reporting on anthropometric indicators in children under 5 years old*): the share of z-scores
WHO flags as implausible, digit preference (heaping of the last digit on .0 and .5), the standard deviation
of HAZ and WHZ, and the share of weighed children without a length/height.

The database supplies sufficient statistics (counts, sums, sums of squares, digit histograms), so one
grouped query serves a whole kabupaten; these functions turn them into the measures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rules import percentages


@dataclass(frozen=True)
class Thresholds:
    """The data-quality thresholds (docs/domain.md "Data quality"). They are fields of the Tim Pembina's
    versioned problem set (`rules.problems.Thresholds` extends this class; overridable in settings through
    the one loader, `rules.rulesets.PROBLEMS`), so "Mutu data" and the problems judge with the same numbers
    and the same check, `Quality.problems`."""

    max_flagged_pct: float = 5.0  # share of measurements WHO flags as implausible (WHO expects < 1 %)
    max_heaping_pct: float = 50.0  # values ending in .0 or .5 (20 % expected without rounding)
    min_measurements: int = 10  # below this, quality shares say nothing
    sd_range: tuple[float, float] = (0.8, 1.2)  # SD of HAZ and WHZ (WHO/UNICEF 2019)
    max_missing_length_pct: float = 10.0  # weighed without a length: a missing or broken length board


DEFAULT_THRESHOLDS = Thresholds()

# Codes of the checks.
FLAGGED = "flagged"
WEIGHT_HEAPING = "weight_heaping"
LENGTH_HEAPING = "length_heaping"
HAZ_SD = "haz_sd"
WHZ_SD = "whz_sd"
MISSING_LENGTH = "missing_length"


@dataclass(frozen=True)
class Moments:
    """n, Σx and Σx² of a z-score."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def __add__(self, other: Moments) -> Moments:
        return Moments(self.n + other.n, self.total + other.total, self.total_sq + other.total_sq)

    @property
    def mean(self) -> float | None:
        return None if self.n == 0 else self.total / self.n

    @property
    def sd(self) -> float | None:
        """The sample standard deviation (n − 1)."""
        if self.n < 2:
            return None
        variance = (self.total_sq - self.total * self.total / self.n) / (self.n - 1)
        return math.sqrt(max(variance, 0.0))


def _zero_digits() -> tuple[int, ...]:
    return (0,) * 10


@dataclass(frozen=True)
class Quality:
    measured: int = 0  # measurements of children 0–59 months
    flagged: int = 0  # of which WHO flagged at least one z-score
    weighed: int = 0
    missing_length: int = 0  # weighed without a length/height
    weight_digits: tuple[int, ...] = field(default_factory=_zero_digits)  # histogram of the 0.1 kg digit
    length_digits: tuple[int, ...] = field(default_factory=_zero_digits)  # histogram of the 0.1 cm digit
    haz: Moments = field(default_factory=Moments)
    whz: Moments = field(default_factory=Moments)

    def __add__(self, other: Quality) -> Quality:
        return Quality(
            self.measured + other.measured,
            self.flagged + other.flagged,
            self.weighed + other.weighed,
            self.missing_length + other.missing_length,
            tuple(a + b for a, b in zip(self.weight_digits, other.weight_digits, strict=True)),
            tuple(a + b for a, b in zip(self.length_digits, other.length_digits, strict=True)),
            self.haz + other.haz,
            self.whz + other.whz,
        )

    @property
    def flagged_pct(self) -> float | None:
        return _pct(self.flagged, self.measured)

    @property
    def weight_heaping_pct(self) -> float | None:
        return heaping_pct(self.weight_digits)

    @property
    def length_heaping_pct(self) -> float | None:
        return heaping_pct(self.length_digits)

    @property
    def weight_dps(self) -> float | None:
        return digit_preference_score(self.weight_digits)

    @property
    def length_dps(self) -> float | None:
        return digit_preference_score(self.length_digits)

    @property
    def missing_length_pct(self) -> float | None:
        return _pct(self.missing_length, self.weighed)

    def judged(self, t: Thresholds = DEFAULT_THRESHOLDS) -> bool:
        """Enough measurements to judge (fewer: shown, not judged)."""
        return self.measured >= t.min_measurements

    def problems(self, t: Thresholds = DEFAULT_THRESHOLDS) -> list[str]:
        """Codes of the checks that fail, on the unrounded shares, only judged from `t.min_measurements`
        measurements: the one check of "Mutu data" and of the Tim Pembina's measurement-quality problem."""
        if not self.judged(t):
            return []
        out = []
        flagged_share = percentages.ratio(self.flagged, self.measured)
        if flagged_share is not None and percentages.exceeds(flagged_share, t.max_flagged_pct):
            out.append(FLAGGED)
        for code, digits in ((WEIGHT_HEAPING, self.weight_digits), (LENGTH_HEAPING, self.length_digits)):
            share = percentages.ratio(digits[0] + digits[5], sum(digits))
            if share is not None and percentages.exceeds(share, t.max_heaping_pct):
                out.append(code)
        low, high = t.sd_range
        for code, moments in ((HAZ_SD, self.haz), (WHZ_SD, self.whz)):
            sd = moments.sd
            if moments.n >= t.min_measurements and sd is not None and not low <= sd <= high:
                out.append(code)
        missing_share = percentages.ratio(self.missing_length, self.weighed)
        if missing_share is not None and percentages.exceeds(missing_share, t.max_missing_length_pct):
            out.append(MISSING_LENGTH)
        return out


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def heaping_pct(digits: Sequence[int]) -> float | None:
    """Share of last digits that are 0 or 5, percent (20 % without heaping)."""
    return _pct(digits[0] + digits[5], sum(digits))


def digit_preference_score(digits: Sequence[int]) -> float | None:
    """WHO's digit preference score: 100 × √(χ² / (n × (k − 1))) over the k = 10 last digits; 0 is a uniform
    spread, 100 every value on one digit (WHO Anthro Survey Analyser; < 8 excellent, ≥ 20 problematic)."""
    n = sum(digits)
    if n == 0:
        return None
    expected = n / 10
    chi2 = sum((d - expected) ** 2 / expected for d in digits)
    return round(100.0 * math.sqrt(chi2 / (n * 9)), 1)
