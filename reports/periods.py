"""The month a report is about: `?bulan=YYYY-MM` (web.query.month), else the latest month with a weighing in
the area."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from rules import months as month_rules

QUALITY_MONTHS = 3  # data quality sums the last three months: enough measurements per posyandu


def current_month() -> datetime.date:
    return month_rules.month_start(timezone.localdate())


def last_complete_month() -> datetime.date:
    """The latest month that has ended: its figures no longer grow with each posyandu day."""
    return month_rules.previous_month(timezone.localdate())


def latest_month(figures: Any) -> datetime.date:
    """The latest month up to this one with a weighing in `figures`, else this month."""
    latest = figures.filter(d__gt=0, month__lte=current_month()).aggregate(m=Max("month"))["m"]
    return latest or current_month()


def last_months(month: datetime.date, count: int) -> list[datetime.date]:
    return [month_rules.add_months(month, -i) for i in range(count - 1, -1, -1)]


def month_options(month: datetime.date, count: int = 24) -> list[datetime.date]:
    newest = max(month, current_month())
    return [month_rules.add_months(newest, -i) for i in range(count)]
