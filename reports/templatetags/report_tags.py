"""Template helpers of the report pages: a dict lookup, percentages with their badge, and the data-quality
card of a posyandu (shown on the posyandu page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reports.figures import quality_of
from reports.models import MonthlyFigures
from reports.periods import current_month, last_months
from reports.rulesets import problem_thresholds
from rules import problems
from rules.quality import Quality

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    if isinstance(mapping, dict):
        return mapping.get(key)
    return getattr(mapping, str(key), None)


def _whole(value: float) -> str:
    """5.0 as "5", 2.5 as "2,5"."""
    return number_format(value, 0 if float(value).is_integer() else 1)


def _problem_label(code: str, t: problems.Thresholds) -> str:
    """The label of a failed check, naming the threshold in force."""
    low, high = (number_format(v, 1) for v in t.sd_range)
    pct = {"flagged": _whole(t.max_flagged_pct), "missing": _whole(t.max_missing_length_pct)}
    labels = {
        "flagged": _("Banyak z-score tidak wajar (> %(pct)s %%)") % {"pct": pct["flagged"]},
        "weight_heaping": _("Berat badan menumpuk di angka ,0 dan ,5"),
        "length_heaping": _("Panjang/tinggi menumpuk di angka ,0 dan ,5"),
        "haz_sd": _("SD TB/U di luar %(low)s–%(high)s") % {"low": low, "high": high},
        "whz_sd": _("SD BB/TB di luar %(low)s–%(high)s") % {"low": low, "high": high},
        "missing_length": _("Banyak balita ditimbang tanpa diukur panjang/tinggi (> %(pct)s %%)")
        % {"pct": pct["missing"]},
    }
    return str(labels[code])


@register.filter
def problem_labels(quality: Quality) -> list[str]:
    """The checks the quality fails, judged by the thresholds the Tim Pembina's problems use."""
    t = problem_thresholds()
    return [_problem_label(code, t) for code in quality.problems(t)]


@register.filter
def quality_judged(quality: Quality) -> bool:
    return quality.judged(problem_thresholds())


@register.inclusion_tag("reports/_quality_card.html")
def posyandu_quality(posyandu: Any, months: int = 3) -> dict[str, Any]:
    """The posyandu's data quality over the last `months` months (two queries)."""
    wanted = last_months(current_month(), months)
    rows = MonthlyFigures.objects.filter(posyandu=posyandu, month__in=wanted)
    quality = sum((quality_of(f) for f in rows), start=Quality())
    return {"quality": quality, "quality_months": wanted, "posyandu": posyandu}
