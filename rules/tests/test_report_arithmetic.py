"""Exact values of the report arithmetic: SKDN ratios and the D = N + T + O + B check, rollups by region
code, prevalence with its Wilson interval, targets, and the data-quality measures."""

from __future__ import annotations

import pytest

from rules import problems, rollup
from rules.prevalence import Prevalence, TargetRow, resolve_target
from rules.quality import Moments, Quality, digit_preference_score, heaping_pct
from rules.skdn import Skdn, add, percent


def test_skdn_ratios_of_a_hand_counted_month() -> None:
    month = Skdn(s=40, k=36, d=30, n=18, t=6, o=2, b=4, bgm=1, two_t=2)
    assert month.balanced
    r = month.ratios()
    assert r.ks == 90.0
    assert r.ds == 75.0
    assert r.dk == 83.3
    assert r.nd == 60.0
    assert r.ns == 45.0
    assert r.bgm_d == 3.3
    assert r.n_consecutive == 75.0  # 18 / (30 − 2 − 4)


def test_skdn_check_fails_when_d_is_not_n_t_o_b() -> None:
    wrong = Skdn(s=10, k=10, d=8, n=3, t=2, o=1, b=1)
    assert not wrong.balanced
    assert wrong.imbalance == 1


def test_ratios_with_empty_denominators_are_none() -> None:
    r = Skdn().ratios()
    assert r.as_dict() == dict.fromkeys(r.as_dict())
    assert percent(1, 0) is None
    assert Skdn(s=5, k=5, d=2, o=1, b=1).ratios().n_consecutive is None  # D − O − B = 0


def test_rollup_sums_desa_into_kecamatan_and_kabupaten() -> None:
    by_desa = {
        "64.74.01.1001": Skdn(s=10, k=9, d=8, n=5, t=1, o=1, b=1),
        "64.74.01.1002": Skdn(s=20, k=20, d=15, n=10, t=3, o=2, b=0, bgm=1),
        "64.74.02.1001": Skdn(s=5, k=4, d=4, n=4),
    }
    kec = rollup.rollup(by_desa, 3, add)
    assert kec == {
        "64.74.01": Skdn(s=30, k=29, d=23, n=15, t=4, o=3, b=1, bgm=1),
        "64.74.02": Skdn(s=5, k=4, d=4, n=4),
    }
    kab = rollup.rollup(by_desa, 2, add)
    assert kab == {"64.74": Skdn(s=35, k=33, d=27, n=19, t=4, o=3, b=1, bgm=1)}
    assert kab["64.74"].balanced
    assert rollup.total(by_desa.values(), add, Skdn()) == kab["64.74"]


def test_prevalence_with_wilson_interval_coverage_and_small_n() -> None:
    p = Prevalence("stunting", cases=6, measured=30, registered=40, target_pct=14.0)
    assert p.pct == 20.0
    assert p.ci == (9.5, 37.3)
    assert p.coverage_pct == 75.0
    assert not p.small_n
    assert p.gap == 6.0
    q = Prevalence("stunting", cases=20, measured=100, registered=125)
    assert q.ci == (13.3, 28.9)
    assert (p + q).cases == 26 and (p + q).measured == 130 and (p + q).registered == 165
    small = Prevalence("wasting", cases=0, measured=10, registered=12)
    assert small.small_n and small.pct == 0.0 and small.ci == (0.0, 27.8)
    assert Prevalence("wasting", 0, 0, 12).pct is None and Prevalence("wasting", 0, 0, 12).ci is None


def test_target_in_force_is_the_most_specific_then_the_latest_year() -> None:
    national = [TargetRow("", 2024, 14.0), TargetRow("", 2025, 18.8), TargetRow("", 2029, 14.2)]
    assert resolve_target(national, "64.74.01", 2024) == TargetRow("", 2024, 14.0)
    assert resolve_target(national, "64.74.01", 2026) == TargetRow("", 2025, 18.8)
    assert resolve_target(national, "64.74", 2029) == TargetRow("", 2029, 14.2)
    assert resolve_target(national, "64.74", 2023) is None
    bontang = [*national, TargetRow("64.74", 2026, 14.0), TargetRow("64.07", 2026, 25.0)]
    assert resolve_target(bontang, "64.74.01.1001", 2026) == TargetRow("64.74", 2026, 14.0)
    assert resolve_target(bontang, "64.74", 2025) == TargetRow("", 2025, 18.8)
    assert resolve_target(bontang, "64.07", 2030) == TargetRow("64.07", 2026, 25.0)


def test_digit_preference_and_heaping() -> None:
    assert digit_preference_score([10] * 10) == 0.0
    assert digit_preference_score([100] + [0] * 9) == 100.0
    heaped = [30, 5, 5, 5, 5, 30, 5, 5, 5, 5]
    assert digit_preference_score(heaped) == 33.3
    assert heaping_pct(heaped) == 60.0
    assert heaping_pct([10] * 10) == 20.0
    assert digit_preference_score([0] * 10) is None


def test_moments_give_the_sample_sd() -> None:
    values = [-1.0, 0.0, 1.0, 2.0]
    m = Moments(len(values), sum(values), sum(v * v for v in values))
    assert m.mean == 0.5
    assert m.sd == pytest.approx(1.2909944487358056)
    assert Moments(1, 1.0, 1.0).sd is None


def test_quality_problems_are_judged_from_ten_measurements() -> None:
    good = Quality(
        measured=100,
        flagged=0,
        weighed=100,
        missing_length=5,
        weight_digits=(10,) * 10,
        length_digits=(10,) * 10,
        haz=Moments(100, 0.0, 100.0),  # SD ≈ 1.005
        whz=Moments(100, 0.0, 100.0),
    )
    assert good.problems() == []
    assert good.flagged_pct == 0.0 and good.missing_length_pct == 5.0
    bad = Quality(
        measured=50,
        flagged=3,  # 6 %: above the 5 % of the Tim Pembina's thresholds (rules.problems)
        weighed=50,
        missing_length=20,
        weight_digits=(20, 0, 0, 0, 0, 20, 0, 0, 10, 0),
        length_digits=(5,) * 10,
        haz=Moments(50, 0.0, 50 * 2.25),  # SD ≈ 1.52
        whz=Moments(50, 0.0, 50 * 0.25),  # SD ≈ 0.51
    )
    assert bad.problems() == ["flagged", "weight_heaping", "haz_sd", "whz_sd", "missing_length"]
    assert bad.flagged_pct == 6.0 and bad.weight_heaping_pct == 80.0
    assert Quality(measured=9, flagged=5).problems() == []
    assert (good + bad).measured == 150 and (good + bad).weight_digits[0] == 30


def test_a_prevalence_above_its_target_by_less_than_the_rounding_is_shown_above_it() -> None:
    """1,404 stunted of 10,000 measured is 14.04 %, above a 14.0 % target: shown 14.04, gap +0.04."""
    above = Prevalence("stunting", 1404, 10_000, 12_000, 14.0)
    assert (above.pct, above.gap) == (14.04, 0.04)
    on_target = Prevalence("stunting", 1400, 10_000, 12_000, 14.0)
    assert (on_target.pct, on_target.gap) == (14.0, 0.0)


@pytest.mark.parametrize(
    ("measured", "flagged", "heaped", "missing_length", "expected"),
    [
        (20, 2, 4, 0, ["flagged"]),  # 10 % flagged of 20: "Mutu data" once waited for 30 measurements
        (40, 1, 8, 0, []),  # 2.5 % flagged: "Mutu data" once flagged above 1 %, the Tim Pembina above 5 %
        (40, 0, 16, 0, []),  # 40 % heaped: above the old 30 %, below the Tim Pembina's 50 %
        (40, 0, 21, 0, ["weight_heaping"]),
        # 25 % weighed without a length: "Mutu data" flagged it, the Tim Pembina saw no problem (issue 13).
        (40, 0, 8, 10, ["missing_length"]),
        (9, 9, 9, 9, []),  # too few to judge
    ],
)
def test_mutu_data_and_the_tim_pembina_flag_the_same_posyandu(
    measured: int, flagged: int, heaped: int, missing_length: int, expected: list[str]
) -> None:
    """One posyandu's weighings seen by both: every "Mutu data" check fails exactly when the Tim Pembina's
    measurement-quality problem is raised, because both ask `Quality.problems` with the same thresholds."""
    weights = (heaped, 0, 0, 0, 0, 0, measured - heaped, 0, 0, 0)
    mutu_data = Quality(
        measured=measured,
        flagged=flagged,
        weighed=measured,
        missing_length=missing_length,
        weight_digits=weights,
    )
    facts = problems.PosyanduFacts(
        active_kader=5, essential_missing=(), untrained_groups=(), measurement=mutu_data
    )
    found = [f.kind for f in problems.detect(facts, stunting_target_pct=None)]
    assert mutu_data.problems(problems.DEFAULT_THRESHOLDS) == expected
    assert found == ([problems.MEASUREMENT_QUALITY] if expected else [])
