"""Calendar-month arithmetic for ages and reporting months."""

from __future__ import annotations

import calendar
import datetime

from growth.age import completed_months

__all__ = [
    "add_months",
    "completed_months",
    "month_end",
    "month_start",
    "months_between",
    "next_monthly_date",
    "parse_month",
    "previous_month",
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of `day`'s calendar month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every calendar month from `first`'s to `last`'s, both included (none if `last` is
    before `first`'s month)."""
    out = []
    month = month_start(first)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the calendar month before `day`'s."""
    return add_months(month_start(day), -1)


def next_monthly_date(day_of_month: int, on: datetime.date) -> datetime.date:
    """The first date on or after `on` that falls on `day_of_month` (a posyandu's monthly opening day),
    clamped to the last day of a shorter month (the 31st is the 30th in November)."""
    for months in (0, 1):
        first = add_months(month_start(on), months)
        last = calendar.monthrange(first.year, first.month)[1]
        candidate = first.replace(day=min(day_of_month, last))
        if candidate >= on:
            return candidate
    raise AssertionError("unreachable: next month's date is always after `on`")


# The months a report or list can be about. Posyandu records start long after 2000; the bounds keep month
# arithmetic (a year of months before, the month after) inside what `datetime.date` holds, so `?bulan=0001-01`
# or `?bulan=9999-12` is an unknown month rather than a server error.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_month(raw: str | None) -> datetime.date | None:
    """The first day of the month `raw` names as `YYYY-MM`; None when it names none between FIRST_YEAR and
    LAST_YEAR."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        parsed = datetime.date(year, month, 1)
    except (ValueError, OverflowError):
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None
