"""Completed months of age: the one rule of the project (docs/domain.md "Completed months").

A month is completed when the birth's day of the month is reached; a birth on the 29th–31st completes a
month only when that day exists in the month or the month has passed. Born 31 January 2024: 0 months on
29 February 2024, 1 month on 1 March 2024. Born 29 February 2024: 11 months on 28 February 2025, 12 on
1 March 2025. This is PostgreSQL's `age()`, Java's `Period` and Excel's `DATEDIF(…, "m")`.

It lives in the growth library because the KMS weight-gain rule (KBM by completed months,
`growth.weight_gain`) needs it and `growth` imports nothing from the project; `rules.months` (life stages,
SKDN age limits, immunisation) takes it from here, so both paths count the same months.
"""

from __future__ import annotations

import datetime


def completed_months(birth_date: datetime.date, on: datetime.date) -> int:
    """Age in completed calendar months on `on` (0 before the first month is completed, never negative)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return max(months, 0)
