"""KMS curves: a value on an SD line gives exactly that z-score."""

from __future__ import annotations

import numpy as np
import pytest

from growth import anthro
from growth.curves import SD_LINES, sd_lines, values_at_z


@pytest.mark.parametrize("sex", [1, 2])
def test_weight_for_age_lines(sex: int) -> None:
    days = np.arange(0, 1827)
    for k, weight in sd_lines("wfa", sex, days).items():
        result = anthro.zscores(sex=sex, age=days, weight=weight)
        assert np.all(result.zwei == k)
        assert np.max(np.abs(result.zwei_unrounded - k)) < 1e-9


@pytest.mark.parametrize("sex", ["m", "f"])
def test_length_for_age_lines(sex: str) -> None:
    days = np.arange(0, 1827)
    measure = np.where(days < 731, "l", "h")
    for k, length in sd_lines("lhfa", sex, days).items():
        result = anthro.zscores(sex=sex, age=days, lenhei=length, measure=measure)
        assert np.all(result.zlen == k)


@pytest.mark.parametrize(("measure", "age", "first", "last"), [("l", 300, 450, 1100), ("h", 1000, 650, 1200)])
def test_weight_for_length_height_lines(measure: str, age: int, first: int, last: int) -> None:
    lenhei = np.arange(first, last + 1) / 10
    for k, weight in sd_lines("wflh", 2, lenhei, measure=measure).items():
        result = anthro.zscores(sex=2, age=age, weight=weight, lenhei=lenhei, measure=measure)
        assert np.all(result.zwfl == k)
    between = np.array([50.05, 80.37])
    weight = values_at_z("wflh", 1, between, -2.0, measure="l")
    assert np.all(anthro.zscores(sex=1, age=100, weight=weight, lenhei=between, measure="l").zwfl == -2.0)


def test_beyond_three_sd_uses_who_extrapolation() -> None:
    days = np.arange(0, 1827, 7)
    for z in (-5.5, -4.0, 4.0, 6.0):
        weight = values_at_z("wfa", 1, days, z)
        result = anthro.zscores(sex=1, age=days, weight=weight)
        assert np.max(np.abs(result.zwei_unrounded - z)) < 1e-9


def test_shape_and_outside_the_tables() -> None:
    lines = sd_lines("wflh", 1, [40.0, 86.9, 87.0, 125.0])
    assert list(lines) == list(SD_LINES)
    assert np.isnan(lines[0][0]) and np.isnan(lines[0][3]) and not np.isnan(lines[0][1:3]).any()
    assert np.isnan(sd_lines("wfa", 1, [1900])[0][0])
    with pytest.raises(ValueError):
        sd_lines("bfa", 1, [100])
    with pytest.raises(ValueError):
        sd_lines("wfa", None, [100])
