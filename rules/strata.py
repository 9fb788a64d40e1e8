"""Posyandu strata and the three "posyandu aktif" definitions (docs/domain.md "Posyandu strata and posyandu
aktif").

Rule set "strata-2011" (Kemenkes 2011, *Pedoman Umum Pengelolaan Posyandu*), per posyandu per calendar year:
Pratama if fewer than 8 opening days or a mean of fewer than 5 kader on duty; else Madya unless D/S (mean of
the monthly D/S), KIA, KB and immunisation coverage are each ≥ 50 % and there is at least one additional
programme; else Purnama unless dana sehat covers ≥ 50 % of households; else Mandiri.

"aktif-2011" = Purnama or Mandiri. "aktif-2021" = the five criteria of the RPJMN 2020–2024 definition
(Kemenkes Dit. Promkes, ≈2021). "aktif-2023" = the revised definition (Kemenkes, 24 May 2023).

A fact that was not recorded is `None`: a rule that needs it gives no verdict and names it in `missing`,
never a guess. A fact that was recorded and fails the rule decides, even when other facts are missing.
Thresholds are data (`Thresholds`), so a region can adopt others; every result names its rule version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from rules import percentages

RULE_VERSION = "strata-2011"
AKTIF_2011 = "aktif-2011"
AKTIF_2021 = "aktif-2021"
AKTIF_2023 = "aktif-2023"
REGION_TARGET_PCT = 80.0  # "minimal 80 % posyandu aktif" per kecamatan and kabupaten/kota (RPJMN indicator)


class Stratum(StrEnum):
    PRATAMA = "pratama"
    MADYA = "madya"
    PURNAMA = "purnama"
    MANDIRI = "mandiri"


# Indicator codes, as named in results (`held_back_by`, `failed`, `missing`).
OPENING_DAYS = "opening_days"
OPENING_MONTHS = "opening_months"
KADER_ON_DUTY = "mean_kader_on_duty"
DS = "ds_mean_pct"
KIA = "kia_pct"
KB = "kb_pct"
IMMUNISATION = "immunisation_pct"
ADDITIONAL_PROGRAMME = "additional_programmes"
DANA_SEHAT = "dana_sehat_pct"
ACTIVE_KADER = "active_kader"
SERVICES_MONTHS = "months_3_of_4_services"
GROWTH_EQUIPMENT = "has_growth_equipment"
TARGET_GROUPS = "serves_target_groups"


@dataclass(frozen=True)
class Thresholds:
    version: str = RULE_VERSION  # a region that changes a threshold names its rule set
    min_opening_days: int = 8  # "≥ 8" as most tools code it (docs/domain.md "Strata")
    min_kader_on_duty: float = 5.0
    min_coverage_pct: float = 50.0
    min_dana_sehat_pct: float = 50.0
    min_active_kader: int = 5
    min_opening_months: int = 8
    min_services_months: int = 8  # aktif-2021: 3 of 4 services ≥ 50 % in ≥ 8 months
    region_target_pct: float = REGION_TARGET_PCT  # an area "reaches" the indicator (docs/domain.md "Targets")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class YearInputs:
    """One posyandu's facts for one calendar year. `None` = not recorded."""

    opening_days: int | None = None
    opening_months: int | None = None
    mean_kader_on_duty: float | None = None
    ds_mean_pct: float | None = None
    kia_pct: float | None = None
    kb_pct: float | None = None
    immunisation_pct: float | None = None
    additional_programmes: int | None = None  # entered by the Pokja desa
    dana_sehat_pct: float | None = None  # entered by the Pokja desa
    active_kader: int | None = None
    months_3_of_4_services: int | None = None
    has_growth_equipment: bool | None = None
    serves_target_groups: bool | None = None


@dataclass(frozen=True)
class StrataResult:
    stratum: Stratum | None  # None: a fact the decision needed was not recorded
    held_back_by: str | None  # the indicator that kept the posyandu from the next stratum
    missing: tuple[str, ...] = ()
    rule_version: str = RULE_VERSION


@dataclass(frozen=True)
class Verdict:
    rule_version: str
    aktif: bool | None  # None: not decidable from the recorded facts
    failed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _check(checks: list[tuple[str, bool | None]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(failed, missing) of named checks, each True (met), False (not met) or None (no data)."""
    failed = tuple(name for name, ok in checks if ok is False)
    missing = tuple(name for name, ok in checks if ok is None)
    return failed, missing


def _at_least(value: float | None, minimum: float) -> bool | None:
    return None if value is None else value >= minimum


def strata_2011(inputs: YearInputs, t: Thresholds = DEFAULT_THRESHOLDS) -> StrataResult:
    steps: list[tuple[Stratum, list[tuple[str, bool | None]]]] = [
        (
            Stratum.PRATAMA,
            [
                (OPENING_DAYS, _at_least(inputs.opening_days, t.min_opening_days)),
                (KADER_ON_DUTY, _at_least(inputs.mean_kader_on_duty, t.min_kader_on_duty)),
            ],
        ),
        (
            Stratum.MADYA,
            [
                (DS, _at_least(inputs.ds_mean_pct, t.min_coverage_pct)),
                (KIA, _at_least(inputs.kia_pct, t.min_coverage_pct)),
                (KB, _at_least(inputs.kb_pct, t.min_coverage_pct)),
                (IMMUNISATION, _at_least(inputs.immunisation_pct, t.min_coverage_pct)),
                (ADDITIONAL_PROGRAMME, _at_least(inputs.additional_programmes, 1)),
            ],
        ),
        (Stratum.PURNAMA, [(DANA_SEHAT, _at_least(inputs.dana_sehat_pct, t.min_dana_sehat_pct))]),
    ]
    for stratum, checks in steps:
        failed, missing = _check(checks)
        if failed:
            return StrataResult(stratum=stratum, held_back_by=failed[0], rule_version=t.version)
        if missing:
            return StrataResult(stratum=None, held_back_by=None, missing=missing, rule_version=t.version)
    return StrataResult(stratum=Stratum.MANDIRI, held_back_by=None, rule_version=t.version)


def aktif_2011(result: StrataResult) -> Verdict:
    if result.stratum is None:
        return Verdict(AKTIF_2011, None, missing=result.missing)
    aktif = result.stratum in (Stratum.PURNAMA, Stratum.MANDIRI)
    return Verdict(AKTIF_2011, aktif, failed=() if aktif else (result.held_back_by or "",))


def _verdict(version: str, checks: list[tuple[str, bool | None]]) -> Verdict:
    failed, missing = _check(checks)
    if failed:
        return Verdict(version, False, failed=failed, missing=missing)
    if missing:
        return Verdict(version, None, missing=missing)
    return Verdict(version, True)


def aktif_2021(inputs: YearInputs, t: Thresholds = DEFAULT_THRESHOLDS) -> Verdict:
    return _verdict(
        AKTIF_2021,
        [
            (OPENING_MONTHS, _at_least(inputs.opening_months, t.min_opening_months)),
            (ACTIVE_KADER, _at_least(inputs.active_kader, t.min_active_kader)),
            (SERVICES_MONTHS, _at_least(inputs.months_3_of_4_services, t.min_services_months)),
            (GROWTH_EQUIPMENT, inputs.has_growth_equipment),
            (ADDITIONAL_PROGRAMME, _at_least(inputs.additional_programmes, 1)),
        ],
    )


def aktif_2023(inputs: YearInputs, t: Thresholds = DEFAULT_THRESHOLDS) -> Verdict:
    return _verdict(
        AKTIF_2023,
        [
            (OPENING_MONTHS, _at_least(inputs.opening_months, t.min_opening_months)),
            (TARGET_GROUPS, inputs.serves_target_groups),
            (ACTIVE_KADER, _at_least(inputs.active_kader, t.min_active_kader)),
        ],
    )


@dataclass(frozen=True)
class Classification:
    """All four classifications of one posyandu-year: its stratum and whether it is aktif by each definition.
    (Not to be confused with `pokjanal.models.StrataAssessment`, the record of the yearly assessment that
    freezes one, nor with `rules.assessment.Assessment`, a visit's results.)"""

    strata: StrataResult
    aktif_2011: Verdict
    aktif_2021: Verdict
    aktif_2023: Verdict


def classify(inputs: YearInputs, t: Thresholds = DEFAULT_THRESHOLDS) -> Classification:
    strata = strata_2011(inputs, t)
    return Classification(
        strata=strata,
        aktif_2011=aktif_2011(strata),
        aktif_2021=aktif_2021(inputs, t),
        aktif_2023=aktif_2023(inputs, t),
    )


@dataclass(frozen=True)
class AreaSummary:
    """Strata distribution and % posyandu aktif of an area. The denominator is every posyandu of the area:
    one whose status cannot be decided is not counted as aktif (and is counted in `undecided_*`)."""

    total: int
    strata: dict[str, int] = field(default_factory=dict)  # stratum value or "" (undecided) → count
    aktif: dict[str, int] = field(default_factory=dict)  # rule version → aktif count
    undecided: dict[str, int] = field(default_factory=dict)  # rule version → undecided count
    target_pct: float = REGION_TARGET_PCT

    def pct_aktif(self, version: str) -> float | None:
        """% aktif as shown: one decimal, more where one would seem to reach the target (79.96 %)."""
        return percentages.shown(self._ratio(version), against=self.target_pct)

    def reaches_target(self, version: str) -> bool:
        """Judged on the unrounded share (docs/domain.md "Targets"): 1,999 of 2,500 does not reach 80 %."""
        ratio = self._ratio(version)
        return ratio is not None and percentages.reaches(ratio, self.target_pct)

    def _ratio(self, version: str) -> Fraction | None:
        return percentages.ratio(self.aktif.get(version, 0), self.total)


def summarise(
    classifications: Iterable[Classification], target_pct: float = REGION_TARGET_PCT
) -> AreaSummary:
    strata = {s.value: 0 for s in Stratum} | {"": 0}
    aktif = {AKTIF_2011: 0, AKTIF_2021: 0, AKTIF_2023: 0}
    undecided = dict.fromkeys(aktif, 0)
    total = 0
    for a in classifications:
        total += 1
        strata[a.strata.stratum.value if a.strata.stratum else ""] += 1
        for verdict in (a.aktif_2011, a.aktif_2021, a.aktif_2023):
            if verdict.aktif:
                aktif[verdict.rule_version] += 1
            elif verdict.aktif is None:
                undecided[verdict.rule_version] += 1
    return AreaSummary(total=total, strata=strata, aktif=aktif, undecided=undecided, target_pct=target_pct)
