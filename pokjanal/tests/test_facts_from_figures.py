"""Each posyandu fact in one place (issue 13): the Tim Pembina's facts of a posyandu-month are its monthly
figures, Mutu data and the problems judge measurement quality alike, and the missing essential equipment
the posyandu page and the facts show is one rule."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TODAY
from people import actions as people
from pokjanal import actions
from pokjanal.indicators import Period, facts_for
from pokjanal.models import Problem
from pokjanal.regional import region_indicators, strata_by_area
from posyandu import actions as posyandu_actions
from posyandu.models import EquipmentItem
from reports import actions as report_actions
from reports.figures import quality_of
from reports.models import MonthlyFigures
from reports.rulesets import problem_thresholds
from rules.months import month_end
from visits import actions as visits

pytestmark = pytest.mark.django_db


def test_the_posyandu_page_and_the_facts_name_the_same_missing_equipment(world: Any) -> None:
    """An essential item counted 0, one rusak berat and one rusak ringan: the first two are missing on
    both paths, the third is usable on both (`posyandu.equipment.missing_essential`)."""
    a = world.posyandu_a
    condition = {"Pita LiLA": "rusak_berat", "Timbangan bayi": "rusak_ringan"}
    lines = [
        posyandu_actions.EquipmentLine(
            item=i, count=0 if i.name == "Kit antropometri" else 1, condition=condition.get(i.name, "baik")
        )
        for i in EquipmentItem.objects.all()
    ]
    posyandu_actions.set_equipment(world.users["admin"], a, lines)
    client = Client()
    client.force_login(world.users["admin"])
    page = client.get(reverse("posyandu:detail", args=[a.pk]))
    shown = [i.name for i in page.context["missing_essential"]]
    facts = facts_for([a.pk], Period.last_12_months(TODAY))[a.pk]
    assert shown == list(facts.essential_missing) == ["Kit antropometri", "Pita LiLA"]


NOV = datetime.date(2026, 11, 1)
NOV_10 = datetime.date(2026, 11, 10)


def register(world: Any, name: str, birth: datetime.date, sex: str = "P", **where: Any) -> Any:
    place = where or {"household": world.household_a}
    return people.register_person(world.users["admin"], name=name, sex=sex, birth_date=birth, **place)


def weigh(world: Any, person: Any, on: datetime.date, kg: str, **more: Any) -> Any:
    return visits.record_visit(world.users["admin"], person, on, {"weight_kg": Decimal(kg), **more})


def awkward_month(world: Any) -> None:
    """posyandu_a in November 2026: Budi (the world's child, 9.0 kg and 74.0 cm on 10 November at the
    posyandu day) is weighed again on the 20th at posyandu_a2; Rina is a walk-in without a household; Sari's
    weight is corrected; Andi was registered twice and his two records are merged."""
    admin = world.users["admin"]
    rina = register(world, "Rina Walk-in", datetime.date(2025, 3, 1), posyandu=world.posyandu_a)
    weigh(world, rina, NOV_10, "8.5")
    sari = register(world, "Sari Wulandari", datetime.date(2024, 6, 1))
    first = weigh(world, sari, NOV_10, "10.3", length_height_cm=Decimal("88.0"), position="h")
    visits.correct_visit(admin, first, {"weight_kg": Decimal("11.2")})
    keep = register(world, "Andi Wijaya", datetime.date(2025, 1, 15), sex="L")
    drop = register(world, "Andi Wijaya", datetime.date(2025, 1, 15), sex="L")
    weigh(world, drop, NOV_10, "9.6")
    people.merge_people(admin, keep, drop)
    day_a2 = visits.open_day(admin, world.posyandu_a2, datetime.date(2026, 11, 20))
    visits.record_visit(admin, world.child_a, day_a2.date, {"weight_kg": Decimal("9.2")}, opening_day=day_a2)


def test_the_facts_are_the_monthly_figures_of_an_awkward_month(world: Any) -> None:
    """The Tim Pembina's facts of a posyandu-month are the counts of its MonthlyFigures row, computed now
    while the stored figures are behind and read from the row once they are refreshed. Before issue 13 the
    facts counted Budi in D at both posyandu (D/S 100 %); the reports count a child weighed twice in a month
    once, with the month's latest weighing (docs/architecture.md "Counting once"), so D/S is 3 of 4."""
    awkward_month(world)
    a = world.posyandu_a
    period = Period(NOV, month_end(NOV))
    live = facts_for([a.pk], period)[a.pk]
    report_actions.refresh_all_figures()
    f = MonthlyFigures.objects.get(posyandu=a, month=NOV)
    stored = facts_for([a.pk], period)[a.pk]
    assert live == stored
    assert (f.s, f.d, f.days_opened, f.days_with_kader, f.kader_on_duty) == (4, 3, 1, 1, 1)
    assert stored.ds_mean_pct == 100.0 * f.d / f.s == 75.0
    assert (stored.opening_days, stored.opening_months, stored.mean_kader_on_duty) == (1, 1, 1.0)
    assert stored.measurement == quality_of(f)
    q = quality_of(f)
    assert (q.measured, q.flagged, q.weighed, q.missing_length) == (4, 0, 4, 2)
    assert q.weight_digits == (1, 0, 1, 0, 0, 1, 1, 0, 0, 0)  # 9.0, 11.2 (corrected), 8.5, 9.6 (merged)


@pytest.mark.parametrize(("measured_lengths", "flagged_by_both"), [(0, True), (9, False)])
def test_mutu_data_and_the_problems_flag_the_same_posyandu_month(
    world: Any, measured_lengths: int, flagged_by_both: bool
) -> None:
    """Ten walk-ins weighed at posyandu_a2 in November, at .3 kg (no heaping), none flagged. None measured
    for length (a missing length board): "Mutu data" flags the month and the Tim Pembina sees a measurement
    problem; nine measured (10 % without a length, not above the threshold): neither does. Before issue 13
    the problems checked only flagged and heaped weights, so "Mutu data" flagged the first posyandu and the
    Tim Pembina never saw it."""
    a2 = world.posyandu_a2
    day = visits.open_day(world.users["admin"], a2, NOV_10)
    lengths = ["90.1", "90.2", "90.3", "90.4", "90.6", "90.7", "90.8", "90.9", "91.1"][:measured_lengths]
    for i in range(10):
        child = register(world, f"Anak {i}", datetime.date(2024, 1, 10 + i), posyandu=a2)
        length = {"length_height_cm": Decimal(lengths[i]), "position": "h"} if i < len(lengths) else {}
        visits.record_visit(
            world.users["admin"], child, NOV_10, {"weight_kg": Decimal("13.3"), **length}, opening_day=day
        )
    report_actions.refresh_all_figures()
    mutu_data = quality_of(MonthlyFigures.objects.get(posyandu=a2, month=NOV)).problems(problem_thresholds())
    actions.refresh_problems([a2.pk], today=TODAY)
    problem = Problem.objects.filter(posyandu=a2, kind="kualitas_pengukuran").first()
    assert mutu_data == (["missing_length"] if flagged_by_both else [])
    assert (problem is not None) == flagged_by_both
    if problem is not None:
        assert problem.evidence == {
            "measurements": 10,
            "flagged_pct": 0.0,
            "heaped_pct": 0.0,
            "missing_length_pct": 100.0,
        }


def test_region_indicators_judge_by_the_thresholds_in_force(world: Any, settings: Any) -> None:
    """The rakor agenda's indicators used a fixed 5 kader, 8 opening days and 80 % D/S while the problems
    read the versioned thresholds: with a region's own set (one kader is enough) a posyandu had no "kader
    kurang" problem yet counted against "≥ 5 kader aktif". Both now read the same set (`rules.rulesets`)."""
    settings.POKJANAL_PROBLEM_RULES = {"version": "masalah-bontang-2026", "min_active_kader": 1}
    settings.SKDN_TARGETS = {"version": "skdn-renstra-2010", "ds": 85.0}
    rows = {r.code: r for r in region_indicators(world.desa_a, TODAY)}
    assert (rows["kader"].label, rows["kader"].value_pct) == ("Posyandu dengan ≥ 1 kader aktif", 100.0)
    assert rows["hari_buka"].label == "Posyandu buka ≥ 8 kali dalam 12 bulan"
    assert rows["ds"].target_pct == 85.0


def test_the_share_of_posyandu_aktif_is_judged_against_the_strata_set(world: Any, settings: Any) -> None:
    """The 80 % an area must reach was a constant beside the versioned strata thresholds; it is one of them
    now, so a region's own set changes it with its version."""
    _areas, total = strata_by_area(world.desa_a.parent, 2026)
    assert total.summary.target_pct == 80.0
    settings.POKJANAL_STRATA_RULES = {"version": "strata-bontang-2026", "region_target_pct": 60.0}
    _areas, total = strata_by_area(world.desa_a.parent, 2026)
    assert total.summary.target_pct == 60.0


def test_an_areas_indicators_are_kept_until_the_next_audited_write(world: Any, monkeypatch: Any) -> None:
    """A province's rakor agenda and strata read 10,000 posyandu: what they computed is kept until the next
    audited write (here the equipment of a posyandu, which decides the "alat esensial" indicator)."""
    from pokjanal import regional

    computed = []
    compute = regional._region_indicators

    def counted(*asked: Any) -> Any:
        computed.append(asked)
        return compute(*asked)

    monkeypatch.setattr(regional, "_region_indicators", counted)
    region = world.desa_a.parent

    def equipped() -> float:
        value = {r.code: r.value for r in region_indicators(region, TODAY)}["alat"]
        assert value is not None
        return value

    complete = [
        posyandu_actions.EquipmentLine(item=i, count=1, condition="baik") for i in EquipmentItem.objects.all()
    ]
    for posyandu in (world.posyandu_a, world.posyandu_a2):
        posyandu_actions.set_equipment(world.users["admin"], posyandu, complete)
    before = equipped()
    assert (equipped(), len(computed)) == (before, 1)  # the second read is the kept one
    broken = [
        posyandu_actions.EquipmentLine(item=i, count=0, condition="baik") for i in EquipmentItem.objects.all()
    ]
    posyandu_actions.set_equipment(world.users["admin"], world.posyandu_a, broken)
    assert (equipped() < before, len(computed)) == (True, 2)
