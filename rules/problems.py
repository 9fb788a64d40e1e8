"""Problems a posyandu's own data reveals (rule set "masalah-2026"), for the Tim Pembina to act on.

`detect(facts)` returns one `Finding` per problem; a fact that was not recorded (`None`) raises nothing:
absence of data is shown as "no data", never as a problem or its absence. Each finding names its pembinaan
category (the four of the Buleleng action plan, docs/domain.md "Pokjanal / Tim Pembina work") and carries the
evidence that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rules import percentages, quality

RULE_VERSION = "masalah-2026"

# Pembinaan categories (docs/domain.md "Pokjanal / Tim Pembina work").
KELEMBAGAAN = "kelembagaan"
MANUSIA = "manusia"
LINGKUNGAN = "lingkungan"
USAHA = "usaha"

HIGH = "tinggi"
MEDIUM = "sedang"
LOW = "rendah"

# Problem kinds found from data.
FEW_KADER = "kader_kurang"
FEW_OPENING_DAYS = "hari_buka_kurang"
LOW_DS = "ds_rendah"
EQUIPMENT = "alat_esensial"
MEASUREMENT_QUALITY = "kualitas_pengukuran"
STUNTING = "stunting_tinggi"
REPEATED_2T = "2t_berulang"
UNTRAINED_GROUP = "kompetensi_kosong"


@dataclass(frozen=True)
class Thresholds(quality.Thresholds):
    """The problem thresholds; the data-quality ones are inherited from `rules.quality.Thresholds`, the one
    set "Mutu data" judges by too (docs/domain.md "Data quality")."""

    version: str = RULE_VERSION  # a region that changes a threshold names its rule set
    min_active_kader: int = 5  # docs/domain.md "Kader": minimum 5 kader per posyandu
    min_opening_days: int = 8  # in the last 12 months
    min_ds_pct: float = 50.0
    min_repeated_2t: int = 1


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class PosyanduFacts:
    """One posyandu's facts over a period (normally the last 12 months). `None` = not recorded."""

    active_kader: int
    essential_missing: tuple[str, ...]  # essential items absent or rusak berat
    untrained_groups: tuple[str, ...]  # competency groups in which no active kader is trained
    opening_days: int | None = None
    opening_months: int | None = None
    mean_kader_on_duty: float | None = None
    ds_mean_pct: float | None = None
    kia_pct: float | None = None
    kb_pct: float | None = None
    immunisation_pct: float | None = None
    months_3_of_4_services: int | None = None
    stunting_pct: float | None = None
    stunting_measured: int | None = None
    repeated_2t: int | None = None
    measurement: quality.Quality | None = None  # the sums of the months' figures; None: nothing measured
    serves_target_groups: bool | None = None


@dataclass(frozen=True)
class Finding:
    kind: str
    category: str
    severity: str
    evidence: dict[str, Any] = field(default_factory=dict)


def detect(
    facts: PosyanduFacts, *, stunting_target_pct: float | None, t: Thresholds = DEFAULT_THRESHOLDS
) -> list[Finding]:
    """The problems these facts reveal; stunting is judged against the target in force for the posyandu's
    region and year (the reports' editable targets), none when no target is set."""
    found: list[Finding] = []
    if facts.active_kader < t.min_active_kader:
        severity = HIGH if facts.active_kader < 3 else MEDIUM
        found.append(
            Finding(
                FEW_KADER,
                MANUSIA,
                severity,
                {"active_kader": facts.active_kader, "minimum": t.min_active_kader},
            )
        )
    if facts.opening_days is not None and facts.opening_days < t.min_opening_days:
        found.append(
            Finding(
                FEW_OPENING_DAYS,
                KELEMBAGAAN,
                HIGH,
                {"opening_days": facts.opening_days, "minimum": t.min_opening_days},
            )
        )
    if facts.ds_mean_pct is not None and not percentages.reaches(facts.ds_mean_pct, t.min_ds_pct):
        found.append(
            Finding(
                LOW_DS,
                LINGKUNGAN,
                HIGH if facts.ds_mean_pct < t.min_ds_pct / 2 else MEDIUM,
                {
                    "ds_mean_pct": percentages.shown(facts.ds_mean_pct, against=t.min_ds_pct),
                    "minimum": t.min_ds_pct,
                },
            )
        )
    if facts.essential_missing:
        found.append(Finding(EQUIPMENT, KELEMBAGAAN, MEDIUM, {"items": list(facts.essential_missing)}))
    if facts.measurement is not None and (checks := facts.measurement.problems(t)):
        found.append(
            Finding(MEASUREMENT_QUALITY, MANUSIA, MEDIUM, measurement_evidence(facts.measurement, checks, t))
        )
    target = stunting_target_pct
    if (
        target is not None
        and facts.stunting_pct is not None
        and percentages.exceeds(facts.stunting_pct, target)
    ):
        found.append(
            Finding(
                STUNTING,
                LINGKUNGAN,
                HIGH if facts.stunting_pct > 2 * target else MEDIUM,
                {
                    "stunting_pct": percentages.shown(facts.stunting_pct, against=target, strict=True),
                    "target_pct": target,
                    "measured": facts.stunting_measured,
                },
            )
        )
    if facts.repeated_2t is not None and facts.repeated_2t >= t.min_repeated_2t:
        found.append(Finding(REPEATED_2T, MANUSIA, HIGH, {"children": facts.repeated_2t}))
    if facts.untrained_groups:
        found.append(Finding(UNTRAINED_GROUP, MANUSIA, LOW, {"groups": list(facts.untrained_groups)}))
    return found


def measurement_evidence(q: quality.Quality, checks: list[str], t: Thresholds) -> dict[str, Any]:
    """The measurements, the flagged and weight-heaping shares, and the share or SD of each other check
    that fails, shown on the side of the threshold they fall."""
    evidence: dict[str, Any] = {
        "measurements": q.measured,
        "flagged_pct": percentages.shown(
            percentages.ratio(q.flagged, q.measured) or 0, against=t.max_flagged_pct, strict=True
        ),
        "heaped_pct": percentages.shown(
            percentages.ratio(q.weight_digits[0] + q.weight_digits[5], sum(q.weight_digits)) or 0,
            against=t.max_heaping_pct,
            strict=True,
        ),
    }
    if quality.LENGTH_HEAPING in checks:
        lengths = q.length_digits
        share = percentages.ratio(lengths[0] + lengths[5], sum(lengths))
        evidence["length_heaped_pct"] = percentages.shown(share, against=t.max_heaping_pct, strict=True)
    if quality.MISSING_LENGTH in checks:
        share = percentages.ratio(q.missing_length, q.weighed)
        evidence["missing_length_pct"] = percentages.shown(
            share, against=t.max_missing_length_pct, strict=True
        )
    for code, moments in ((quality.HAZ_SD, q.haz), (quality.WHZ_SD, q.whz)):
        if code in checks and moments.sd is not None:
            evidence[code] = round(moments.sd, 2)
    return evidence
