"""Properties over generated inputs (hypothesis):

* heavier at the same sex, age and length never gives a lower weight z-score (zwei, zwfl, zbmi);
* a value placed on an SD line gives that z-score;
* no float input (NaN, ±inf, 0, negative, huge) raises, except where WHO refuses the call, and then with
  GrowthInputError.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from growth import GrowthInputError, anthro, anthroplus
from growth.curves import values_at_z

sexes = st.sampled_from([1, 2, "m", "f", "M", "F", "1", "2"])
ages = st.integers(min_value=0, max_value=1826)
any_float = st.floats(allow_nan=True, allow_infinity=True, width=64)
measures = st.sampled_from(["l", "h", None])


def non_decreasing(low: float, high: float) -> bool:
    if math.isnan(low) or math.isnan(high):
        return math.isnan(low) and math.isnan(high)
    return high >= low


@settings(max_examples=300, deadline=None)
@given(
    sex=sexes,
    age=ages,
    lenhei=st.floats(min_value=40, max_value=125),
    measure=measures,
    weights=st.tuples(st.floats(min_value=0.01, max_value=80), st.floats(min_value=0.01, max_value=80)),
)
def test_heavier_never_gives_a_lower_weight_z(sex, age, lenhei, measure, weights) -> None:
    light, heavy = sorted(weights)
    result = anthro.zscores(sex=sex, age=age, weight=[light, heavy], lenhei=lenhei, measure=measure)
    for name in ("wei", "wfl", "bmi"):
        rounded = getattr(result, f"z{name}")
        unrounded = getattr(result, f"z{name}_unrounded")
        assert non_decreasing(rounded[0], rounded[1]), name
        assert non_decreasing(unrounded[0] - 1e-12, unrounded[1]), name


@settings(max_examples=200, deadline=None)
@given(sex=sexes, age=ages, k=st.sampled_from([-3, -2, -1, 0, 1, 2, 3]))
def test_a_value_on_an_sd_line_gives_that_z(sex, age, k) -> None:
    weight = values_at_z("wfa", sex, [age], k)
    length = values_at_z("lhfa", sex, [age], k)
    result = anthro.zscores(sex=sex, age=age, weight=weight, lenhei=length, measure="l" if age < 731 else "h")
    assert result.zwei[0] == k and result.zlen[0] == k
    assert abs(result.zwei_unrounded[0] - k) < 1e-9 and abs(result.zlen_unrounded[0] - k) < 1e-9


@settings(max_examples=200, deadline=None)
@given(sex=sexes, tenths=st.integers(min_value=450, max_value=1100), z=st.floats(min_value=-8, max_value=8))
def test_a_value_at_any_z_gives_that_z_for_weight_for_length(sex, tenths, z) -> None:
    length = tenths / 10
    weight = values_at_z("wflh", sex, [length], z, measure="l")
    result = anthro.zscores(sex=sex, age=200, weight=weight, lenhei=length, measure="l")
    assert abs(result.zwfl_unrounded[0] - z) < 1e-9


@settings(max_examples=400, deadline=None)
@given(
    sex=st.sampled_from([1, 2, None, "f"]),
    age=st.one_of(st.floats(min_value=0, allow_nan=False), st.just(math.nan), st.just(math.inf)),
    in_months=st.booleans(),
    values=st.lists(any_float, min_size=6, max_size=6),
    measure=measures,
    oedema=st.sampled_from(["y", "n", None]),
)
def test_no_float_input_raises(sex, age, in_months, values, measure, oedema) -> None:
    weight, lenhei, headc, armc, triskin, subskin = values
    result = anthro.zscores(
        sex=sex,
        age=age,
        age_in_month=in_months,
        weight=weight,
        lenhei=lenhei,
        measure=measure,
        headc=headc,
        armc=armc,
        triskin=triskin,
        subskin=subskin,
        oedema=oedema,
    )
    for name in anthro.INDICATORS:
        z = getattr(result, f"z{name}")
        flag = getattr(result, f"f{name}")
        assert np.isnan(z[0]) == np.isnan(flag[0])  # a flag exactly where there is a z-score
        assert flag[0] in (0.0, 1.0) or np.isnan(flag[0])
    plus = anthroplus.zscores(
        sex=sex, age=age, age_in_month=in_months, weight=abs(weight), height=abs(lenhei), oedema=oedema
    )
    assert len(plus) == 1


@settings(max_examples=100, deadline=None)
@given(age=st.floats(max_value=-1e-300, allow_nan=False), weight=any_float)
def test_negative_age_is_refused_with_growth_input_error(age, weight) -> None:
    for compute in (anthro.zscores, anthroplus.zscores):
        try:
            compute(sex=1, age=age, weight=weight)
        except GrowthInputError as error:
            assert error.argument == "age" and error.index == 0
        else:
            raise AssertionError("a negative age must be refused")


@settings(max_examples=100, deadline=None)
@given(value=st.floats(max_value=-1e-300, allow_nan=False), which=st.sampled_from(["height", "weight"]))
def test_anthroplus_refuses_negative_measurements(value, which) -> None:
    assume(value < 0)
    kwargs = {"sex": 2, "age": 100, "age_in_month": True, which: value}
    try:
        anthroplus.zscores(**kwargs)
    except GrowthInputError as error:
        assert error.argument == which
    else:
        raise AssertionError("WHO anthroplus stops on a negative measurement")
