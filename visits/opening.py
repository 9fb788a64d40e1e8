"""The days a posyandu opened: the one definition that strata, "posyandu aktif", the problems found from data
and the rakor agenda count (issue 10: opening days follow the work).

A posyandu opened on a date when an opening day (hari buka) was recorded for it on that date, or when any
visit was recorded at it on that date — at the posyandu or in a campaign (operasi timbang, whose weighings are
a posyandu day's work) — whether or not someone pressed "Buka hari". Home visits (kunjungan rumah) are not a
posyandu day.

Who served is known only where an opening day names its kader: a day recognised from visits alone, or an
opening day on which no kader was ticked, has its kader on duty "not recorded" (`None`), never zero. The mean
number of kader on duty is therefore taken over the days that name them, and is `None` when none does.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count

from rules.months import month_start
from visits.models import OpeningDay, Place, Visit


@dataclass(frozen=True)
class PosyanduDay:
    date: datetime.date
    kader_on_duty: int | None  # None: nobody recorded who served


def days_opened(
    posyandu_ids: Collection[int], start: datetime.date, end: datetime.date
) -> dict[int, list[PosyanduDay]]:
    """Each posyandu's opening days from `start` to `end` (inclusive), in date order (an empty list where it
    did not open); two queries."""
    ids = list(posyandu_ids)
    days: dict[int, dict[datetime.date, int | None]] = defaultdict(dict)
    recorded = (
        OpeningDay.objects.filter(posyandu_id__in=ids, date__gte=start, date__lte=end)
        .values_list("posyandu_id", "date")
        .annotate(kader=Count("kader_on_duty"))
        .order_by()
    )
    for pid, date, kader in recorded:
        days[pid][date] = kader or None
    worked = (
        # The month bounds let the (posyandu, month) index narrow the scan before the dates are compared.
        Visit.objects.filter(
            posyandu_id__in=ids,
            month__gte=month_start(start),
            month__lte=end,
            date__gte=start,
            date__lte=end,
        )
        .exclude(place=Place.HOME)
        .values_list("posyandu_id", "date")
        .distinct()
        .order_by()
    )
    for pid, date in worked:
        days[pid].setdefault(date, None)
    return {pid: [PosyanduDay(d, k) for d, k in sorted(days[pid].items())] for pid in ids}


def mean_kader_on_duty(days: list[PosyanduDay]) -> float | None:
    """The mean over the days that name their kader; `None` when no day does."""
    known = [d.kader_on_duty for d in days if d.kader_on_duty is not None]
    return sum(known) / len(known) if known else None
