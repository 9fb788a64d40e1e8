from __future__ import annotations

import pytest

from rules import assessment, screening
from rules.life_stage import Stage
from rules.referral_urgency import BIASA, REASONS, SEGERA, urgency


@pytest.mark.parametrize(
    ("reasons", "context", "expected"),
    [
        (["wflh_severely_wasted", "lhfa_stunted"], {}, SEGERA),  # gizi buruk
        (["muac_severe"], {}, SEGERA),  # LiLA < 11.5 cm
        (["gain_t"], {"oedema": True}, SEGERA),  # oedema: severe acute malnutrition whatever the z-score
        (["bgm", "gain_2t"], {"services": ["ors", "vit_a_blue"]}, SEGERA),  # BGM and diarrhoea
        (["bgm"], {"services": ["zinc"]}, SEGERA),
        (["hypertension"], {"pregnant": True}, SEGERA),  # suspected pre-eclampsia
        (["high_glucose"], {}, SEGERA),
        (["bgm"], {"services": ["vit_a_blue", "pmt"]}, BIASA),  # BGM without illness
        (["hypertension", "kek"], {}, BIASA),  # hypertension outside pregnancy
        (["wflh_wasted", "lhfa_severely_stunted", "gain_2t"], {}, BIASA),
        (["anaemia"], {"pregnant": True}, BIASA),
        ([], {"oedema": True}, BIASA),  # not referred at all
    ],
)
def test_urgency_of_reasons(reasons: list[str], context: dict[str, object], expected: int) -> None:
    assert urgency(reasons, **context) == expected  # type: ignore[arg-type]


def _child_findings() -> list[screening.Finding]:
    """T, 2T and BGM findings of a 12-month-old girl of 6.0 kg who weighed 6.2 kg last month (T then)."""
    child = assessment.Person(sex="P", age_days=366, age_months=12, stage=Stage.BALITA)
    history = assessment.History(previous_month_weight_kg=6.2, weighed_before=True, previous_month_status="T")
    once = assessment.History(previous_month_weight_kg=6.2, weighed_before=True, previous_month_status="N")
    m = assessment.Measurements(weight_kg=6.0, length_height_cm=74.0, position="l", muac_cm=11.0)
    rules = screening.RuleSet()
    return [
        *assessment.assess(child, m, history, rules).findings,
        *assessment.assess(child, m, once, rules).findings,
    ]


def test_every_referral_reason_is_in_the_filter_with_its_finding_label() -> None:
    rules = screening.RuleSet()
    findings = [
        *_child_findings(),
        *screening.child_muac(rules, 12.0, 12),
        *screening.blood_pressure(rules, 150, 95),
        *screening.glucose(rules, 250, fasting=False),
        *screening.haemoglobin(rules, 9.0, sex="P", age_months=300),
        *screening.kek(rules, 21.0),
        *screening.questionnaires(rules, puma=8, srq=9),
        *screening.skilas(list(screening.SKILAS_DOMAINS)),
    ]
    referred = {f.code: f.label for f in findings if f.refer}
    assert {"gain_t", "gain_2t", "bgm", "muac_severe", "muac_moderate"} <= set(referred)
    assert {code: REASONS[code] for code in referred} == referred
    categories = {f"{index}_{code}" for index, code in assessment.REFERRED_CATEGORIES}
    assert set(REASONS) == set(referred) | categories
