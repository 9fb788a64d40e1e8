"""R's round(x, 2) and WHO's round_up, including the cases where Python's round differs."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from growth.rounding import r_round, round_half_up


def test_three_decimal_ties_differ_from_python() -> None:
    assert r_round([2.735, -2.735]).tolist() == [2.73, -2.73]
    # R compares the two candidates in doubles; Python and NumPy round the exact binary value.
    assert r_round([0.155, 0.005, 0.015]).tolist() == [0.16, 0.0, 0.01]
    assert [round(0.155, 2), round(0.005, 2)] == [0.15, 0.01]
    assert np.round(0.015, 2) == 0.02
    assert r_round([0.125, 0.135, 0.145])[0] == 0.12


def test_flag_cut_offs() -> None:
    assert r_round([-6.0049, 5.0051, 4.995, -5.0049]).tolist() == [-6.0, 5.01, 5.0, -5.0]


def test_r_round_of_one_decimal() -> None:
    assert r_round([0.15, 0.25, 0.35], 1).tolist() == [0.1, 0.2, 0.3]  # R ≥ 4.0.0


def test_non_finite_and_huge_pass_through() -> None:
    values = r_round([math.nan, math.inf, -math.inf, 1e20, 2.0**43 + 0.25, -0.0])
    assert np.isnan(values[0]) and values[1] == math.inf and values[2] == -math.inf
    assert values[3] == 1e20 and values[4] == 2.0**43 + 0.25
    assert values[5] == 0 and math.copysign(1, values[5]) == -1


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_r_round_takes_a_nearest_candidate(x: float) -> None:
    rounded = float(r_round(x))
    a = abs(x)
    candidates = {math.floor(a * 100) / 100, math.ceil(a * 100) / 100}
    assert abs(rounded) in candidates
    assert abs(abs(rounded) - a) <= min(abs(c - a) for c in candidates)
    assert float(r_round(rounded)) == rounded  # idempotent
    assert r_round([x]).shape == (1,)


def test_round_half_up() -> None:
    assert round_half_up([730.49, 730.5, 0.0, 1.5, 2.5]).tolist() == [730, 731, 0, 2, 3]
