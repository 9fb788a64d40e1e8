"""ILP life stages (docs/domain.md "Age and life stages"): derived from the date of birth and the date of the
visit, never from the NIK. Pregnancy and the 42 days after delivery are states of a woman, not ages."""

from __future__ import annotations

import datetime
from enum import StrEnum

from rules.months import add_months, completed_months

__all__ = [
    "NIFAS_DAYS",
    "STAGE_MONTHS",
    "Stage",
    "age_in_days",
    "birth_date_range",
    "completed_months",
    "is_baduta",
    "latest_birth_date",
    "stage",
    "stage_at",
]

NIFAS_DAYS = 42


class Stage(StrEnum):
    BAYI = "bayi"  # 0–11 months
    BALITA = "balita"  # 12–59 months (baduta 0–23 is a subset shown separately)
    APRAS = "apras"  # 60–71 months
    USIA_SEKOLAH = "usia_sekolah"  # 6–9 years
    REMAJA = "remaja"  # 10–17 years
    DEWASA = "dewasa"  # 18–59 years
    LANSIA = "lansia"  # 60 years and over


def age_in_days(birth_date: datetime.date, on: datetime.date) -> int:
    return (on - birth_date).days


# Each stage's ages in completed months, from its first month to the first month beyond it (None: no end),
# from the youngest: the one table of the stages' boundaries (`stage`, `birth_date_range`, the offline
# evaluator through offline.rule_data).
STAGE_MONTHS: tuple[tuple[Stage, int, int | None], ...] = (
    (Stage.BAYI, 0, 12),
    (Stage.BALITA, 12, 60),
    (Stage.APRAS, 60, 72),
    (Stage.USIA_SEKOLAH, 72, 10 * 12),
    (Stage.REMAJA, 10 * 12, 18 * 12),
    (Stage.DEWASA, 18 * 12, 60 * 12),
    (Stage.LANSIA, 60 * 12, None),
)


def stage_at(months: int) -> Stage:
    """The stage at an age in completed months."""
    for code, _first, beyond in STAGE_MONTHS:
        if beyond is None or months < beyond:
            return code
    raise AssertionError("the last stage has no end")  # pragma: no cover


def stage(birth_date: datetime.date, on: datetime.date) -> Stage:
    return stage_at(completed_months(birth_date, on))


def is_child_under_five(birth_date: datetime.date, on: datetime.date) -> bool:
    return completed_months(birth_date, on) < 60


def is_baduta(birth_date: datetime.date, on: datetime.date) -> bool:
    return completed_months(birth_date, on) < 24


def birth_date_range(
    stage_code: Stage, on: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """Dates of birth (oldest, youngest) inclusive of people in a stage on a day, for database filters."""
    bounds = {code: (first, beyond) for code, first, beyond in STAGE_MONTHS}
    low_months, high_months = bounds[stage_code]
    youngest = latest_birth_date(on, low_months)
    oldest = None if high_months is None else latest_birth_date(on, high_months) + datetime.timedelta(days=1)
    return oldest, youngest


def latest_birth_date(on: datetime.date, months: int) -> datetime.date:
    """The latest date of birth with at least `months` completed months on `on` (`completed_months`): the same
    day `months` earlier, or the last day of that month when it is shorter (born 29 February 2024: 12 months
    on 1 March 2025, not on 28 February)."""
    return add_months(on, -months)
