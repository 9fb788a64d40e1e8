"""Targets compare the unrounded value; the figure shown never says otherwise (docs/domain.md "Targets")."""

from __future__ import annotations

from fractions import Fraction

from rules import percentages as pc


def test_1999_of_2500_does_not_reach_80_percent_and_is_not_shown_as_80() -> None:
    value = pc.ratio(1999, 2500)
    assert value == Fraction(7996, 100)
    assert not pc.reaches(value, 80.0)
    assert pc.shown(value, against=80.0) == 79.96
    assert pc.shown(value) == 80.0  # with no target to contradict, one decimal


def test_the_figure_shown_takes_the_decimals_the_verdict_needs() -> None:
    assert pc.shown(pc.ratio(2000, 2500), against=80.0) == 80.0
    assert pc.shown(pc.ratio(1, 3), against=80.0) == 33.3
    assert pc.shown(pc.ratio(799_999, 1_000_000), against=80.0) == 79.9999
    assert pc.shown(pc.ratio(79_999_999, 100_000_000), against=80.0) == 79.9999
    # Above a limit not to pass (a prevalence target): 14.04 % is above 14.0 %.
    assert pc.exceeds(Fraction(1404, 100), 14.0) and not pc.exceeds(Fraction(1400, 100), 14.0)
    assert pc.shown(pc.ratio(1404, 10_000), against=14.0, strict=True) == 14.04
    assert pc.shown(None, against=80.0) is None and pc.ratio(3, 0) is None
    assert [pc.places(v) for v in (79.96, 80.0, 14.04, 79.9999)] == [2, 1, 2, 4]
