import datetime as dt

from rules.service import service


def test_continuous_service_across_posyandu_with_a_short_gap() -> None:
    # Served 2010-2018 at one posyandu, moved and started again 20 days later.
    s = service(
        [(dt.date(2010, 3, 1), dt.date(2018, 6, 10)), (dt.date(2018, 6, 30), None)], dt.date(2026, 3, 1)
    )
    assert (s.start, s.years, s.active, s.milestone) == (dt.date(2010, 3, 1), 16, True, 10)


def test_long_gap_restarts_the_count() -> None:
    s = service(
        [(dt.date(1990, 1, 1), dt.date(2000, 1, 1)), (dt.date(2005, 1, 1), None)], dt.date(2026, 1, 1)
    )
    assert (s.start, s.years, s.milestone) == (dt.date(2005, 1, 1), 21, 20)
    assert (
        s.total_days
        == (dt.date(2000, 1, 1) - dt.date(1990, 1, 1)).days
        + 1
        + (dt.date(2026, 1, 1) - dt.date(2005, 1, 1)).days
        + 1
    )


def test_completed_years_boundary_and_overlaps() -> None:
    as_of = dt.date(2026, 12, 31)
    assert service([(dt.date(2017, 1, 1), None)], as_of).years == 9
    assert service([(dt.date(2016, 12, 31), None)], as_of).years == 10
    overlapping = service([(dt.date(2016, 1, 1), None), (dt.date(2018, 1, 1), dt.date(2019, 1, 1))], as_of)
    assert overlapping.years == 10 and overlapping.total_days == (as_of - dt.date(2016, 1, 1)).days + 1


def test_ended_and_future_memberships() -> None:
    ended = service([(dt.date(2000, 1, 1), dt.date(2020, 1, 1))], dt.date(2026, 1, 1))
    assert ended.active is False and ended.years == 20
    assert service([(dt.date(2030, 1, 1), None)], dt.date(2026, 1, 1)).years == 0
    assert service([], dt.date(2026, 1, 1)).milestone is None
