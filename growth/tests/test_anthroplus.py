"""WHO anthroplus's own test cases (docs/domain.md "The 2007 reference") and its junk-input behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest

from growth import GrowthInputError, anthroplus


def test_who_examples() -> None:
    result = anthroplus.zscores(
        sex=2, age=[60.32, 60.911701], age_in_month=True, height=[113.8, 113.6], weight=[18.7, 20.5]
    )
    assert result.zwfa.tolist() == [0.21, 0.79]
    assert result.zbfa.tolist() == [-0.58, 0.42]
    assert result.zhfa.tolist() == [0.96, 0.85]


def test_age_bounds_are_inclusive() -> None:
    result = anthroplus.zscores(
        sex=1, age=[59, 60, 120, 120.01, 228, 228.01], age_in_month=True, height=140, weight=35
    )
    assert np.isnan(result.zhfa).tolist() == [True, False, False, False, False, True]
    assert np.isnan(result.zbfa).tolist() == [True, False, False, False, False, True]
    assert np.isnan(result.zwfa).tolist() == [True, False, False, True, True, True]


def test_age_in_days() -> None:
    by_days = anthroplus.zscores(sex="f", age=3000, height=130, weight=27)
    by_months = anthroplus.zscores(sex="f", age=3000 / 30.4375, age_in_month=True, height=130, weight=27)
    assert by_days.zhfa_unrounded[0] == by_months.zhfa_unrounded[0]


def test_oedema() -> None:
    result = anthroplus.zscores(sex=1, age=100, age_in_month=True, height=130, weight=27, oedema=["y", "n"])
    assert np.isnan(result.zwfa[0]) and np.isnan(result.zbfa[0]) and not np.isnan(result.zhfa[0])
    assert result.coedema.tolist() == ["y", "n"]


def test_junk_zero_height_and_weight() -> None:
    result = anthroplus.zscores(sex=1, age=100, age_in_month=True, height=[0, 130], weight=[27, 0])
    assert result.zhfa[0] == pytest.approx(-22, abs=1) and math.isinf(result.zbfa[0])
    assert math.isfinite(result.zwfa[1])
    both_zero = anthroplus.zscores(sex=1, age=100, age_in_month=True, height=0, weight=0)
    assert both_zero.is_who_nan("bfa")[0] and np.isnan(both_zero.fbfa[0])


@pytest.mark.parametrize("argument", ["age", "height", "weight"])
def test_negative_inputs_are_refused(argument: str) -> None:
    kwargs = {"sex": 1, "age": 100, "age_in_month": True, "height": 130, "weight": 27, argument: -1}
    with pytest.raises(GrowthInputError) as refused:
        anthroplus.zscores(**kwargs)
    assert refused.value.argument == argument
