"""N / T / O / B with the KBM table, 2T and BGM (docs/domain.md "Weight gain")."""

from __future__ import annotations

import datetime as dt

import pytest

from growth import anthro
from growth.age import completed_months
from growth.weight_gain import (
    KBM_VERSION,
    is_2t,
    is_bgm,
    kbm_grams,
    monthly_statuses,
    status,
)

KBM_DECISIONS = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300, 11: 300}


def test_kbm_table() -> None:
    assert KBM_VERSION == "kbm-2010"
    for month, grams in KBM_DECISIONS.items():
        assert kbm_grams(month) == grams
    assert all(kbm_grams(month) == 200 for month in range(12, 61))
    assert kbm_grams(0) == 800
    for bad in (-1, 61):
        with pytest.raises(ValueError):
            kbm_grams(bad)


def weigh(previous: float | None, weighed_previous_month: bool, weighed_before: bool) -> str:
    return status(
        age_months=2,
        weight_kg=5.0,
        previous_weight_kg=previous,
        weighed_previous_month=weighed_previous_month,
        weighed_before=weighed_before,
    )


def test_status_rules() -> None:
    assert weigh(None, False, False) == "B"
    assert weigh(None, False, True) == "O"
    assert weigh(4.1, True, True) == "N"  # +900 g at 2 months (KBM 900)
    assert weigh(4.2, True, True) == "T"
    assert weigh(5.5, True, True) == "T"  # a loss
    with pytest.raises(ValueError):
        weigh(4.0, True, False)
    with pytest.raises(ValueError):
        weigh(None, True, True)


def test_gain_exactly_at_kbm_in_whole_grams() -> None:
    """7.8 − 7.0 is 0.7999999999999998 in floating point; the KMS reads it as 800 g."""
    assert 7.8 - 7.0 < 0.8

    def at(age_months: int, weight_kg: float) -> str:
        return status(
            age_months=age_months,
            weight_kg=weight_kg,
            previous_weight_kg=7.0,
            weighed_previous_month=True,
            weighed_before=True,
        )

    assert at(1, 7.8) == "N"
    assert at(1, 7.79) == "T"
    assert at(12, 7.2) == "N"


def test_2t_and_bgm() -> None:
    assert is_2t("T", "T") and not is_2t("T", "N") and not is_2t("T", None) and not is_2t("N", "T")
    assert is_bgm(-3.01) and not is_bgm(-3.0) and not is_bgm(float("nan")) and not is_bgm(None)


def test_completed_months() -> None:
    born = dt.date(2025, 1, 15)
    assert completed_months(born, dt.date(2025, 2, 14)) == 0
    assert completed_months(born, dt.date(2025, 2, 15)) == 1
    assert completed_months(born, dt.date(2026, 1, 15)) == 12


def test_a_childs_year() -> None:
    born = dt.date(2025, 1, 5)
    weighings = [
        (dt.date(2025, 2, 10), 4.0),  # B
        (dt.date(2025, 3, 1), 4.5),  # replaced by the later weighing of March
        (dt.date(2025, 3, 10), 4.8),  # +800 g at 2 months (KBM 900): T
        (dt.date(2025, 4, 12), 5.0),  # +200 g at 3 months (KBM 800): T, and 2T
        (dt.date(2025, 5, 10), 5.7),  # +700 g at 4 months (KBM 600): N
        (dt.date(2025, 7, 1), 6.0),  # June missed: O
        (dt.date(2025, 8, 2), 6.3),  # +300 g at 6 months (KBM 400): T (not 2T: July was O)
        (dt.date(2030, 8, 2), 19.0),  # beyond 60 months: outside the KMS
    ]
    months = monthly_statuses(weighings, birth_date=born, sex="f")
    assert [(m.month, m.status, m.two_t) for m in months] == [
        (2, "B", False),
        (3, "T", False),
        (4, "T", True),
        (5, "N", False),
        (7, "O", False),
        (8, "T", False),
    ]
    assert [m.gain_g for m in months] == [None, 800, 200, 700, None, 300]
    assert [m.kbm_g for m in months] == [None, 900, 800, 600, None, 400]
    statuses: list[str] = [m.status for m in months]
    assert len(months) == sum(statuses.count(code) for code in ("N", "T", "O", "B"))  # D = N + T + O + B
    expected_z = anthro.zscores(sex="f", age=(dt.date(2025, 8, 2) - born).days, weight=6.3).zwei[0]
    assert months[-1].zwei == expected_z and months[-1].bgm is False
    assert all(m.bgm is None for m in monthly_statuses(weighings, birth_date=born))


def test_year_boundary_and_bgm() -> None:
    born = dt.date(2024, 10, 1)
    months = monthly_statuses(
        [(dt.date(2024, 12, 20), 3.0), (dt.date(2025, 1, 20), 3.1)], birth_date=born, sex=1
    )
    assert [m.status for m in months] == ["B", "T"]
    assert months[1].bgm is True


def test_weighing_before_birth_is_refused() -> None:
    with pytest.raises(ValueError):
        monthly_statuses([(dt.date(2024, 1, 1), 3.0)], birth_date=dt.date(2024, 2, 1))
