"""Completed months of age: one rule (docs/domain.md "Completed months") for every path."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from growth import age, weight_gain
from rules import assessment, life_stage, months
from rules.screening import DEFAULT_RULES


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 0),
        (dt.date(2024, 1, 31), dt.date(2024, 3, 1), 1),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), 11),
        (dt.date(2024, 2, 29), dt.date(2025, 3, 1), 12),
        (dt.date(2023, 12, 31), dt.date(2024, 2, 29), 1),  # issue 13's child
        (dt.date(2023, 12, 31), dt.date(2024, 3, 30), 2),
        (dt.date(2023, 12, 31), dt.date(2024, 3, 31), 3),
        (dt.date(2025, 1, 15), dt.date(2025, 1, 14), 0),  # before birth: never negative
    ],
)
def test_completed_months_as_decided(born: dt.date, on: dt.date, expected: int) -> None:
    assert months.completed_months(born, on) == expected
    assert months.completed_months is age.completed_months  # the one the KBM of growth.weight_gain uses


def test_kbm_of_the_visit_path_and_of_the_kms_history_agree() -> None:
    """Born 31 Dec 2023, weighed 4.00 kg on 31 Jan and 4.85 kg on 29 Feb 2024: one month old, KBM 800 g,
    a gain of 850 g is N on both paths (the visit path said 2 months, KBM 900 g, T)."""
    born, on = dt.date(2023, 12, 31), dt.date(2024, 2, 29)
    history = weight_gain.monthly_statuses([(dt.date(2024, 1, 31), 4.0), (on, 4.85)], birth_date=born)
    assert (history[-1].age_months, history[-1].kbm_g, history[-1].status) == (1, 800, "N")
    person = assessment.Person(
        sex="P",
        age_days=life_stage.age_in_days(born, on),
        age_months=months.completed_months(born, on),
        stage=life_stage.stage(born, on),
    )
    visit = assessment.assess(
        person,
        assessment.Measurements(weight_kg=4.85),
        assessment.History(previous_month_weight_kg=4.0, weighed_before=True, previous_month_status="B"),
        DEFAULT_RULES,
    )
    assert visit.weight_gain == "N"
    assert [f.detail for f in visit.findings if f.code == "gain_n"] == ["+850 g ≥ KBM 800 g"]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize("stage", list(life_stage.Stage))
def test_birth_date_ranges_of_database_filters_follow_the_rule(stage: life_stage.Stage) -> None:
    """The dates of birth a database filter takes for a stage (`birth_date_range`) are exactly those whose
    completed months put them in that stage, on every day of a leap year and the year after."""
    for on in _days(dt.date(2024, 1, 1), dt.date(2025, 12, 31)):
        oldest, youngest = life_stage.birth_date_range(stage, on)
        assert youngest is not None
        assert life_stage.stage(youngest, on) == stage or youngest > on
        after = youngest + dt.timedelta(days=1)
        assert after > on or life_stage.stage(after, on) != stage
        if oldest is not None:
            assert life_stage.stage(oldest, on) == stage
            assert life_stage.stage(oldest - dt.timedelta(days=1), on) != stage


def test_month_ranges() -> None:
    assert months.month_end(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert months.month_end(dt.date(2025, 12, 1)) == dt.date(2025, 12, 31)
    assert months.months_between(dt.date(2024, 11, 30), dt.date(2025, 2, 1)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]
    assert months.months_between(dt.date(2025, 3, 5), dt.date(2025, 2, 28)) == []


def test_no_other_module_computes_month_ranges() -> None:
    """First and last days of months, month iteration and month adding live in rules.months."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"calendar\.monthrange|add_months\([^()]*, 1\) - datetime\.timedelta\(days=1\)")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and path.parent.name != "rules"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_latest_birth_date_of_an_age_follows_completed_months() -> None:
    """Database filters "under N months" take `birth_date > latest_birth_date(on, N)`."""
    for on in _days(dt.date(2024, 1, 1), dt.date(2025, 12, 31)):
        latest = life_stage.latest_birth_date(on, 60)
        assert months.completed_months(latest, on) == 60
        assert months.completed_months(latest + dt.timedelta(days=1), on) == 59
