"""Whether a child's measurement can be counted: accepted, held as "perlu dicek ulang" until a kader or bidan
confirms it (or corrects it), or refused at entry. One rule for the visit form, its correction, the campaign
import and any later entry path (docs/domain.md "Entry ranges and flags": entry ranges refuse, WHO's flags
mark for re-measurement).

The rule, applied after the entry ranges (`screening.RuleSet.plausible`, refused before the growth library):

1. **Refused** — a misplaced decimal comma. A child under five whose weight-for-age z lies beyond WHO's flag
   limits (z < −6 or z > +5, docs/domain.md) by more than `RuleSet.refuse_margin_z`, while the same weight
   divided (or multiplied) by 10 lies within the entry range and gives a weight-for-age z WHO does not flag:
   "76" typed for a 2-year-old of 7,6 kg (z +34,7; 7,6 kg gives z −4,0) is refused, suggesting 7,6. A value
   far off whose tenth is no better (25 kg at 2 years: z +7,2, 2,5 kg z −10) is held, not refused: only the
   kader with the child in front of her can tell.
2. **Held** — any z-score WHO flags as implausible (0–59 months: |PB/U| > 6, BB/U < −6 or > +5, |BB/PB|,
   |IMT/U|, |LK/U|, |LiLA/U| > 5; 5–18 years: |TB/U| > 6, |IMT/U| > 5), or, under five, a change since the
   weighing of the previous calendar month of more than `RuleSet.hold_gain_kg_per_month` up or
   `RuleSet.hold_loss_kg_per_month` down.
3. Otherwise **accepted**.

A held measurement counts in nothing (SKDN, D/S, prevalence, the KMS chart, the next month's weight gain)
until it is confirmed or corrected. Pure: no Django; the thresholds are fields of the versioned RuleSet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from growth import anthro
from rules.screening import Finding, RuleSet, finding, num

ACCEPT = "accept"
HOLD = "hold"
REFUSE = "refuse"

# WHO's flag limits of weight-for-age (docs/domain.md "Validity and flags"), from the growth library.
WAZ_FLAG = anthro.AGE_INDICATORS["wei"].flagging


@dataclass(frozen=True)
class Refusal:
    """A value refused at entry, with the value the kader most likely meant."""

    field: str  # the measurement's name, e.g. "weight_kg"
    value: float
    suggestion: float
    z: float


@dataclass(frozen=True)
class Verdict:
    status: str  # ACCEPT, HOLD or REFUSE
    findings: tuple[Finding, ...] = ()  # the reasons to hold beyond WHO's flags (gain, loss)
    refusal: Refusal | None = None

    @property
    def held(self) -> bool:
        return self.status == HOLD


def is_reason(code: str) -> bool:
    """Whether a finding (by its code) is a reason to hold: WHO's flags ("remeasure") or this rule's."""
    return code == "remeasure" or code.startswith("check_")


def _waz(sex: str, age_days: int, weight_kg: float) -> float | None:
    result = anthro.zscores(
        sex=1 if sex == "L" else 2,
        age=age_days,
        weight=weight_kg,
        lenhei=math.nan,
        headc=math.nan,
        armc=math.nan,
        oedema="n",
        indicators=["wei"],
    )
    z = float(result.zwei[0])
    return z if math.isfinite(z) else None


def refusal(
    *, sex: str, age_days: int, weight_kg: float | None, waz: float | None, rules: RuleSet
) -> Refusal | None:
    """Rule 1: the weight of a child under five whose decimal comma is misplaced, else None."""
    if weight_kg is None or waz is None:
        return None
    margin = rules.refuse_margin_z
    if WAZ_FLAG.low - margin <= waz <= WAZ_FLAG.high + margin:
        return None
    low, high = rules.plausible["weight_kg"]
    for candidate in (round(weight_kg / 10, 2), round(weight_kg * 10, 2)):
        if not low <= candidate <= high:
            continue
        z = _waz(sex, age_days, candidate)
        if z is not None and WAZ_FLAG.low <= z <= WAZ_FLAG.high:
            return Refusal("weight_kg", weight_kg, candidate, waz)
    return None


def gain_findings(
    *, weight_kg: float | None, previous_month_weight_kg: float | None, rules: RuleSet
) -> tuple[Finding, ...]:
    """Rule 2's change since the previous month's weighing (children under five)."""
    if weight_kg is None or previous_month_weight_kg is None:
        return ()
    change = weight_kg - previous_month_weight_kg
    detail = f"{num(round(previous_month_weight_kg, 2))} → {num(round(weight_kg, 2))} kg"
    if change > rules.hold_gain_kg_per_month:
        limit = f"+{num(round(change, 2))} kg > {num(rules.hold_gain_kg_per_month)} kg"
        return (finding("check_gain", f"{detail} ({limit})"),)
    if -change > rules.hold_loss_kg_per_month:
        limit = f"{num(round(change, 2))} kg < −{num(rules.hold_loss_kg_per_month)} kg"
        return (finding("check_loss", f"{detail} ({limit})"),)
    return ()


def judge(
    *,
    sex: str,
    age_days: int,
    under_five: bool,
    weight_kg: float | None,
    previous_month_weight_kg: float | None,
    z: dict[str, float | None],
    flagged: list[str],
    rules: RuleSet,
) -> Verdict:
    """The verdict on one visit's measurements (`z` and `flagged`: the WHO z-scores and flagged indices the
    growth library gave; `under_five`: assessed with the 2006 standards)."""
    if under_five:
        refused = refusal(sex=sex, age_days=age_days, weight_kg=weight_kg, waz=z.get("waz"), rules=rules)
        if refused is not None:
            return Verdict(REFUSE, refusal=refused)
        findings = gain_findings(
            weight_kg=weight_kg, previous_month_weight_kg=previous_month_weight_kg, rules=rules
        )
    else:
        findings = ()
    if flagged or findings:
        return Verdict(HOLD, findings)
    return Verdict(ACCEPT)
