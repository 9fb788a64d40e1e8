"""Preparing each checked row's visit with its computed results, as `visits.actions` computes a visit
recorded at the posyandu: z-scores over arrays for the whole sheet (`campaigns.imports.assess`), weight gain
from each child's previous weighing (in the register, or earlier in the same sheet) in date order, findings
and referral reasons. Nothing is written."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from campaigns.imports import PROGRESS_EVERY, assess, chunks
from campaigns.imports.match import Row
from campaigns.models import Campaign
from rules import assessment, months, plausibility
from visits.actions import rules as screening_rules
from visits.models import CheckStatus, Place, Visit, stored_results


@dataclass
class Prepared:
    rows: list[Row] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)  # each row's visit (field attnames)
    reasons: list[list[str]] = field(default_factory=list)  # each visit's referral reasons, if any
    months: set[datetime.date] = field(default_factory=set)
    held: list[tuple[int, str]] = field(default_factory=list)  # (row, reasons) held as "perlu dicek ulang"
    rule_version: str = ""  # what the visits were assessed with (visits.models.register_rule_versions)


def history_of(rows_: list[Row]) -> dict[tuple[int, datetime.date], tuple[datetime.date, float, str] | None]:
    """For each (existing child, month of a row): their latest weighing before that month, as
    (month, weight, N/T/O/B) — the same facts visits.actions reads for one visit."""
    wanted: dict[datetime.date, set[int]] = defaultdict(set)
    for row in rows_:
        if row.person_id is not None and row.parsed.date is not None:
            wanted[months.month_start(row.parsed.date)].add(row.person_id)
    out: dict[tuple[int, datetime.date], tuple[datetime.date, float, str] | None] = {}
    for month, people in wanted.items():
        previous = months.previous_month(month)
        for chunk in chunks(sorted(people)):
            # By month, not by date: on PostgreSQL each read then looks in its months' partitions only.
            rows_prev = (  # counted weighings only: a held one is no base for a gain
                Visit.objects.counted()
                .filter(person_id__in=chunk, weight_kg__isnull=False, month=previous)
                .order_by("person_id", "date", "pk")
                .values_list("person_id", "weight_kg", "weight_gain")
            )
            latest_prev = {pid: (float(w or 0), status) for pid, w, status in rows_prev}  # the last one wins
            absent = [pid for pid in chunk if pid not in latest_prev]  # few: not weighed last month
            last = dict(
                Visit.objects.counted()
                .filter(person_id__in=absent, weight_kg__isnull=False, month__lt=previous)
                .values("person_id")
                .annotate(last=Max("month"))
                .values_list("person_id", "last")
                .order_by()
            )
            for pid in chunk:
                if pid in latest_prev:
                    out[(pid, month)] = (previous, *latest_prev[pid])
                elif pid in last:
                    out[(pid, month)] = (last[pid], 0.0, "")
                else:
                    out[(pid, month)] = None
    return out


def prepare_visits(
    valid: list[Row], campaign: Campaign, *, progress: Callable[[int, int], None] = lambda done, total: None
) -> Prepared:
    """Each row's visit with its computed results (z-scores over arrays, weight gain in date order)."""
    ordered = sorted(valid, key=lambda r: (r.parsed.date, r.parsed.line))
    history = history_of(ordered)
    rules = screening_rules()
    version = assessment.rule_version(rules)
    children = []
    for row in ordered:
        p = row.parsed
        assert p.date is not None and row.birth_date is not None
        age_days, age_months, stage = assess.age(row.birth_date, p.date)
        children.append(
            assess.ChildInput(
                assessment.Person(sex=row.sex, age_days=age_days, age_months=age_months, stage=stage),
                assessment.Measurements(
                    weight_kg=float(p.weight_kg) if p.weight_kg is not None else None,
                    length_height_cm=float(p.length_height_cm) if p.length_height_cm is not None else None,
                    position=p.position,
                    muac_cm=float(p.muac_cm) if p.muac_cm is not None else None,
                ),
            )
        )
    z = assess.zscores(children)
    in_file: dict[Any, tuple[datetime.date, float, str]] = {}  # earlier rows of the same child in this file
    # A sheet has few dates: each one's month and previous month, computed once.
    month_of = {
        d: (months.month_start(d), months.previous_month(d))
        for d in {r.parsed.date for r in ordered if r.parsed.date is not None}
    }
    first_weighing, weighed_before = assessment.History(), assessment.History(weighed_before=True)
    out = Prepared(rule_version=version)
    for i, (row, child) in enumerate(zip(ordered, children, strict=True)):
        if i % PROGRESS_EVERY == 0:
            progress(i, len(ordered))
        p = row.parsed
        assert p.date is not None
        month, previous = month_of[p.date]
        identity = row.person_id if row.person_id is not None else row.new_key
        before = history.get((row.person_id, month)) if row.person_id is not None else None
        earlier = in_file.get(identity)
        if earlier is not None and earlier[0] < month and (before is None or earlier[0] >= before[0]):
            before = earlier
        if before is None:
            hist = first_weighing
        elif before[0] == previous:
            hist = assessment.History(
                previous_month_weight_kg=before[1], weighed_before=True, previous_month_status=before[2]
            )
        else:
            hist = weighed_before
        result = assess.assess_child(child, z[i], hist, rules, version)
        held = result.held or result.refusal is not None
        if held:  # no base for the next month's gain, like a held visit in visits.actions
            out.held.append((p.line, _held_reasons(result)))
        else:
            in_file[identity] = (month, child.measurements.weight_kg or 0.0, result.weight_gain)
        visit = dict(
            posyandu_id=row.posyandu_id,
            desa_id=row.desa_id,
            campaign_id=campaign.pk,
            date=p.date,
            month=month,
            place=Place.CAMPAIGN,
            age_days=child.person.age_days,
            life_stage=child.person.stage.value,
            weight_kg=p.weight_kg,
            length_height_cm=p.length_height_cm,
            position=p.position,
            muac_cm=p.muac_cm,
            waz=result.z.get("waz"),
            haz=result.z.get("haz"),
            whz=result.z.get("whz"),
            baz=result.z.get("baz"),
            hcz=result.z.get("hcz"),
            acz=result.z.get("acz"),
            flagged=result.flagged,
            needs_remeasure=result.needs_remeasure,
            check_status=CheckStatus.HELD if held else CheckStatus.NONE,
            weight_gain=result.weight_gain,
            is_2t=result.is_2t,
            is_bgm=result.is_bgm,
            **stored_results(result.findings, result.rule_version),
        )
        out.rows.append(row)
        out.visits.append(visit)
        out.reasons.append([f.code for f in result.findings if f.refer])
        out.months.add(month)
    progress(len(ordered), len(ordered))
    return out


def _held_reasons(result: assessment.Assessment) -> str:
    """The reasons a row is held, as Visit.check_findings names them."""
    return "; ".join(
        _(f.label) + (f" ({f.detail})" if f.detail else "")
        for f in result.findings
        if plausibility.is_reason(f.code)
    )
