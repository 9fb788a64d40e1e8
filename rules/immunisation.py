"""The routine immunisation programme schedule (docs/domain.md "Supplements and immunisation"), as data.

Each dose has
- its recommended age window `[start, end)` (the programme age, e.g. "2 months" = from 2 months to 3 months);
- the age `before` which it may still be given (the catch-up limit); past it the dose is no longer offered
  ("lewat usia": neither due nor overdue);
- the dose it `follows` in its series with the minimum interval after it (a series dose is offered once the
  one before was given; if that one can no longer be given, neither can this one).

A dose is "terlambat" one month after the end of its window (docs/domain.md).

Sources of the limits (also in docs/domain.md):
- HB-0: < 24 hours (Permenkes 12/2017), the Buku KIA allows 0–7 days: not given after the 7th day of life.
- BCG: optimal up to 2 months, may be given up to < 1 year without a tuberculin test (Permenkes 12/2017,
  notes to the schedule).
- Rotavirus: dose 1 by 15 weeks 0 days (WHO position paper 2009, the vaccines' labels); the series completed
  no later than 6 months 29 days (KMK HK.01.07/Menkes/1139/2022, SE Dirjen P2P IM.02.02/C/3052/2023;
  stricter than WHO's 32 weeks); at least 4 weeks between doses.
- Polio (OPV, IPV), DPT-HB-Hib, PCV, MR, JE: catch-up ("imunisasi kejar") up to 59 months (Kemenkes: BIAN
  2022 and imunisasi kejar for children under five; WHO summary tables allow PCV catch-up to 5 years).
- Minimum interval between doses of a series: 4 weeks (WHO summary of recommendations for routine
  immunisation, Table 2); the DPT-HB-Hib booster at least 6 months after the third dose (WHO DTP position
  paper 2017)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rules.months import add_months

SCHEDULE_VERSION = "imunisasi-2026"
OVERDUE_AFTER_MONTHS = 1

GIVEN = "given"
DUE = "due"
OVERDUE = "overdue"
LATER = "later"
WAITING = "waiting"  # the dose before it in the series is not given yet
MISSED = "missed"  # past the age it may be given ("tidak diberikan / lewat usia")
OPEN = (DUE, OVERDUE)


@dataclass(frozen=True)
class Age:
    months: int = 0
    days: int = 0

    def on(self, birth_date: datetime.date) -> datetime.date:
        """The day a child born on `birth_date` reaches this age."""
        return add_months(birth_date, self.months) + datetime.timedelta(days=self.days)


UNDER_FIVE = Age(months=60)


@dataclass(frozen=True)
class Dose:
    code: str
    label: str
    start: Age
    end: Age
    before: Age = UNDER_FIVE
    follows: str = ""
    min_interval_days: int = 28
    endemic_only: bool = False

    @property
    def due_months(self) -> int:
        """The programme age in completed months (the start of the window)."""
        return self.start.months


def _at(
    months: int,
    label: str,
    code: str,
    *,
    before: Age = UNDER_FIVE,
    follows: str = "",
    min_interval_days: int = 28,
    endemic_only: bool = False,
) -> Dose:
    """A dose of the programme given at `months` of age: its window is that month of age."""
    return Dose(code, label, Age(months), Age(months + 1), before, follows, min_interval_days, endemic_only)


SCHEDULE: tuple[Dose, ...] = (
    Dose("hb0", "HB-0", Age(), Age(days=1), before=Age(days=8)),
    Dose("bcg", "BCG", Age(1), Age(2), before=Age(12)),
    _at(1, "Polio tetes 1", "opv1"),
    _at(2, "DPT-HB-Hib 1", "dpt1"),
    _at(2, "Polio tetes 2", "opv2", follows="opv1"),
    _at(2, "PCV 1", "pcv1"),
    _at(2, "Rotavirus 1", "rv1", before=Age(days=15 * 7 + 1)),
    _at(3, "DPT-HB-Hib 2", "dpt2", follows="dpt1"),
    _at(3, "Polio tetes 3", "opv3", follows="opv2"),
    _at(3, "PCV 2", "pcv2", follows="pcv1"),
    _at(3, "Rotavirus 2", "rv2", before=Age(7), follows="rv1"),
    _at(4, "DPT-HB-Hib 3", "dpt3", follows="dpt2"),
    _at(4, "Polio tetes 4", "opv4", follows="opv3"),
    _at(4, "IPV 1", "ipv1"),
    _at(4, "Rotavirus 3", "rv3", before=Age(7), follows="rv2"),
    _at(9, "Campak-Rubela (MR) 1", "mr1"),
    _at(9, "IPV 2", "ipv2", follows="ipv1"),
    _at(10, "Japanese Encephalitis", "je", endemic_only=True),
    _at(12, "PCV 3", "pcv3", follows="pcv2"),
    _at(18, "DPT-HB-Hib 4 (lanjutan)", "dpt4", follows="dpt3", min_interval_days=183),
    _at(18, "Campak-Rubela (MR) 2 (lanjutan)", "mr2", follows="mr1"),
)
BY_CODE = {d.code: d for d in SCHEDULE}
# Basic immunisation (imunisasi dasar lengkap): every programme dose due before the first birthday, the
# endemic-only JE left out (the coverage of children 12–23 months counts those who have them all).
BASIC_DOSES = frozenset(d.code for d in SCHEDULE if d.due_months <= 11 and not d.endemic_only)


@dataclass(frozen=True)
class DoseStatus:
    dose: Dose
    due_on: datetime.date  # from this day on it may be given (the window's start, or the interval's end)
    status: str  # GIVEN, DUE, OVERDUE, LATER, WAITING or MISSED
    given_on: datetime.date | None = None
    overdue_on: datetime.date | None = None  # "terlambat" from this day
    last_on: datetime.date | None = None  # the last day it may be given

    @property
    def is_open(self) -> bool:
        """Due or overdue: to be given now (offered at a visit, on the follow-up list)."""
        return self.status in OPEN

    @property
    def is_given(self) -> bool:
        return self.status == GIVEN

    @property
    def is_due(self) -> bool:
        return self.status == DUE

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def is_waiting(self) -> bool:
        return self.status == WAITING

    @property
    def is_missed(self) -> bool:
        return self.status == MISSED


def statuses(
    birth_date: datetime.date,
    given: dict[str, datetime.date],
    today: datetime.date,
    *,
    endemic_je: bool = False,
) -> list[DoseStatus]:
    """Every dose of the schedule for one child on `today` (doses given after `today` count as not given)."""
    result: dict[str, DoseStatus] = {}
    for dose in SCHEDULE:
        if dose.endemic_only and not endemic_je:
            continue
        due_on = dose.start.on(birth_date)
        overdue_on = add_months(dose.end.on(birth_date), OVERDUE_AFTER_MONTHS)
        last_on = dose.before.on(birth_date) - datetime.timedelta(days=1)
        given_on = given.get(dose.code)
        previous = result.get(dose.follows)
        if given_on is not None and given_on <= today:
            status = GIVEN
        elif today > last_on or (previous is not None and previous.status == MISSED):
            status = MISSED
        elif previous is not None and previous.status != GIVEN:
            status = WAITING
        else:
            if previous is not None and previous.given_on is not None:
                due_on = max(due_on, previous.given_on + datetime.timedelta(days=dose.min_interval_days))
            if due_on > last_on:
                status = MISSED  # the interval after the dose before ends past the age limit
            elif today < due_on:
                status = LATER
            elif today < overdue_on:
                status = DUE
            else:
                status = OVERDUE
        result[dose.code] = DoseStatus(
            dose,
            due_on,
            status,
            given_on if status == GIVEN else None,
            overdue_on if overdue_on <= last_on else None,
            last_on,
        )
    return list(result.values())
