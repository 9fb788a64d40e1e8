"""Screening cut-offs on derived values judge the value the user sees
(docs/domain.md "Derived values and cut-offs")."""

from __future__ import annotations

import pytest

from rules import screening
from rules.screening import DEFAULT_RULES


@pytest.mark.parametrize(
    ("weight_kg", "height_cm", "bmi", "code", "detail"),
    [
        (49.0, 140.0, 25.0, "normal", "IMT 25 kg/m²"),  # 49 / 1.96 is 25.000000000000004 in floats
        (49.1, 140.0, 25.1, "gemuk_ringan", "IMT 25,1 kg/m²"),
        (36.2, 140.0, 18.5, "normal", "IMT 18,5 kg/m²"),  # 18.469…: shown and judged as 18.5
        (36.1, 140.0, 18.4, "kurus_ringan", "IMT 18,4 kg/m²"),
        (52.92, 140.0, 27.0, "gemuk_ringan", "IMT 27 kg/m²"),
    ],
)
def test_adult_bmi_is_judged_as_shown(
    weight_kg: float, height_cm: float, bmi: float, code: str, detail: str
) -> None:
    assert screening.adult_bmi(weight_kg, height_cm) == bmi
    [finding] = screening.adult_body(
        DEFAULT_RULES, sex="P", weight_kg=weight_kg, height_cm=height_cm, waist_cm=None
    )
    assert (finding.code, finding.detail) == (f"bmi_{code}", detail)
