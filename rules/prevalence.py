"""Prevalence of stunting, wasting, underweight and overweight (docs/domain.md "Prevalence").

Among children 0–59 months with a valid, unflagged z-score (each child's latest measurement in the period):
the percentage, its 95 % Wilson score interval (growth.prevalence), the coverage (measured / registered),
"n kecil" below 30 measured children, and the gap to the region's target for the year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from growth.prevalence import wilson_interval
from rules import percentages
from rules.region_codes import lineage

SMALL_N = 30


@dataclass(frozen=True)
class Indicator:
    code: str
    z_field: str  # the stored z-score: haz, whz or waz
    below: float | None  # a case has z < below …
    above: float | None  # … or z > above (PMK 2/2020 boundaries on the rounded z)


INDICATORS = (
    Indicator("stunting", "haz", -2.0, None),
    Indicator("wasting", "whz", -2.0, None),
    Indicator("underweight", "waz", -2.0, None),
    Indicator("overweight", "whz", None, 2.0),
)
BY_CODE = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Prevalence:
    indicator: str
    cases: int
    measured: int
    registered: int
    target_pct: float | None = None

    def __add__(self, other: Prevalence) -> Prevalence:
        return Prevalence(
            self.indicator,
            self.cases + other.cases,
            self.measured + other.measured,
            self.registered + other.registered,
            self.target_pct,
        )

    @property
    def pct(self) -> float | None:
        """The prevalence as shown: one decimal, more where one decimal would hide that it is above the
        target (docs/domain.md "Targets": the unrounded value is compared)."""
        return percentages.shown(
            percentages.ratio(self.cases, self.measured), against=self.target_pct, strict=True
        )

    @property
    def ci(self) -> tuple[float, float] | None:
        """The 95 % Wilson score interval, in percent (one decimal)."""
        if self.measured == 0:
            return None
        low, high = wilson_interval(self.cases, self.measured)
        return round(100.0 * low, 1), round(100.0 * high, 1)

    @property
    def coverage_pct(self) -> float | None:
        return None if self.registered == 0 else round(100.0 * self.measured / self.registered, 1)

    @property
    def small_n(self) -> bool:
        return self.measured < SMALL_N

    @property
    def gap(self) -> float | None:
        """Percentage points above (+) or below (−) the target."""
        exact = percentages.ratio(self.cases, self.measured)
        if exact is None or self.target_pct is None:
            return None
        return percentages.shown(exact - Fraction(str(self.target_pct)), against=0.0, strict=True)

    def with_target(self, target_pct: float | None) -> Prevalence:
        return Prevalence(self.indicator, self.cases, self.measured, self.registered, target_pct)


@dataclass(frozen=True)
class TargetRow:
    region_code: str  # "" for the national default
    year: int
    percent: float


def resolve_target(targets: Iterable[TargetRow], region_code: str, year: int) -> TargetRow | None:
    """The target in force for a region and year: the most specific region (the region itself, then its
    ancestors, then the national default) that has one for that year or an earlier one; the latest such year.
    A target set for a year stays in force until a later one (RPJMN annual targets)."""
    chain = [*reversed(lineage(region_code)), ""]
    best: dict[str, TargetRow] = {}
    for row in targets:
        if row.year > year or row.region_code not in chain:
            continue
        current = best.get(row.region_code)
        if current is None or row.year > current.year:
            best[row.region_code] = row
    for code in chain:
        if code in best:
            return best[code]
    return None
