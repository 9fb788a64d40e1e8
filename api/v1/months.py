"""A month as the API takes it: `YYYY-MM`."""

from __future__ import annotations

import datetime

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def first_day(month: str) -> datetime.date:
    """The first day of a month given as `YYYY-MM` (already matched by `MONTH_PATTERN`)."""
    year, number = month.split("-")
    return datetime.date(max(int(year), 1), int(number), 1)
