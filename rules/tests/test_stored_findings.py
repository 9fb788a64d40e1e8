"""A visit's findings stored as codes and details come back as the assessment gave them, for every code a
finding can have, and a stored character or rule number keeps its meaning."""

from __future__ import annotations

import itertools

import pytest

from growth import categories
from rules import assessment, screening, stored_findings
from rules.assessment import History, Measurements, Person
from rules.life_stage import Stage
from rules.screening import DEFAULT_RULES


def every_code() -> set[str]:
    """Every code a visit's finding can carry, from the tables the assessment builds them from."""
    return {
        *screening.FINDINGS,
        *(f"{index}_{code}" for index, labels in categories.LABELS.items() for code in labels),
        "hfa_5_18",
        *(f"skilas_{domain}" for domain in screening.SKILAS_DOMAINS),
    }


def test_every_code_has_its_own_character() -> None:
    assert set(stored_findings.CODES) == every_code()
    assert len(set(stored_findings.CODES)) == len(stored_findings.CODES)
    assert len(stored_findings.CODES) <= len(stored_findings._ALPHABET)
    assert "|" not in stored_findings._ALPHABET


def test_the_first_characters_keep_their_meaning() -> None:
    """Append only: the stored data of December 2026 reads the same for ever, and so does a version's key."""
    assert stored_findings.CODES[:4] == ("remeasure", "check_gain", "check_loss", "gain_n")
    assert stored_findings.pack([screening.finding("gain_n", "+400 g ≥ KBM 200 g")]) == (
        "3",
        "+400 g ≥ KBM 200 g",
    )
    version = assessment.rule_version(DEFAULT_RULES)
    assert stored_findings.rule_version_key("ilp-2024.1+pmk2-2020+kbm-2010") == 638046120
    assert stored_findings.rule_version_key("ilp-bontang-2026") != stored_findings.rule_version_key(version)


def _roundtrip(result: assessment.Assessment) -> None:
    codes, details = stored_findings.pack(result.findings)
    assert len(codes) == len(result.findings)
    assert stored_findings.unpack(codes, details, result.z) == result.findings
    assert stored_findings.referral_reasons(codes) == result.referral_reasons


@pytest.mark.parametrize(
    ("sex", "age_days", "weight_kg", "length_cm", "previous_kg"),
    [
        (sex, age, weight, length, previous)
        for sex, (age, weight, length), previous in itertools.product(
            "LP",
            [(30, 2.1, 47.0), (400, 9.0, 75.0), (400, 6.5, 66.0), (900, 18.5, 82.0), (1500, 14.0, 100.0)],
            [None, 8.9, 9.3],
        )
    ],
)
def test_children_round_trip(
    sex: str, age_days: int, weight_kg: float, length_cm: float, previous_kg: float | None
) -> None:
    """Categories from severely stunted to obese, N, T, 2T, O, B, BGM, WHO flags and the monthly hold."""
    stage = Stage.BAYI if age_days < 365 else Stage.BALITA
    person = Person(sex=sex, age_days=age_days, age_months=age_days * 12 // 365, stage=stage)
    m = Measurements(weight_kg=weight_kg, length_height_cm=length_cm, position="l" if age_days < 731 else "h")
    history = History(previous_month_weight_kg=previous_kg, weighed_before=True, previous_month_status="T")
    _roundtrip(assessment.assess(person, m, history, DEFAULT_RULES))


def test_school_age_and_adults_round_trip() -> None:
    pupil = Person(sex="P", age_days=10 * 365, age_months=120, stage=Stage.REMAJA)
    _roundtrip(
        assessment.assess(
            pupil, Measurements(weight_kg=20.0, length_height_cm=140.0), History(), DEFAULT_RULES
        )
    )
    elder = Person(sex="L", age_days=70 * 365, age_months=840, stage=Stage.LANSIA)
    m = Measurements(
        weight_kg=80.0,
        length_height_cm=160.0,
        waist_cm=101.0,
        systolic_mmhg=150,
        diastolic_mmhg=95,
        glucose_mg_dl=230,
        hb_g_dl=11.0,
        puma_score=7,
        srq_score=8,
        skilas=("kognitif", "depresi"),
    )
    result = assessment.assess(elder, m, History(), DEFAULT_RULES)
    assert {"hypertension", "high_glucose", "anaemia", "skilas_kognitif", "central_obesity"} <= {
        f.code for f in result.findings
    }
    _roundtrip(result)


def test_a_detail_with_the_separator_is_refused() -> None:
    with pytest.raises(ValueError, match="holds"):
        stored_findings.pack([screening.finding("bgm", "a|b")])
