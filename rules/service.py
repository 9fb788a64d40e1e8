"""Kader years of service and Kader Lestari milestones (docs/domain.md "Kader Lestari": continuous
membership, possibly across posyandu, ≥ 10 years; further milestones 20 and 30).

Rule set "lestari-2024": memberships are merged into runs when they overlap or the gap between them is at
most `GAP_DAYS` (moving from one posyandu to another takes some days of paperwork); the service that counts
is the run that reaches the reference date, or else the latest run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

RULE_VERSION = "lestari-2024"
GAP_DAYS = 31
MILESTONES = (10, 20, 30)


@dataclass(frozen=True)
class Service:
    start: datetime.date | None
    end: datetime.date | None
    years: int  # completed years of the continuous run
    total_days: int  # all memberships together, overlaps counted once
    active: bool  # the run reaches the reference date

    @property
    def milestone(self) -> int | None:
        reached = [m for m in MILESTONES if self.years >= m]
        return reached[-1] if reached else None


def completed_years(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def service(intervals: Iterable[tuple[datetime.date, datetime.date | None]], as_of: datetime.date) -> Service:
    """`intervals` are (start, end or None for ongoing) memberships; later starts than `as_of` are ignored."""
    spans = sorted((s, min(e, as_of) if e else as_of) for s, e in intervals if s <= as_of)
    spans = [(s, e) for s, e in spans if e >= s]
    if not spans:
        return Service(start=None, end=None, years=0, total_days=0, active=False)
    runs: list[list[datetime.date]] = [[spans[0][0], spans[0][1]]]
    for s, e in spans[1:]:
        last = runs[-1]
        if (s - last[1]).days <= GAP_DAYS:
            last[1] = max(last[1], e)
        else:
            runs.append([s, e])
    total = 0
    merged_strict: list[list[datetime.date]] = []
    for s, e in spans:  # overlaps counted once, gaps not counted
        if merged_strict and s <= merged_strict[-1][1]:
            merged_strict[-1][1] = max(merged_strict[-1][1], e)
        else:
            merged_strict.append([s, e])
    total = sum((e - s).days + 1 for s, e in merged_strict)
    start, end = runs[-1]
    return Service(
        start=start,
        end=end,
        years=completed_years(start, end),
        total_days=total,
        active=end >= as_of,
    )
