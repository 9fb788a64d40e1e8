"""Problems a posyandu's own data reveals (rule set "masalah-2026"), for the Tim Pembina to act on.

`detect(facts)` returns one `Finding` per problem; a fact that was not recorded (`None`) raises nothing:
absence of data is shown as "no data", never as a problem or its absence. Each finding names its pembinaan
category (the four of the Buleleng action plan, docs/domain.md "Pokjanal / Tim Pembina work") and carries the
evidence that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rules import percentages

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
class Thresholds:
    version: str = RULE_VERSION  # a region that changes a threshold names its rule set
    min_active_kader: int = 5  # docs/domain.md "Kader": minimum 5 kader per posyandu
    min_opening_days: int = 8  # in the last 12 months
    min_ds_pct: float = 50.0
    # Data quality: the one threshold set of the Tim Pembina's problems and of the "Mutu data" pages
    # (`measurement_problems`, rules.quality).
    max_flagged_pct: float = 5.0  # share of measurements WHO flags as implausible (WHO expects < 1 %)
    max_heaping_pct: float = 50.0  # weights ending in .0 or .5 kg (20 % expected without rounding)
    min_measurements: int = 10  # below this, quality shares say nothing
    sd_range: tuple[float, float] = (0.8, 1.2)  # SD of HAZ and WHZ (WHO/UNICEF 2019)
    max_missing_length_pct: float = 10.0  # weighed without a length: a missing or broken length board
    min_repeated_2t: int = 1


DEFAULT_THRESHOLDS = Thresholds()


# Codes of the data-quality checks (shared with rules.quality).
FLAGGED = "flagged"
WEIGHT_HEAPING = "weight_heaping"


def measurement_problems(
    *, measurements: int, flagged: int, weighed: int, heaped: int, t: Thresholds = DEFAULT_THRESHOLDS
) -> list[str]:
    """The checks a posyandu's measurements fail: too many WHO-flagged (`flagged` of `measurements`), weights
    heaped on .0/.5 kg (`heaped` of `weighed`). Judged, on the unrounded shares, only from
    `t.min_measurements` measurements: the Tim Pembina's problems and the "Mutu data" pages both ask this."""
    if measurements < t.min_measurements:
        return []
    out = []
    flagged_share = percentages.ratio(flagged, measurements)
    if flagged_share is not None and percentages.exceeds(flagged_share, t.max_flagged_pct):
        out.append(FLAGGED)
    heaped_share = percentages.ratio(heaped, weighed)
    if heaped_share is not None and percentages.exceeds(heaped_share, t.max_heaping_pct):
        out.append(WEIGHT_HEAPING)
    return out


@dataclass(frozen=True)
class MeasurementQuality:
    measurements: int
    flagged: int
    heaped: int

    @property
    def flagged_pct(self) -> float:
        return 100.0 * self.flagged / self.measurements if self.measurements else 0.0

    @property
    def heaped_pct(self) -> float:
        return 100.0 * self.heaped / self.measurements if self.measurements else 0.0


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
    measurement: MeasurementQuality | None = None
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
            Finding(FEW_KADER, MANUSIA, severity, {"active_kader": facts.active_kader, "minimum": 5})
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
    quality = facts.measurement
    if quality is not None and measurement_problems(
        measurements=quality.measurements,
        flagged=quality.flagged,
        weighed=quality.measurements,
        heaped=quality.heaped,
        t=t,
    ):
        found.append(
            Finding(
                MEASUREMENT_QUALITY,
                MANUSIA,
                MEDIUM,
                {
                    "measurements": quality.measurements,
                    "flagged_pct": percentages.shown(
                        quality.flagged_pct, against=t.max_flagged_pct, strict=True
                    ),
                    "heaped_pct": percentages.shown(
                        quality.heaped_pct, against=t.max_heaping_pct, strict=True
                    ),
                },
            )
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
