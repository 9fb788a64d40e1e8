"""The immunisation schedule rule: age windows, "terlambat" one month after the window, the catch-up limits
and the series order."""

import datetime as dt

from rules.immunisation import SCHEDULE, statuses

BORN = dt.date(2026, 1, 10)


def by_code(given: dict[str, dt.date], today: dt.date, born: dt.date = BORN) -> dict[str, str]:
    return {s.dose.code: s.status for s in statuses(born, given, today)}


def open_doses(given: dict[str, dt.date], today: dt.date, born: dt.date = BORN) -> list[str]:
    return [s.dose.code for s in statuses(born, given, today) if s.is_open]


def test_hb0_only_in_the_first_seven_days() -> None:
    assert by_code({}, BORN)["hb0"] == "due"
    assert by_code({}, dt.date(2026, 1, 17))["hb0"] == "due"  # 7 days old: still
    assert by_code({}, dt.date(2026, 1, 18))["hb0"] == "missed"  # 8th day: no longer offered
    assert open_doses({}, dt.date(2026, 1, 18)) == []


def test_a_dose_is_overdue_one_month_after_the_end_of_its_window() -> None:
    # DPT-HB-Hib 1 at 2 months: window 10 March – 9 April, "terlambat" from 10 May.
    status = {s.dose.code: s for s in statuses(BORN, {}, dt.date(2026, 3, 9))}["dpt1"]
    assert (status.status, status.due_on, status.overdue_on) == (
        "later",
        dt.date(2026, 3, 10),
        dt.date(2026, 5, 10),
    )
    assert by_code({}, dt.date(2026, 3, 10))["dpt1"] == "due"
    assert by_code({}, dt.date(2026, 5, 9))["dpt1"] == "due"
    assert by_code({}, dt.date(2026, 5, 10))["dpt1"] == "overdue"


def test_a_newborn_has_hb0_due_and_nothing_else() -> None:
    born = dt.date(2026, 11, 22)
    assert open_doses({}, dt.date(2026, 11, 25), born) == ["hb0"]
    assert set(by_code({}, dt.date(2026, 11, 25), born).values()) == {"due", "later", "waiting"}


def test_a_three_year_old_is_offered_only_catch_up_doses() -> None:
    born = dt.date(2023, 10, 1)
    today = dt.date(2026, 11, 25)
    # Nothing recorded: no HB-0, BCG or rotavirus (past their limits); the first dose of each series.
    assert open_doses({}, today, born) == ["opv1", "dpt1", "pcv1", "ipv1", "mr1"]
    assert {c for c, s in by_code({}, today, born).items() if s == "missed"} == {
        "hb0",
        "bcg",
        "rv1",
        "rv2",
        "rv3",
    }
    # Complete for age but MR2: only MR2, overdue.
    complete = {d.code: dt.date(2024, 4, 1) for d in SCHEDULE if d.code != "mr2"}
    complete["mr1"] = dt.date(2024, 7, 1)
    assert [(s.dose.code, s.status) for s in statuses(born, complete, today) if s.is_open] == [
        ("mr2", "overdue")
    ]


def test_catch_up_ends_at_five_years() -> None:
    born = dt.date(2021, 11, 25)
    assert open_doses({}, dt.date(2026, 11, 24), born) == ["opv1", "dpt1", "pcv1", "ipv1", "mr1"]
    assert open_doses({}, dt.date(2026, 11, 25), born) == []  # 60 months: no longer offered


def test_rotavirus_dose_one_by_fifteen_weeks_and_the_series_by_seven_months() -> None:
    assert by_code({}, dt.date(2026, 4, 25))["rv1"] == "due"  # 15 weeks 0 days
    missed = by_code({}, dt.date(2026, 4, 26))
    assert (missed["rv1"], missed["rv2"], missed["rv3"]) == ("missed", "missed", "missed")
    late_start = {"rv1": dt.date(2026, 4, 20)}
    # Rotavirus 2 at 3 months: window 10 April – 9 May, "terlambat" from 10 June, never after 9 August.
    assert by_code(late_start, dt.date(2026, 6, 9))["rv2"] == "due"
    assert by_code(late_start, dt.date(2026, 6, 10))["rv2"] == "overdue"
    assert by_code(late_start, dt.date(2026, 8, 9))["rv2"] == "overdue"
    assert by_code(late_start, dt.date(2026, 8, 10))["rv2"] == "missed"  # 7 months old


def test_a_series_dose_waits_for_the_one_before_and_its_interval() -> None:
    today = dt.date(2026, 6, 1)  # 4 months 3 weeks
    assert by_code({}, today)["dpt2"] == "waiting"
    given = {"dpt1": dt.date(2026, 5, 20)}
    dpt2 = {s.dose.code: s for s in statuses(BORN, given, today)}["dpt2"]
    assert (dpt2.status, dpt2.due_on) == ("later", dt.date(2026, 6, 17))  # four weeks after dose 1
    assert by_code(given, dt.date(2026, 6, 17))["dpt2"] == "overdue"  # behind the schedule already


def test_a_dose_given_after_the_day_asked_counts_as_not_given() -> None:
    given = {"hb0": dt.date(2026, 1, 11)}
    assert by_code(given, dt.date(2026, 1, 10))["hb0"] == "due"
    assert by_code(given, dt.date(2026, 1, 11))["hb0"] == "given"


def test_each_dose_answers_which_status_it_has() -> None:
    # What the child's page asks instead of comparing codes: HB-0 given, IPV 1 due, DPT-HB-Hib 1 overdue,
    # DPT-HB-Hib 2 waiting for it, rotavirus 1 missed.
    doses = {s.dose.code: s for s in statuses(BORN, {"hb0": BORN}, dt.date(2026, 5, 10))}
    assert [
        (code, dose.is_given, dose.is_due, dose.is_overdue, dose.is_waiting, dose.is_missed)
        for code, dose in ((c, doses[c]) for c in ("hb0", "ipv1", "dpt1", "dpt2", "rv1"))
    ] == [
        ("hb0", True, False, False, False, False),
        ("ipv1", False, True, False, False, False),
        ("dpt1", False, False, True, False, False),
        ("dpt2", False, False, False, True, False),
        ("rv1", False, False, False, False, True),
    ]
