"""rules.plausibility: a misplaced decimal comma is refused, WHO-flagged values and monthly gains or losses
beyond the rule set are held, a heavy but plausible child is accepted."""

from __future__ import annotations

import pytest

from rules import assessment, plausibility
from rules.life_stage import Stage
from rules.screening import DEFAULT_RULES

TWO_YEARS = assessment.Person(sex="L", age_days=731, age_months=24, stage=Stage.BALITA)
ONE_YEAR = assessment.Person(sex="L", age_days=365, age_months=12, stage=Stage.BALITA)


def assess(
    person: assessment.Person, weight_kg: float, previous: float | None = None, **changes: float
) -> assessment.Assessment:
    history = assessment.History(previous, previous is not None, "N" if previous else "")
    rules = DEFAULT_RULES.with_changes(**changes) if changes else DEFAULT_RULES
    return assessment.assess(person, assessment.Measurements(weight_kg=weight_kg), history, rules)


def test_76_typed_for_a_two_year_old_of_7_6_kg_is_refused_suggesting_7_6() -> None:
    result = assess(TWO_YEARS, 76.0, previous=7.5)
    assert result.check == plausibility.REFUSE
    assert result.refusal == plausibility.Refusal("weight_kg", 76.0, 7.6, 34.69)


def test_95_kg_at_one_year_is_refused_suggesting_9_5() -> None:
    result = assess(ONE_YEAR, 95.0)
    assert result.check == plausibility.REFUSE
    assert result.refusal == plausibility.Refusal("weight_kg", 95.0, 9.5, 63.13)


def test_a_weight_a_tenth_too_small_is_refused_suggesting_ten_times() -> None:
    result = assess(ONE_YEAR, 1.5)
    assert (result.check, result.refusal) == (
        plausibility.REFUSE,
        plausibility.Refusal("weight_kg", 1.5, 15.0, -9.66),
    )


def test_a_flagged_weight_whose_tenth_is_no_better_is_held_not_refused() -> None:
    result = assess(TWO_YEARS, 25.0)  # BB/U z +7.23 (WHO flags > +5); 2.5 kg would be z −10
    assert (result.check, result.refusal) == (plausibility.HOLD, None)
    assert result.flagged == ["waz"]
    assert "remeasure" in [f.code for f in result.findings]


def test_flagged_but_within_the_rule_sets_refusal_margin_is_held() -> None:
    # 76 kg: z +34.69, beyond +5 by less than a margin of 40: held, though 7.6 kg would be plausible.
    result = assess(TWO_YEARS, 76.0, refuse_margin_z=40.0)
    assert (result.check, result.refusal) == (plausibility.HOLD, None)


def test_a_plausible_heavy_child_is_accepted() -> None:
    result = assess(TWO_YEARS, 20.0, previous=19.0)  # BB/U z +4.54: heavy, not flagged
    assert (result.check, result.flagged, result.refusal) == (plausibility.ACCEPT, [], None)
    assert result.weight_gain == "N"


def test_a_gain_over_3_kg_in_a_month_is_held() -> None:
    result = assess(TWO_YEARS, 11.6, previous=8.4)
    assert result.check == plausibility.HOLD and result.flagged == []
    held = [f for f in result.findings if f.code.startswith("check_")]
    assert [(f.code, f.label, f.detail, f.level) for f in held] == [
        (
            "check_gain",
            "Perlu dicek ulang: kenaikan berat badan sebulan tidak wajar",
            "8,4 → 11,6 kg (+3,2 kg > 3 kg)",
            "warning",
        )
    ]


def test_a_gain_of_exactly_3_kg_is_accepted_and_the_limit_is_the_rule_sets() -> None:
    assert assess(TWO_YEARS, 11.4, previous=8.4).check == plausibility.ACCEPT
    assert assess(TWO_YEARS, 11.6, previous=8.4, hold_gain_kg_per_month=4.0).check == plausibility.ACCEPT


def test_a_loss_over_2_kg_in_a_month_is_held() -> None:
    result = assess(TWO_YEARS, 9.7, previous=12.0)
    assert result.check == plausibility.HOLD
    assert [(f.code, f.detail) for f in result.findings if f.code.startswith("check_")] == [
        ("check_loss", "12 → 9,7 kg (−2,3 kg < −2 kg)")
    ]
    assert assess(TWO_YEARS, 10.1, previous=12.0).check == plausibility.ACCEPT


@pytest.mark.parametrize(
    ("person", "accepted"),
    [
        # School age (2007 reference): WHO's flags hold, the monthly gain rule is for children under five.
        (assessment.Person(sex="P", age_days=3000, age_months=98, stage=Stage.USIA_SEKOLAH), True),
        # An adult: no z-scores, only the entry ranges apply.
        (assessment.Person(sex="P", age_days=12000, age_months=394, stage=Stage.DEWASA), True),
    ],
)
def test_the_gain_rule_is_for_children_under_five(person: assessment.Person, accepted: bool) -> None:
    result = assessment.assess(
        person,
        assessment.Measurements(weight_kg=30.0, length_height_cm=130.0, position="h"),
        assessment.History(24.0, True, "N"),
        DEFAULT_RULES,
    )
    assert (result.check == plausibility.ACCEPT) is accepted


def test_a_school_child_with_a_flagged_bmi_is_held() -> None:
    person = assessment.Person(sex="P", age_days=3000, age_months=98, stage=Stage.USIA_SEKOLAH)
    result = assessment.assess(
        person,
        assessment.Measurements(weight_kg=80.0, length_height_cm=130.0, position="h"),
        assessment.History(),
        DEFAULT_RULES,
    )
    assert result.flagged == ["baz"] and result.check == plausibility.HOLD


def test_plausibility_imports_no_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, rules.plausibility; assert not [m for m in sys.modules if m.startswith('django')]"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
