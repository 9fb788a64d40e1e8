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
from typing import Any

import numpy as np
import numpy.typing as npt


def completed_months(birth_date: datetime.date, on: datetime.date) -> int:
    """Age in completed calendar months on `on` (0 before the first month is completed, never negative)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return max(months, 0)


def completed_months_array(birth_dates: Any, on: Any) -> npt.NDArray[np.int64]:
    """`completed_months` over arrays of dates (anything NumPy reads as `datetime64[D]`)."""
    birth = np.asarray(birth_dates, dtype="datetime64[D]")
    day = np.asarray(on, dtype="datetime64[D]")
    birth_month = birth.astype("datetime64[M]")
    on_month = day.astype("datetime64[M]")
    months = (on_month - birth_month).astype(np.int64)
    birth_day = (birth - birth_month.astype("datetime64[D]")).astype(np.int64)
    on_day = (day - on_month.astype("datetime64[D]")).astype(np.int64)
    result: npt.NDArray[np.int64] = np.maximum(months - (on_day < birth_day), 0)
    return result
