"""Template helpers of the report pages: a dict lookup, percentages with their badge, and the data-quality
card of a posyandu (shown on the posyandu page)."""

from __future__ import annotations

from typing import Any

from django import template

from reporting.quality import Quality
from reports.figures import quality_of
from reports.models import MonthlyFigures
from reports.periods import current_month, last_months

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    if isinstance(mapping, dict):
        return mapping.get(key)
    return getattr(mapping, str(key), None)


PROBLEM_LABELS = {
    "flagged": "Banyak z-score tidak wajar (> 1 %)",
    "weight_heaping": "Berat badan menumpuk di angka ,0 dan ,5",
    "length_heaping": "Panjang/tinggi menumpuk di angka ,0 dan ,5",
    "haz_sd": "SD TB/U di luar 0,8–1,2",
    "whz_sd": "SD BB/TB di luar 0,8–1,2",
    "missing_length": "Banyak balita ditimbang tanpa diukur panjang/tinggi (> 10 %)",
}


@register.filter
def problem_labels(quality: Quality) -> list[str]:
    from django.utils.translation import gettext as _

    return [_(PROBLEM_LABELS[p]) for p in quality.problems()]


@register.inclusion_tag("reports/_quality_card.html")
def posyandu_quality(posyandu: Any, months: int = 3) -> dict[str, Any]:
    """The posyandu's data quality over the last `months` months (two queries)."""
    wanted = last_months(current_month(), months)
    rows = MonthlyFigures.objects.filter(posyandu=posyandu, month__in=wanted)
    quality = sum((quality_of(f) for f in rows), start=Quality())
    return {"quality": quality, "quality_months": wanted, "posyandu": posyandu}
