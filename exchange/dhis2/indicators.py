"""The numbers we send: the month's SKDN counts and, per prevalence indicator, its cases and the children
measured, read from a report row (`reports.areas.Row`: the sums of `reports.MonthlyFigures`).

Only counts go out, never ratios or percentages: the receiver sums counts up its own hierarchy and computes
D/S or a prevalence as its own indicators (numerator and denominator), which a percentage would not allow.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from rules.prevalence import INDICATORS, Prevalence
from rules.skdn import COUNT_COLUMNS, COUNT_LABELS, Skdn

SKDN_KEYS = {f"skdn_{column}": column for column in COUNT_COLUMNS}

# SKDN symbols are programme symbols and stay as they are (rules.skdn.COUNT_LABELS).
INDICATOR_CHOICES: list[tuple[str, object]] = [
    *((key, f"SKDN {COUNT_LABELS[column]}") for key, column in SKDN_KEYS.items()),
    ("stunting_cases", _("Stunting: kasus (TB/U < −2 SD)")),
    ("stunting_measured", _("Stunting: balita diukur TB/U")),
    ("wasting_cases", _("Wasting: kasus (BB/TB < −2 SD)")),
    ("wasting_measured", _("Wasting: balita diukur BB/TB")),
    ("underweight_cases", _("Underweight: kasus (BB/U < −2 SD)")),
    ("underweight_measured", _("Underweight: balita diukur BB/U")),
    ("overweight_cases", _("Overweight: kasus (BB/TB > +2 SD)")),
    ("overweight_measured", _("Overweight: balita diukur BB/TB")),
]
INDICATOR_KEYS = [key for key, _label in INDICATOR_CHOICES]
INDICATOR_LABELS = dict(INDICATOR_CHOICES)


def indicator_values(skdn: Skdn, prevalence: Mapping[str, Prevalence]) -> dict[str, int]:
    """Every indicator's count of one unit and month, in `INDICATOR_KEYS` order."""
    values = {key: int(getattr(skdn, column)) for key, column in SKDN_KEYS.items()}
    for indicator in INDICATORS:
        found = prevalence.get(indicator.code)
        values[f"{indicator.code}_cases"] = found.cases if found is not None else 0
        values[f"{indicator.code}_measured"] = found.measured if found is not None else 0
    return values
