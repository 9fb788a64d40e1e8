"""PMK 2/2020 categories on the rounded z-score (docs/domain.md "Categories": −2.00 normal, +1.00 normal,
+1.01 risk)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from growth import categories
from growth.categories import LABELS, RULE_VERSION, RULES, bmi_index, classify, classify_array, label

CASES = {
    "wfa": [
        (-3.01, "severely_underweight"), (-3.0, "underweight"), (-2.01, "underweight"), (-2.0, "normal"),
        (0.0, "normal"), (1.0, "normal"), (1.01, "risk_overweight"), (6.0, "risk_overweight"),
    ],
    "lhfa": [
        (-3.01, "severely_stunted"), (-3.0, "stunted"), (-2.01, "stunted"), (-2.0, "normal"),
        (3.0, "normal"), (3.01, "tall"),
    ],
    "wflh": [
        (-3.01, "severely_wasted"), (-3.0, "wasted"), (-2.01, "wasted"), (-2.0, "normal"), (1.0, "normal"),
        (1.01, "possible_risk_overweight"), (2.0, "possible_risk_overweight"), (2.01, "overweight"),
        (3.0, "overweight"), (3.01, "obese"),
    ],
    "bfa": [
        (-3.01, "severely_wasted"), (-2.0, "normal"), (1.01, "possible_risk_overweight"),
        (2.01, "overweight"), (3.01, "obese"),
    ],
    "bfa_5_18": [
        (-3.01, "severely_thin"), (-3.0, "thin"), (-2.01, "thin"), (-2.0, "normal"), (1.0, "normal"),
        (1.01, "overweight"), (2.0, "overweight"), (2.01, "obese"),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("index", "z", "code"), [(i, z, c) for i, cases in CASES.items() for z, c in cases])
def test_boundaries(index: str, z: float, code: str) -> None:
    assert classify(index, z) == code
    assert classify_array(index, [z]).tolist() == [code]


def test_unrounded_values_are_rounded_first() -> None:
    assert classify("wfa", -2.004) == "normal"  # reported as −2.00
    assert classify("wfa", -2.0051) == "underweight"  # reported as −2.01
    assert classify("wfa", 1.004) == "normal"


def test_missing() -> None:
    assert classify("wfa", math.nan) is None and classify("wfa", None) is None
    assert classify_array("lhfa", [math.nan, -2.5]).tolist() == ["", "stunted"]
    assert label("wfa", None) == ""


def test_infinite_z_scores_are_outermost() -> None:
    assert classify("wflh", math.inf) == "obese" and classify("wflh", -math.inf) == "severely_wasted"


def test_labels_cover_every_code() -> None:
    assert RULE_VERSION == "pmk2-2020"
    for index, bands in RULES.items():
        assert [band.code for band in bands] == list(LABELS[index]) == list(categories.LABELS_EN[index])
    assert LABELS["wfa"]["risk_overweight"] == "Risiko berat badan lebih"
    assert LABELS["lhfa"]["stunted"] == "Pendek"
    assert LABELS["wflh"]["severely_wasted"] == "Gizi buruk"
    assert label("bfa_5_18", "obese") == "Obesitas"


def test_unknown_index() -> None:
    with pytest.raises(ValueError):
        classify("hfa", 0.0)


@given(
    st.sampled_from(list(RULES)),
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=30),
)
def test_vectorised_equals_scalar(index: str, values: list[float]) -> None:
    vector = classify_array(index, np.array(values, dtype=np.float64)).tolist()
    assert vector == [classify(index, v) or "" for v in values]


def test_bmi_index_by_age() -> None:
    assert [bmi_index(m) for m in (-1, 0, 59.9, 60, 216, 216.5)] == [
        None,
        "bfa",
        "bfa",
        "bfa_5_18",
        "bfa_5_18",
        None,
    ]
