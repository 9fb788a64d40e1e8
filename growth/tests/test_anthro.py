"""WHO anthro's own test cases (tests/testthat) and its junk-input behaviour (docs/domain.md "Junk input")."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from growth import GrowthInputError, anthro
from growth.rounding import r_round
from growth.tables import load


def one(**kwargs: Any) -> anthro.AnthroResult:
    return anthro.zscores(**kwargs)


def test_age_in_months_is_multiplied_by_30_4375() -> None:
    by_month = one(sex=1, age=30, age_in_month=True, weight=12.0, lenhei=89.0, measure="h")
    by_day = one(sex=1, age=30 * 30.4375, weight=12.0, lenhei=89.0, measure="h")
    assert by_month.zwei_unrounded[0] == by_day.zwei_unrounded[0]
    assert by_month.zlen_unrounded[0] == by_day.zlen_unrounded[0]


@pytest.mark.parametrize(
    ("age", "measure", "expected"),
    [(730, "h", 80.7), (800, "h", 80.0), (730, "l", 80.0), (800, "l", 79.3), (730.5, "h", 80.0)],
)
def test_length_height_conversion(age: float, measure: str, expected: float) -> None:
    assert one(sex=2, age=age, lenhei=80.0, measure=measure).clenhei[0] == pytest.approx(expected, abs=1e-12)


def test_conversion_is_plain_floating_point() -> None:
    assert one(sex=1, age=800, lenhei=103.1, measure="l").clenhei[0] == 103.1 - 0.7 == 102.39999999999999


def test_boy_987_days_lying() -> None:
    result = one(sex=1, age=987, lenhei=72.86, measure="l")
    assert (result.zlen[0], result.flen[0]) == (-6.09, 1.0)


def test_missing_sex_or_age_gives_no_length_z() -> None:
    assert np.isnan(one(sex=None, age=987, lenhei=72.86).zlen[0])
    assert np.isnan(one(sex=1, age=None, lenhei=72.86).zlen[0])


def test_standing_under_nine_months() -> None:
    result = one(sex=1, age=[8, 9], age_in_month=True, lenhei=60, measure="h")
    assert result.c9mo_flag.tolist() == [1, 0]
    assert result.clenhei.tolist() == [60.0, 60.7]
    assert result.zlen.tolist() == [-4.81, -5.02]
    assert result.cmeasure.tolist() == ["", "h"]


def test_only_under_60_months() -> None:
    result = one(sex=2, age=[59.9, 60, 60.1], age_in_month=True, weight=18, lenhei=108, headc=50, armc=16)
    for name in anthro.INDICATORS:
        z = getattr(result, f"z{name}")
        assert np.isnan(z[1]) and np.isnan(z[2])
    assert not np.isnan(result.zwei[0]) and not np.isnan(result.zwfl[0])


@pytest.mark.parametrize("measure", [None, "h"])
def test_girl_24_months_uses_height(measure: str | None) -> None:
    assert one(sex=2, age=24, age_in_month=True, lenhei=77.5, measure=measure).zlen[0] == -2.55


def test_weight_for_age_cases() -> None:
    assert one(sex=2, age=1522, weight=17).zwei[0] == 0.24
    assert one(sex=2, age=1, weight=10.37).fwei[0] == 1.0
    assert np.isnan(one(sex=2, age=1857, weight=17).zwei[0])
    assert np.isnan(one(sex=2, age=100, weight=[0, -1]).zwei).all()


def test_length_formula_boy_day_44() -> None:
    table = load("lenanthro")
    assert (table.m[44], table.s[44]) == (56.4833, 0.03492)
    assert one(sex=1, age=44, lenhei=50).zlen[0] == float(r_round((50 / 56.4833 - 1) / 0.03492, 2))


def test_bmi_flag_day_one() -> None:
    result = one(sex=2, age=1, weight=6.25, lenhei=50)
    assert result.cbmi[0] == 25.0 and result.fbmi[0] == 1.0


def test_measurements_at_or_below_zero_give_no_z() -> None:
    result = one(sex=1, age=400, headc=[0, -1], armc=[0, -1], triskin=[0, -2], subskin=[0, -3])
    for name in ("hc", "ac", "ts", "ss"):
        assert np.isnan(getattr(result, f"z{name}")).all()
    bmi = one(sex=1, age=400, weight=-5, lenhei=75)
    assert bmi.cbmi[0] < 0 and np.isnan(bmi.zbmi[0])


def test_weight_for_length_at_60_months() -> None:
    result = one(sex=1, age=[60, 59.99], age_in_month=True, weight=18, lenhei=110, measure="h")
    assert np.isnan(result.zwfl[0]) and not np.isnan(result.zwfl[1])


def test_age_rounding_and_negative_age() -> None:
    result = one(sex=1, age=[730.49, 730.5], lenhei=80, measure="h")
    assert result.clenhei.tolist() == [80.7, 80.0]  # day 730 (length) and day 731 (height)
    with pytest.raises(GrowthInputError) as refused:
        one(sex=1, age=[10, -1], weight=5)
    assert (refused.value.argument, refused.value.index, refused.value.value) == ("age", 1, -1.0)


def test_oedema_codes() -> None:
    result = one(sex=1, age=400, weight=9, lenhei=75, oedema=["1", "y", "Y", "2", "n", None, True, False])
    assert (
        np.isnan(result.zwei[:3]).all()
        and np.isnan(result.zwfl[:3]).all()
        and np.isnan(result.zbmi[:3]).all()
    )
    assert np.isnan(result.zwei).tolist() == [True, True, True, False, False, False, True, False]
    assert not np.isnan(result.zlen).any()  # length is computed under oedema


@pytest.mark.parametrize(("argument", "value"), [("oedema", "T"), ("sex", "T"), ("measure", "x"), ("sex", 3)])
def test_unknown_codes_are_refused(argument: str, value: object) -> None:
    kwargs = {"sex": 1, "age": 100, "weight": 6.0, argument: value}
    with pytest.raises(GrowthInputError) as refused:
        one(**kwargs)
    assert refused.value.argument == argument


def test_decimals_are_numbers() -> None:
    from decimal import Decimal

    result = one(sex="f", age=Decimal("1522"), weight=[Decimal("17.0"), None])
    assert result.zwei[0] == 0.24 and np.isnan(result.zwei[1])


def test_text_measurement_is_refused() -> None:
    with pytest.raises(GrowthInputError):
        one(sex=1, age=100, weight=["6.0"])


def test_codes_are_case_and_space_insensitive() -> None:
    result = one(sex=["M", " f ", "1", 2.0], age=100, weight=6.0, measure=["L", "H", " l ", ""])
    assert result.csex.tolist() == [1.0, 2.0, 1.0, 2.0]


def test_recycling_like_rep_len() -> None:
    result = one(sex="f", age=[10, 20, 30], weight=10)
    assert len(result) == 3 and result.zwei.shape == (3,)
    result = one(sex=[1, 2], age=[100, 100, 200, 200], weight=6)
    assert result.csex.tolist() == [1.0, 2.0, 1.0, 2.0]


def test_junk_weight_zero_and_negative_for_weight_for_length() -> None:
    result = one(sex=1, age=100, weight=[0, -1], lenhei=60)
    assert result.zwfl[0] == -15.37 and result.fwfl[0] == 1.0
    assert np.isnan(result.zwfl[1]) and np.isnan(result.fwfl[1])
    assert result.is_who_nan("wfl").tolist() == [False, True]


def test_junk_length_zero_and_negative() -> None:
    result = one(sex=1, age=100, weight=6, lenhei=[0, -60])
    assert np.isnan(result.zlen).all()
    assert math.isinf(result.cbmi[0]) and math.isinf(result.zbmi[0]) and result.fbmi[0] == 1.0
    # A negative length squares to a positive BMI, which WHO scores like any other.
    assert result.cbmi[1] == 6 / 0.36 and result.zbmi[1] == one(sex=1, age=100, weight=6, lenhei=60).zbmi[0]


def test_weight_for_length_upper_row_quirk() -> None:
    """103.1 cm lying at ≥ 731 days is 102.39999999999999 cm: WHO interpolates between 102.3 and 102.5."""
    result = one(sex=1, age=800, weight=16, lenhei=103.1, measure="l")
    table = load("wfhanthro")
    low, upp = 1023 - table.first, 1025 - table.first
    x = 103.1 - 0.7
    diff = (x - 102.3) / 0.1
    m, lam, s = ((c[low] + diff * (c[upp] - c[low])) for c in (table.m, table.l, table.s))
    expected = ((16 / m) ** lam - 1) / (s * lam)
    assert result.zwfl_unrounded[0] == expected


def test_weight_for_length_without_age() -> None:
    result = one(sex=2, age=None, weight=10, lenhei=[80, 80, 80, 90], measure=["l", "h", None, None])
    wfl = load("wflanthro")
    wfh = load("wfhanthro")
    row_l = wfl.size + 800 - wfl.first
    row_h = wfh.size + 800 - wfh.first
    z_l = ((10 / wfl.m[row_l]) ** wfl.l[row_l] - 1) / (wfl.s[row_l] * wfl.l[row_l])
    z_h = ((10 / wfh.m[row_h]) ** wfh.l[row_h] - 1) / (wfh.s[row_h] * wfh.l[row_h])
    assert result.zwfl_unrounded[:3].tolist() == [z_l, z_h, z_l]  # below 87 cm: length table
    assert not np.isnan(result.zwfl[3]) and np.isnan(result.zwei).all()


def test_arm_circumference_from_day_91() -> None:
    result = one(sex=1, age=[90, 91], armc=13)
    assert np.isnan(result.zac[0]) and not np.isnan(result.zac[1])


def test_restricted_only_where_who_restricts() -> None:
    """Beyond +3 SD: weight-for-age is restricted, length-for-age is not."""
    table = load("weianthro")
    m, lam, s = table.m[500], table.l[500], table.s[500]
    sd3 = m * (1 + lam * s * 3) ** (1 / lam)
    sd2 = m * (1 + lam * s * 2) ** (1 / lam)
    y = sd3 + 2 * (sd3 - sd2)
    assert one(sex=1, age=500, weight=y).zwei_unrounded[0] == pytest.approx(5.0, abs=1e-12)
    lt = load("lenanthro")
    y_len = lt.m[500] * (1 + lt.s[500] * 5)
    assert one(sex=1, age=500, lenhei=y_len, measure="l").zlen_unrounded[0] == pytest.approx(5.0, abs=1e-12)


def test_columns_in_who_order() -> None:
    result = one(sex=1, age=100, weight=6)
    assert list(result.columns())[:7] == ["clenhei", "cmeasure", "c9mo_flag", "cbmi", "csex", "zlen", "flen"]
    assert list(result.columns(unrounded=True))[-1] == "zss_unrounded"


def test_limiting_the_indicators() -> None:
    result = anthro.zscores(sex=1, age=100, weight=6, lenhei=60, indicators=("wei",))
    assert not np.isnan(result.zwei[0]) and np.isnan(result.zlen[0]) and np.isnan(result.zwfl[0])
    with pytest.raises(ValueError):
        anthro.zscores(sex=1, age=100, indicators=("xyz",))


def test_empty_input() -> None:
    assert len(anthro.zscores(sex=[], age=[])) == 0
