"""The figures of a posyandu's month as the report sends them: the SKDN and prevalence counts of
`reports.figures` and the ILP facts of `pokjanal.indicators` (opening days, kader on duty, KIA, KB and
immunisation coverage) for that one month, with the number of people served per life stage. Computed
from the records when asked (a draft shows them live) and frozen into the report when it is sent.

Nothing is counted here: each number comes from the function that computes it for the reports and the
strata, so a sent report and the report pages agree."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from pokjanal.indicators import Period, facts_for
from reports.figures import PREVALENCE_FIELDS, compute_monthly
from reports.models import INDICATOR_SHORT
from rules.life_stage import Stage
from rules.months import month_end
from rules.prevalence import Prevalence
from rules.skdn import COUNT_COLUMNS, Skdn
from visits.models import Visit

FORMAT = 1  # raised when the frozen shape changes; the page reads every format it ever wrote

PREVALENCE_COUNTS = ("stunted", "haz_n", "wasted", "overweight", "whz_n", "underweight", "waz_n")
ILP_FACTS = ("opening_days", "mean_kader_on_duty", "kia_pct", "kb_pct", "immunisation_pct")
ILP_LABELS = {
    "opening_days": _("Hari buka"),
    "mean_kader_on_duty": _("Rerata kader bertugas"),
    "kia_pct": _("Ibu hamil diperiksa (KIA)"),
    "kb_pct": _("Peserta KB aktif (KB)"),
    "immunisation_pct": _("Imunisasi dasar lengkap anak 12–23 bulan"),
}
PERCENT_FACTS = {"kia_pct", "kb_pct", "immunisation_pct"}
STAGE_LABELS = {
    Stage.BAYI.value: _("Bayi (0–11 bulan)"),
    Stage.BALITA.value: _("Balita (12–59 bulan)"),
    Stage.APRAS.value: _("Anak prasekolah"),
    Stage.USIA_SEKOLAH.value: _("Usia sekolah"),
    Stage.REMAJA.value: _("Remaja"),
    Stage.DEWASA.value: _("Usia dewasa"),
    Stage.LANSIA.value: _("Lansia"),
    "ibu_hamil": _("Ibu hamil"),
}


def figures_of(posyandu: dict[int, str], month: datetime.date) -> dict[int, dict[str, Any]]:
    """{posyandu id: figures} for the given posyandu (id → desa code) in `month` (its first day), as JSON."""
    if not posyandu:
        return {}
    counts = {f.posyandu_id: f for f in compute_monthly(posyandu, [month])}
    facts = facts_for(list(posyandu), Period(month, month_end(month)))
    served: dict[int, dict[str, int]] = defaultdict(dict)
    visits = Visit.objects.filter(posyandu_id__in=list(posyandu), month=month).order_by()
    for pid, stage, n in visits.values_list("posyandu_id", "life_stage").annotate(
        n=Count("person_id", distinct=True)
    ):
        served[pid][stage] = n
    for pid, n in (
        visits.filter(pregnancy__isnull=False)
        .values_list("posyandu_id")
        .annotate(n=Count("person_id", distinct=True))
    ):
        served[pid]["ibu_hamil"] = n
    out = {}
    for pid in posyandu:
        f = counts[pid]
        fact = facts[pid]
        out[pid] = {
            "format": FORMAT,
            "skdn": {name: getattr(f, name) for name in COUNT_COLUMNS},
            "prevalence": {name: getattr(f, name) for name in PREVALENCE_COUNTS},
            "ilp": {name: getattr(fact, name) for name in ILP_FACTS},
            "served": served.get(pid, {}),
            "rule_versions": list(f.rule_versions),
        }
    return out


@dataclass(frozen=True)
class Shown:
    """Figures as the report page shows them."""

    skdn: Skdn
    prevalence: list[tuple[str, Prevalence]]
    ilp: list[tuple[str, str | None]]  # (label, value as read; None = not recorded)
    served: list[tuple[str, int]]
    rule_versions: list[str]


def _fact_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return f"{text} %" if name in PERCENT_FACTS else text
    return str(value)


def shown(figures: dict[str, Any]) -> Shown:
    skdn_counts = figures.get("skdn", {})
    skdn = Skdn(**{name: int(skdn_counts.get(name, 0)) for name in COUNT_COLUMNS})
    counts = figures.get("prevalence", {})
    prevalence = [
        (
            str(INDICATOR_SHORT[indicator]),
            Prevalence(indicator, int(counts.get(cases, 0)), int(counts.get(measured, 0)), skdn.s),
        )
        for indicator, (cases, measured) in PREVALENCE_FIELDS.items()
    ]
    ilp = [(str(ILP_LABELS[n]), _fact_text(n, figures.get("ilp", {}).get(n))) for n in ILP_FACTS]
    served_counts = figures.get("served", {})
    served = [(str(label), served_counts[key]) for key, label in STAGE_LABELS.items() if key in served_counts]
    return Shown(skdn, prevalence, ilp, served, list(figures.get("rule_versions", [])))
