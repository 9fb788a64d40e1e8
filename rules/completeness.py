"""Completeness and timeliness of the posyandu monthly reports (posyandu → puskesmas → dinas, docs/domain.md
"Reporting flows"): of the posyandu expected to report a month, how many have reported, how many did so by
the deadline, and how many reports the bidan has verified.

A month's report is due on a configurable day of the next month (`deadline`). It is on time when it was
first sent on or before that day: a report returned for correction and sent again keeps its first date. A
posyandu that has not reported is late once the deadline has passed, and "not yet due" before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rules.months import add_months, month_start


def deadline(month: datetime.date, day: int) -> datetime.date:
    """The last day to send the report of `month` (any day of it): `day` of the following month."""
    return add_months(month_start(month), 1).replace(day=day)


def is_on_time(first_sent_on: datetime.date | None, month: datetime.date, day: int) -> bool:
    return first_sent_on is not None and first_sent_on <= deadline(month, day)


@dataclass(frozen=True)
class Completeness:
    """Counts over the posyandu expected to report one month; `reported` counts reports sent and not
    returned (waiting for or past verification)."""

    expected: int = 0
    reported: int = 0
    on_time: int = 0
    verified: int = 0

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(
            self.expected + other.expected,
            self.reported + other.reported,
            self.on_time + other.on_time,
            self.verified + other.verified,
        )

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def reported_pct(self) -> float | None:
        return _pct(self.reported, self.expected)

    @property
    def on_time_pct(self) -> float | None:
        return _pct(self.on_time, self.expected)

    @property
    def verified_pct(self) -> float | None:
        return _pct(self.verified, self.expected)

    @property
    def final(self) -> bool:
        """Every expected posyandu's report verified: the area's figures of the month are final."""
        return self.expected > 0 and self.verified == self.expected


def _pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None
