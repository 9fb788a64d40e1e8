"""The routine immunisation programme schedule (DECISIONS.md "Supplements and immunisation"), as data.

Each vaccine dose has the age in months at which it is due; a dose is overdue one month after that.
HB-0 is due at birth (within 24 hours)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rules.months import add_months

SCHEDULE_VERSION = "imunisasi-2024"
OVERDUE_AFTER_MONTHS = 1


@dataclass(frozen=True)
class Dose:
    code: str
    label: str
    due_months: int
    endemic_only: bool = False


SCHEDULE: tuple[Dose, ...] = (
    Dose("hb0", "HB-0", 0),
    Dose("bcg", "BCG", 1),
    Dose("opv1", "Polio tetes 1", 1),
    Dose("dpt1", "DPT-HB-Hib 1", 2),
    Dose("opv2", "Polio tetes 2", 2),
    Dose("pcv1", "PCV 1", 2),
    Dose("rv1", "Rotavirus 1", 2),
    Dose("dpt2", "DPT-HB-Hib 2", 3),
    Dose("opv3", "Polio tetes 3", 3),
    Dose("pcv2", "PCV 2", 3),
    Dose("rv2", "Rotavirus 2", 3),
    Dose("dpt3", "DPT-HB-Hib 3", 4),
    Dose("opv4", "Polio tetes 4", 4),
    Dose("ipv1", "IPV 1", 4),
    Dose("rv3", "Rotavirus 3", 4),
    Dose("mr1", "Campak-Rubela (MR) 1", 9),
    Dose("ipv2", "IPV 2", 9),
    Dose("je", "Japanese Encephalitis", 10, endemic_only=True),
    Dose("pcv3", "PCV 3", 12),
    Dose("dpt4", "DPT-HB-Hib 4 (lanjutan)", 18),
    Dose("mr2", "Campak-Rubela (MR) 2 (lanjutan)", 18),
)
BY_CODE = {d.code: d for d in SCHEDULE}


@dataclass(frozen=True)
class DoseStatus:
    dose: Dose
    due_on: datetime.date
    status: str  # "given", "due", "overdue", "later"
    given_on: datetime.date | None = None


def statuses(
    birth_date: datetime.date,
    given: dict[str, datetime.date],
    today: datetime.date,
    *,
    endemic_je: bool = False,
) -> list[DoseStatus]:
    """Every dose of the schedule for one child: given, due (this month's window), overdue, or later."""
    result = []
    for dose in SCHEDULE:
        if dose.endemic_only and not endemic_je:
            continue
        due_on = add_months(birth_date, dose.due_months)
        if dose.code in given:
            result.append(DoseStatus(dose, due_on, "given", given[dose.code]))
        elif today < due_on:
            result.append(DoseStatus(dose, due_on, "later"))
        elif today < add_months(due_on, OVERDUE_AFTER_MONTHS):
            result.append(DoseStatus(dose, due_on, "due"))
        else:
            result.append(DoseStatus(dose, due_on, "overdue"))
    return result
