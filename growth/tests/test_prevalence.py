"""Wilson interval, prevalence with WHO's flag and oedema rules, data-quality statistics, digit preference."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from growth.prevalence import (
    digit_preference,
    digit_preference_summary,
    half_and_whole_share,
    prevalence,
    proportion,
    quality,
    wilson_interval,
)


def test_wilson_known_values() -> None:
    low, high = wilson_interval(10, 100)
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775
    assert wilson_interval(5, 5)[1] == 1.0
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    low90, high90 = wilson_interval(10, 100, confidence=0.90)
    assert low90 > low and high90 < high


@pytest.mark.parametrize(("k", "n"), [(-1, 10), (11, 10), (1, -1)])
def test_wilson_refuses_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(k, n)


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_estimate(counts: tuple[int, int]) -> None:
    k, n = counts
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_proportion_and_small_n() -> None:
    p = proportion(7, 29)
    assert p.small_n and p.pct == pytest.approx(100 * 7 / 29)
    assert p.low == pytest.approx(100 * wilson_interval(7, 29)[0])
    assert not proportion(7, 30).small_n
    assert math.isnan(proportion(0, 0).pct)


def test_prevalence_excludes_missing_and_flagged() -> None:
    z = [-2.5, -2.01, -2.0, 0.3, math.nan, -6.5]
    flags = [0, 0, 0, 0, math.nan, 1]
    stunting = prevalence(z, flags, below=-2)
    assert (stunting.k, stunting.n) == (2, 4)
    assert prevalence(z, flags, above=0).k == 1
    with pytest.raises(ValueError):
        prevalence(z, flags)


def test_prevalence_with_oedema_counts_below_minus_three() -> None:
    z = [math.nan, 0.5, -3.5]
    flags = [math.nan, 0, 0]
    severe = prevalence(z, flags, below=-3, oedema=[True, False, False])
    assert (severe.k, severe.n) == (2, 3)


def test_quality() -> None:
    z = np.array([-1.0, 0.0, 1.0, 4.0, math.nan, 7.0])
    flags = np.array([0, 0, 0, 0, math.nan, 1])
    stats = quality(z, flags)
    assert stats.n == 5 and stats.flagged_share == 0.2
    kept = np.array([-1.0, 0.0, 1.0, 4.0])
    assert stats.sd == pytest.approx(np.std(kept, ddof=1))
    centred = kept - kept.mean()
    assert stats.skewness == pytest.approx(np.mean(centred**3) / np.mean(centred**2) ** 1.5)
    assert stats.skewness > 0
    assert math.isnan(quality([], []).flagged_share)


def test_digit_preference() -> None:
    values = [7.0, 7.5, 8.2, 9.0, 10.1, 11.45, math.nan]
    shares = digit_preference(values)
    assert shares[0] == pytest.approx(2 / 6) and shares[5] == pytest.approx(1 / 6)
    assert shares[4] == pytest.approx(1 / 6)  # 11.45 → first decimal 4
    assert digit_preference([11.45], decimals=2)[5] == 1.0
    assert sum(shares.values()) == pytest.approx(1.0)
    summary = digit_preference_summary(values)
    assert summary.n == 6 and summary.share_0_or_5 == pytest.approx(0.5)
    assert half_and_whole_share(values) == pytest.approx(0.5)
    assert digit_preference_summary(np.arange(1000) / 10).score == pytest.approx(0.0)
    assert digit_preference_summary([5.0] * 10).score == pytest.approx(100.0)
    assert math.isnan(digit_preference([])[0])
