"""Targets are judged on unrounded values, and the figure shown never contradicts the verdict
(docs/domain.md "Targets")."""

from __future__ import annotations

from pokjanal.models import StrataAssessment
from pokjanal.pdf import _pct
from pokjanal.regional import IndicatorRow, _share
from rules.problems import PosyanduFacts


def test_a_share_short_of_100_percent_by_a_rounding_does_not_meet_it() -> None:
    facts = [PosyanduFacts(active_kader=5, essential_missing=(), untrained_groups=())] * 1999
    facts += [PosyanduFacts(active_kader=2, essential_missing=(), untrained_groups=())]
    row = IndicatorRow("kader", "≥ 5 kader", _share(facts, lambda f: f.active_kader >= 5), 100.0, True)
    assert not row.meets_target
    assert row.value_pct == 99.95  # not 100.0 beside the warning
    assert _pct(row.value_pct) == "99,95 %"


def test_a_prevalence_just_above_its_target_is_above_it_and_shown_so() -> None:
    row = IndicatorRow(
        "stunting", "Stunting", 100.0 * 1881 / 10000, 18.8, False, "Desa A", 100.0 * 3761 / 20000
    )
    assert not row.meets_target
    assert (row.value_pct, row.worst_value_pct) == (18.81, 18.805)
    assert IndicatorRow("stunting", "Stunting", 18.8, 18.8, False).meets_target


def test_dana_sehat_just_below_half_is_not_rounded_onto_the_threshold() -> None:
    assessment = StrataAssessment(households=2001, dana_sehat_households=1000)  # 49.975 %
    assert assessment.dana_sehat_share is not None and assessment.dana_sehat_share < 50
    assert assessment.dana_sehat_pct == 49.98
    assert StrataAssessment(households=12, dana_sehat_households=7).dana_sehat_pct == 58.3
