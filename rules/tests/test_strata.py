"""strata-2011 and the three posyandu-aktif definitions (docs/domain.md "Posyandu strata and posyandu
aktif"), with their boundaries and the "no data" cases."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rules import strata as s

FULL = s.YearInputs(
    opening_days=12,
    opening_months=12,
    mean_kader_on_duty=6.0,
    ds_mean_pct=75.0,
    kia_pct=80.0,
    kb_pct=60.0,
    immunisation_pct=90.0,
    additional_programmes=2,
    dana_sehat_pct=55.0,
    active_kader=7,
    months_3_of_4_services=10,
    has_growth_equipment=True,
    serves_target_groups=True,
)


def test_a_posyandu_meeting_every_criterion_is_mandiri_and_aktif_everywhere() -> None:
    result = s.classify(FULL)
    assert result.strata == s.StrataResult(s.Stratum.MANDIRI, None)
    assert [v.aktif for v in (result.aktif_2011, result.aktif_2021, result.aktif_2023)] == [True, True, True]


@pytest.mark.parametrize(
    ("change", "stratum", "held_back_by"),
    [
        ({"opening_days": 7}, s.Stratum.PRATAMA, s.OPENING_DAYS),
        ({"opening_days": 8}, s.Stratum.MANDIRI, None),  # "≥ 8" (docs/domain.md "Strata")
        ({"mean_kader_on_duty": 4.99}, s.Stratum.PRATAMA, s.KADER_ON_DUTY),
        ({"mean_kader_on_duty": 5.0}, s.Stratum.MANDIRI, None),
        ({"ds_mean_pct": 49.9}, s.Stratum.MADYA, s.DS),
        ({"ds_mean_pct": 50.0}, s.Stratum.MANDIRI, None),
        ({"kb_pct": 10.0}, s.Stratum.MADYA, s.KB),
        ({"immunisation_pct": 49.0}, s.Stratum.MADYA, s.IMMUNISATION),
        ({"additional_programmes": 0}, s.Stratum.MADYA, s.ADDITIONAL_PROGRAMME),
        ({"dana_sehat_pct": 49.9}, s.Stratum.PURNAMA, s.DANA_SEHAT),
        ({"dana_sehat_pct": 50.0}, s.Stratum.MANDIRI, None),
    ],
)
def test_strata_boundaries_and_the_indicator_that_held_it_back(
    change: dict[str, object], stratum: s.Stratum, held_back_by: str | None
) -> None:
    result = s.strata_2011(replace(FULL, **change))  # type: ignore[arg-type]
    assert (result.stratum, result.held_back_by, result.missing) == (stratum, held_back_by, ())
    assert result.rule_version == "strata-2011"


def test_the_first_failing_step_decides_even_when_later_facts_are_missing() -> None:
    inputs = s.YearInputs(opening_days=3, mean_kader_on_duty=None)
    assert s.strata_2011(inputs) == s.StrataResult(s.Stratum.PRATAMA, s.OPENING_DAYS)
    madya = replace(FULL, kia_pct=None, kb_pct=20.0, dana_sehat_pct=None)
    assert s.strata_2011(madya) == s.StrataResult(s.Stratum.MADYA, s.KB)


def test_missing_facts_give_no_stratum_and_say_which() -> None:
    assert s.strata_2011(s.YearInputs()) == s.StrataResult(
        None, None, missing=(s.OPENING_DAYS, s.KADER_ON_DUTY)
    )
    no_kb = replace(FULL, kb_pct=None, additional_programmes=None)
    assert s.strata_2011(no_kb).missing == (s.KB, s.ADDITIONAL_PROGRAMME)
    no_dana = replace(FULL, dana_sehat_pct=None)
    assert s.strata_2011(no_dana) == s.StrataResult(None, None, missing=(s.DANA_SEHAT,))
    assert s.aktif_2011(s.strata_2011(no_dana)) == s.Verdict("aktif-2011", None, missing=(s.DANA_SEHAT,))


def test_aktif_2011_is_purnama_or_mandiri() -> None:
    purnama = s.strata_2011(replace(FULL, dana_sehat_pct=0.0))
    madya = s.strata_2011(replace(FULL, ds_mean_pct=0.0))
    assert s.aktif_2011(purnama).aktif is True
    assert s.aktif_2011(madya) == s.Verdict("aktif-2011", False, failed=(s.DS,))


def test_aktif_2021_needs_all_five_criteria() -> None:
    assert s.aktif_2021(replace(FULL, months_3_of_4_services=7)) == s.Verdict(
        "aktif-2021", False, failed=(s.SERVICES_MONTHS,)
    )
    assert s.aktif_2021(replace(FULL, has_growth_equipment=False, active_kader=4)).failed == (
        s.ACTIVE_KADER,
        s.GROWTH_EQUIPMENT,
    )
    assert s.aktif_2021(replace(FULL, months_3_of_4_services=None)) == s.Verdict(
        "aktif-2021", None, missing=(s.SERVICES_MONTHS,)
    )
    # A known failure decides even though another fact is missing.
    assert s.aktif_2021(replace(FULL, months_3_of_4_services=None, active_kader=2)).aktif is False


def test_aktif_2023_opens_8_months_serves_a_target_group_and_has_5_kader() -> None:
    assert s.aktif_2023(s.YearInputs(opening_months=8, serves_target_groups=True, active_kader=5)).aktif
    assert s.aktif_2023(replace(FULL, opening_months=7)).failed == (s.OPENING_MONTHS,)
    assert s.aktif_2023(replace(FULL, serves_target_groups=False)).failed == (s.TARGET_GROUPS,)
    # Independent of coverage and dana sehat: a Pratama of 2011 can be aktif in 2023 and the reverse.
    low_coverage = replace(FULL, ds_mean_pct=10.0, kia_pct=None)
    assert s.aktif_2023(low_coverage).aktif is True


def test_thresholds_are_data() -> None:
    strict = s.Thresholds(min_opening_days=10)
    assert s.strata_2011(replace(FULL, opening_days=9), strict).stratum == s.Stratum.PRATAMA


def test_area_summary_counts_undecided_posyandu_as_not_aktif() -> None:
    mandiri = s.classify(FULL)
    pratama = s.classify(replace(FULL, opening_days=2, opening_months=2))
    unknown = s.classify(s.YearInputs(active_kader=6, serves_target_groups=True))
    summary = s.summarise([mandiri, mandiri, mandiri, pratama, unknown])
    assert summary.total == 5
    assert summary.strata == {"pratama": 1, "madya": 0, "purnama": 0, "mandiri": 3, "": 1}
    assert summary.aktif == {"aktif-2011": 3, "aktif-2021": 3, "aktif-2023": 3}
    assert summary.undecided == {"aktif-2011": 1, "aktif-2021": 1, "aktif-2023": 1}
    assert summary.pct_aktif("aktif-2023") == 60.0
    assert not summary.reaches_target("aktif-2023")
    assert s.summarise([mandiri] * 4 + [pratama]).reaches_target("aktif-2023")  # exactly 80 %
    assert s.summarise([]).pct_aktif("aktif-2023") is None


def test_an_area_short_of_80_percent_by_a_rounding_does_not_reach_it_nor_shows_80() -> None:
    """1,999 of 2,500 posyandu aktif is 79.96 %: not reached, and shown as 79.96 rather than 80.0."""
    summary = s.AreaSummary(total=2500, aktif={"aktif-2023": 1999})
    assert not summary.reaches_target("aktif-2023")
    assert summary.pct_aktif("aktif-2023") == 79.96
    assert s.AreaSummary(total=2500, aktif={"aktif-2023": 2000}).pct_aktif("aktif-2023") == 80.0
    assert s.AreaSummary(total=3, aktif={"aktif-2023": 2}).pct_aktif("aktif-2023") == 66.7


def test_strata_and_problem_rules_import_no_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, rules.strata, rules.problems; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], check=True)
