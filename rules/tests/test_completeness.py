"""Exact values of the monthly reports' completeness and timeliness: the deadline across a year's end, the
deadline day itself on time, sums of areas and the "final" verdict."""

from __future__ import annotations

import datetime

from rules.completeness import Completeness, deadline, is_on_time


def test_the_deadline_is_a_day_of_the_next_month() -> None:
    assert deadline(datetime.date(2026, 10, 1), 5) == datetime.date(2026, 11, 5)
    assert deadline(datetime.date(2026, 12, 1), 5) == datetime.date(2027, 1, 5)
    assert deadline(datetime.date(2026, 1, 31), 28) == datetime.date(2026, 2, 28)


def test_on_time_up_to_and_including_the_deadline_day() -> None:
    october = datetime.date(2026, 10, 1)
    assert is_on_time(datetime.date(2026, 10, 20), october, 5)
    assert is_on_time(datetime.date(2026, 11, 5), october, 5)
    assert not is_on_time(datetime.date(2026, 11, 6), october, 5)
    assert not is_on_time(None, october, 5)


def test_completeness_sums_areas_and_is_final_only_when_all_are_verified() -> None:
    desa_a = Completeness(expected=8, reported=7, on_time=6, verified=5)
    desa_b = Completeness(expected=4, reported=4, on_time=2, verified=4)
    kecamatan = desa_a + desa_b
    assert kecamatan == Completeness(12, 11, 8, 9)
    assert kecamatan.missing == 1
    assert (kecamatan.reported_pct, kecamatan.on_time_pct, kecamatan.verified_pct) == (
        100 * 11 / 12,
        100 * 8 / 12,
        75.0,
    )
    assert not kecamatan.final and desa_b.final
    assert Completeness().reported_pct is None and not Completeness().final
