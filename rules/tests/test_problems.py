"""Problems found from a posyandu's facts (rules/problems.py): thresholds, severities, evidence, and no
problem raised from missing data."""

from __future__ import annotations

from rules import problems as p
from rules.quality import Quality


def weighings(measured: int, flagged: int, heaped: int) -> Quality:
    """`measured` weighings, `heaped` of them on a whole kilogram, the rest on .3 kg."""
    digits = (heaped, 0, 0, measured - heaped, 0, 0, 0, 0, 0, 0)
    return Quality(measured=measured, flagged=flagged, weighed=measured, weight_digits=digits)


HEALTHY = p.PosyanduFacts(
    active_kader=6,
    essential_missing=(),
    untrained_groups=(),
    opening_days=12,
    ds_mean_pct=85.0,
    stunting_pct=10.0,
    stunting_measured=40,
    repeated_2t=0,
    measurement=weighings(200, flagged=2, heaped=40),
)


def kinds(
    facts: p.PosyanduFacts, target: float | None = 18.8
) -> dict[str, tuple[str, str, dict[str, object]]]:
    return {f.kind: (f.category, f.severity, f.evidence) for f in p.detect(facts, stunting_target_pct=target)}


def test_a_healthy_posyandu_has_no_problem() -> None:
    assert p.detect(HEALTHY, stunting_target_pct=18.8) == []


def test_missing_data_raises_nothing() -> None:
    bare = p.PosyanduFacts(active_kader=5, essential_missing=(), untrained_groups=())
    assert p.detect(bare, stunting_target_pct=18.8) == []


def test_each_threshold() -> None:
    from dataclasses import replace

    assert kinds(replace(HEALTHY, active_kader=4)) == {
        "kader_kurang": ("manusia", "sedang", {"active_kader": 4, "minimum": 5})
    }
    assert kinds(replace(HEALTHY, active_kader=2))["kader_kurang"][1] == "tinggi"
    assert kinds(replace(HEALTHY, opening_days=7)) == {
        "hari_buka_kurang": ("kelembagaan", "tinggi", {"opening_days": 7, "minimum": 8})
    }
    assert kinds(replace(HEALTHY, opening_days=8)) == {}
    assert kinds(replace(HEALTHY, ds_mean_pct=49.94))["ds_rendah"] == (
        "lingkungan",
        "sedang",
        {"ds_mean_pct": 49.9, "minimum": 50.0},
    )
    assert kinds(replace(HEALTHY, ds_mean_pct=20.0))["ds_rendah"][1] == "tinggi"
    assert kinds(replace(HEALTHY, essential_missing=("Pita LiLA",))) == {
        "alat_esensial": ("kelembagaan", "sedang", {"items": ["Pita LiLA"]})
    }
    assert kinds(replace(HEALTHY, repeated_2t=2)) == {"2t_berulang": ("manusia", "tinggi", {"children": 2})}
    assert kinds(replace(HEALTHY, untrained_groups=("ibu_hamil",))) == {
        "kompetensi_kosong": ("manusia", "rendah", {"groups": ["ibu_hamil"]})
    }


def test_stunting_against_the_target_in_force() -> None:
    from dataclasses import replace

    at_target = replace(HEALTHY, stunting_pct=18.8)
    assert kinds(at_target) == {}
    above = kinds(replace(HEALTHY, stunting_pct=20.0, stunting_measured=25))
    assert above == {
        "stunting_tinggi": (
            "lingkungan",
            "sedang",
            {"stunting_pct": 20.0, "target_pct": 18.8, "measured": 25},
        )
    }
    assert kinds(replace(HEALTHY, stunting_pct=15.0), target=14.0)["stunting_tinggi"][1] == "sedang"
    assert kinds(replace(HEALTHY, stunting_pct=40.0))["stunting_tinggi"][1] == "tinggi"
    assert kinds(replace(HEALTHY, stunting_pct=40.0), target=None) == {}  # no target set: nothing to judge


def test_measurement_quality_needs_enough_measurements() -> None:
    from dataclasses import replace

    flagged = weighings(40, flagged=3, heaped=8)  # 7.5 % flagged
    assert kinds(replace(HEALTHY, measurement=flagged))["kualitas_pengukuran"][2] == {
        "measurements": 40,
        "flagged_pct": 7.5,
        "heaped_pct": 20.0,
    }
    heaped = weighings(20, flagged=0, heaped=11)  # 55 % on .0/.5
    assert "kualitas_pengukuran" in kinds(replace(HEALTHY, measurement=heaped))
    few = weighings(9, flagged=9, heaped=9)
    assert kinds(replace(HEALTHY, measurement=few)) == {}


def test_every_threshold_set_is_loaded_by_the_one_loader() -> None:
    """Screening, strata, problems (data quality) and SKDN targets: defaults, overrides under their own
    version, and the two refusals."""
    import pytest

    from rules import rulesets

    assert [k.setting for k in rulesets.KINDS] == [
        "SCREENING_RULES",
        "POKJANAL_STRATA_RULES",
        "POKJANAL_PROBLEM_RULES",
        "SKDN_TARGETS",
    ]
    for kind in rulesets.KINDS:
        assert rulesets.load(kind, None) is kind.defaults
        assert rulesets.load(kind, {}) is kind.defaults
    changed = rulesets.load(rulesets.PROBLEMS, {"version": "masalah-x", "max_flagged_pct": 2.0})
    assert (changed.version, changed.max_flagged_pct, changed.max_heaping_pct) == ("masalah-x", 2.0, 50.0)
    targets = rulesets.load(rulesets.SKDN_TARGETS, {"version": "skdn-renstra-2010", "ds": 85.0})
    assert (targets.ds, targets.nd, targets.ks) == (85.0, 80.0, 100.0)
    with pytest.raises(rulesets.RuleSetError, match="SCREENING_RULES: changed thresholds need their own"):
        rulesets.load(rulesets.SCREENING, {"kek_muac_cm": 23.0})
    with pytest.raises(rulesets.RuleSetError, match=r"SKDN_TARGETS: unknown thresholds \['dk'\]"):
        rulesets.load(rulesets.SKDN_TARGETS, {"version": "x", "dk": 80.0})


def test_loader_reads_the_setting_of_each_set() -> None:
    from types import SimpleNamespace

    from rules import rulesets

    settings = SimpleNamespace(POKJANAL_STRATA_RULES={"version": "strata-x", "min_opening_days": 6})
    assert rulesets.in_force(rulesets.STRATA, settings).min_opening_days == 6
    assert rulesets.in_force(rulesets.PROBLEMS, settings) is rulesets.PROBLEMS.defaults


def test_too_few_kader_names_the_minimum_in_force() -> None:
    """The evidence said "minimum 5" whatever the rule set in force; a region that asks for 6 sees 6."""
    from dataclasses import replace

    t = p.Thresholds(version="masalah-x", min_active_kader=6)
    found = p.detect(replace(HEALTHY, active_kader=5), stunting_target_pct=18.8, t=t)
    assert [(f.kind, f.evidence) for f in found] == [("kader_kurang", {"active_kader": 5, "minimum": 6})]
