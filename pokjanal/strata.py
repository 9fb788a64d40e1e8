"""Strata of posyandu from recorded data: the inputs of a year (facts of `pokjanal.indicators` plus what the
Pokja desa entered), their classification by `rules.strata`, and the stored form of a proposed result."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection
from typing import Any

from django.utils import timezone

from pokjanal.indicators import Period, facts_for, year_inputs
from pokjanal.models import AssessmentStatus, StrataAssessment
from reports.rulesets import strata_thresholds
from rules import strata as rules

# The facts the strata rule does not read (`pokjanal.indicators.year_inputs`), left out when they are loaded.
YEAR_INPUTS_WITHOUT = ("measurement", "stunting_pct", "stunting_measured", "repeated_2t")


def inputs_for(
    posyandu_ids: Collection[int],
    year: int,
    assessments: dict[int, StrataAssessment],
    *,
    today: datetime.date | None = None,
) -> dict[int, rules.YearInputs]:
    """Each posyandu's inputs for the year (up to today): its data and its assessment's entered inputs."""
    period = Period.year(year, until=today or timezone.localdate())
    facts = facts_for(posyandu_ids, period, without=YEAR_INPUTS_WITHOUT)
    result = {}
    for pid, pfacts in facts.items():
        entered = assessments.get(pid)
        result[pid] = year_inputs(
            pfacts,
            additional_programmes=len(entered.additional_programmes) if entered else None,
            dana_sehat_pct=entered.dana_sehat_share if entered else None,
        )
    return result


def keep_year_facts(posyandu_ids: Collection[int], today: datetime.date | None = None) -> None:
    """Computes and keeps (pokjanal.facts_store) the facts of the running year that `inputs_for` reads, for
    posyandu just written to (the task worker) or every posyandu (the daily command)."""
    today = today or timezone.localdate()
    facts_for(posyandu_ids, Period.year(today.year, until=today))


def to_json(inputs: rules.YearInputs, classification: rules.Classification) -> dict[str, Any]:
    """The stored form of a proposed result (its key "assessment" names the classification)."""
    return {"inputs": dataclasses.asdict(inputs), "assessment": dataclasses.asdict(classification)}


def from_json(data: dict[str, Any]) -> rules.Classification:
    a = data["assessment"]
    s = a["strata"]
    strata = rules.StrataResult(
        stratum=rules.Stratum(s["stratum"]) if s["stratum"] else None,
        held_back_by=s["held_back_by"],
        missing=tuple(s["missing"]),
        rule_version=s["rule_version"],
    )

    def verdict(v: dict[str, Any]) -> rules.Verdict:
        return rules.Verdict(v["rule_version"], v["aktif"], tuple(v["failed"]), tuple(v["missing"]))

    return rules.Classification(
        strata=strata,
        aktif_2011=verdict(a["aktif_2011"]),
        aktif_2021=verdict(a["aktif_2021"]),
        aktif_2023=verdict(a["aktif_2023"]),
    )


def year_results(posyandu_ids: Collection[int], year: int) -> dict[int, tuple[rules.Classification, str]]:
    """(classification, assessment status) of each posyandu for the year: the frozen result of a proposed,
    verified or approved assessment, otherwise computed now from the data (status "" when none exists)."""
    assessments = {
        a.posyandu_id: a for a in StrataAssessment.objects.filter(posyandu_id__in=posyandu_ids, year=year)
    }
    frozen = {
        pid: (from_json(a.result), str(a.status))
        for pid, a in assessments.items()
        if a.status != AssessmentStatus.DRAFT and a.result
    }
    live_ids = [pid for pid in posyandu_ids if pid not in frozen]
    live = inputs_for(live_ids, year, assessments) if live_ids else {}
    thresholds = strata_thresholds()
    result = dict(frozen)
    for pid, inputs in live.items():
        status = assessments[pid].status if pid in assessments else ""
        result[pid] = (rules.classify(inputs, thresholds), str(status))
    return result
