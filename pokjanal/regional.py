"""A region seen by its Tim Pembina: its indicators with the weakest area below it, its most frequent open
problems, the strata summary of its areas, and the generated rakor agenda."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Max, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from pokjanal.commitments import weakest_areas
from pokjanal.indicators import Period, facts_for
from pokjanal.models import Action, AssessmentStatus, Body, Problem, ProblemKind
from pokjanal.strata import year_results
from posyandu.models import Posyandu
from regions.codes import DESA_LEVEL, at_level, child_level, within_q
from regions.models import Region
from reports.rulesets import problem_thresholds, skdn_targets, strata_thresholds
from reports.targets import Targets
from rules import percentages
from rules import strata as strata_rules
from rules.problems import PosyanduFacts
from web.kept import kept

_T = TypeVar("_T")


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    label: str
    value: float | None  # unrounded, what the target is judged on; None: no data
    target_pct: float
    higher_is_better: bool
    worst_area: str = ""
    worst_value: float | None = None

    @property
    def gap(self) -> float:
        """How far from the target, in percentage points (positive = short of it)."""
        if self.value is None:
            return float("-inf")
        diff = self.target_pct - self.value
        return diff if self.higher_is_better else -diff

    @property
    def meets_target(self) -> bool:
        """Judged on the unrounded value (docs/domain.md "Targets"): 99.95 % of posyandu does not reach
        100 %."""
        if self.value is None:
            return False
        if self.higher_is_better:
            return percentages.reaches(self.value, self.target_pct)
        return not percentages.exceeds(self.value, self.target_pct)

    @property
    def value_pct(self) -> float | None:
        """The value as shown beside the verdict (one decimal unless that would contradict it)."""
        return self._shown(self.value)

    @property
    def worst_value_pct(self) -> float | None:
        return self._shown(self.worst_value)

    def _shown(self, value: float | None) -> float | None:
        return percentages.shown(value, against=self.target_pct, strict=not self.higher_is_better)


def _share(facts: list[PosyanduFacts], test: Callable[[PosyanduFacts], bool | None]) -> float | None:
    known = [t for t in (test(f) for f in facts) if t is not None]
    return 100.0 * sum(known) / len(known) if known else None


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _stunting(facts: list[PosyanduFacts]) -> float | None:
    pairs = [(f.stunting_pct, f.stunting_measured) for f in facts if f.stunting_pct is not None]
    measured = sum(n or 0 for _p, n in pairs)
    if not measured:
        return None
    return sum((p or 0) * (n or 0) for p, n in pairs) / measured


def _definitions(
    stunting_target: float | None,
) -> list[tuple[str, str, float, bool, Callable[[list[PosyanduFacts]], float | None]]]:
    """(code, label, target, higher is better, value from the posyandu's facts); stunting only where a target
    is in force (the reports' targets for the region and year). The minimum kader and opening days are the
    problem thresholds in force, the D/S target the SKDN one (`rules.rulesets`)."""
    t = problem_thresholds()
    ds_target = skdn_targets().ds
    stunting = (
        []
        if stunting_target is None
        else [("stunting", _("Prevalensi stunting"), stunting_target, False, _stunting)]
    )
    return [
        (
            "kader",
            _("Posyandu dengan ≥ %(n)s kader aktif") % {"n": t.min_active_kader},
            100.0,
            True,
            lambda fs: _share(fs, lambda f: f.active_kader >= t.min_active_kader),
        ),
        (
            "alat",
            _("Posyandu dengan alat esensial lengkap"),
            100.0,
            True,
            lambda fs: _share(fs, lambda f: not f.essential_missing),
        ),
        (
            "pelatihan",
            _("Posyandu dengan kader terlatih di 5 kelompok kompetensi"),
            100.0,
            True,
            lambda fs: _share(fs, lambda f: not f.untrained_groups),
        ),
        (
            "hari_buka",
            _("Posyandu buka ≥ %(n)s kali dalam 12 bulan") % {"n": t.min_opening_days},
            100.0,
            True,
            lambda fs: _share(
                fs, lambda f: None if f.opening_days is None else f.opening_days >= t.min_opening_days
            ),
        ),
        ("ds", _("Rerata D/S"), ds_target, True, lambda fs: _mean([f.ds_mean_pct for f in fs])),
        *stunting,
    ]


def _kept(name: str, compute: Callable[[], _T], *asked: Any) -> _T:
    """`compute()`, kept until the next audited write (every write that changes a kept fact, an assessment
    or a target is audited) or a change of the rule sets in force, per language (the labels are
    translated): a province's page reads and judges 10,000 posyandu once, not at every request."""
    last_write = AuditEvent.objects.writes().aggregate(last=Max("id"))["last"] or 0
    rules = (problem_thresholds(), skdn_targets(), strata_thresholds())
    return kept(f"pokjanal-{name}", (asked, get_language(), last_write, rules), compute)


def region_indicators(region: Region, today: datetime.date) -> list[IndicatorRow]:
    """The region's indicators over the last 12 months, the furthest from its target first; indicators
    without data come last, marked as such."""
    return _kept("indicators", lambda: _region_indicators(region, today), region.code, today)


def _region_indicators(region: Region, today: datetime.date) -> list[IndicatorRow]:
    posyandu = list(
        Posyandu.objects.filter(within_q("desa_id", region.code), status="active").values_list(
            "pk", "desa_id"
        )
    )
    facts = facts_for([pid for pid, _d in posyandu], Period.last_12_months(today))
    level_below = child_level(region.code)
    by_area: dict[str, list[PosyanduFacts]] = defaultdict(list)
    for pid, desa in posyandu:
        by_area[at_level(desa, level_below)].append(facts[pid])
    names = dict(Region.objects.filter(code__in=list(by_area)).values_list("code", "name"))
    everything = list(facts.values())
    rows = []
    for code, label, target, higher, compute in _definitions(
        Targets("stunting").percent(region.code, today.year)
    ):
        value = compute(everything)
        worst_area, worst_value = "", None
        area_values = [(compute(fs), area) for area, fs in by_area.items()]
        known = [(v, a) for v, a in area_values if v is not None]
        if known and len(by_area) > 1:
            v, a = min(known) if higher else max(known)
            worst_area, worst_value = names.get(a, a), v
        rows.append(IndicatorRow(code, label, value, target, higher, worst_area, worst_value))
    rows.sort(key=lambda r: (r.value_pct is None, -r.gap))
    return rows


def top_problems(region: Region, limit: int = 5) -> list[dict[str, Any]]:
    rows = (
        Problem.objects.open()
        .filter(within_q("posyandu__desa_id", region.code))
        .values("kind")
        .annotate(n=Count("id"), high=Count("id", filter=Q(severity="tinggi")))
        .order_by("-n", "kind")[:limit]
    )
    labels = dict(ProblemKind.choices)
    return [
        {"kind": r["kind"], "label": str(labels[r["kind"]]), "count": r["n"], "high": r["high"]} for r in rows
    ]


def actions_in(region_code: str) -> Any:
    """Actions of a body and of every body below it, and actions aimed at its area."""
    return Action.objects.filter(
        within_q("body__region_id", region_code) | within_q("region_id", region_code)
    )


def _action_row(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "description": action.description,
        "owner": action.owner_label,
        "due_date": action.due_date.isoformat(),
        "status": str(action.get_status_display()),
        "body": action.body.name,
    }


def build_agenda(body: Body, today: datetime.date, extra: str = "") -> dict[str, Any]:
    """The agenda of the body's next rakor (JSON-safe, frozen into the rakor when it is held): open and
    overdue actions, the region's weakest indicators, its most frequent open problems and the areas weakest
    in the desa's commitments (Perdes, SK pengurus, overdue ones)."""
    actions = list(
        actions_in(body.region_id).open().select_related("body", "owner_member").order_by("due_date", "pk")
    )
    indicators = region_indicators(body.region, today)
    return {
        "built_on": today.isoformat(),
        "overdue_actions": [_action_row(a) for a in actions if a.due_date < today],
        "open_actions": [_action_row(a) for a in actions if a.due_date >= today],
        "indicators": [
            {
                "label": r.label,
                "value_pct": r.value_pct,
                "target_pct": r.target_pct,
                "meets_target": r.meets_target,
                "worst_area": r.worst_area,
                "worst_value_pct": r.worst_value_pct,
            }
            for r in indicators
        ],
        "problems": top_problems(body.region),
        "commitments": weakest_areas(body.region_id, today) if body.region.level < DESA_LEVEL else {},
        "extra": [line.strip() for line in extra.splitlines() if line.strip()],
    }


@dataclass(frozen=True)
class AreaStrata:
    code: str
    name: str
    summary: strata_rules.AreaSummary
    approved: int


def strata_by_area(region: Region, year: int) -> tuple[list[AreaStrata], AreaStrata]:
    """The strata distribution and % posyandu aktif of each area one level below `region`, and of the
    region itself."""
    return _kept("strata", lambda: _strata_by_area(region, year), region.code, year)


def _strata_by_area(region: Region, year: int) -> tuple[list[AreaStrata], AreaStrata]:
    posyandu = list(
        Posyandu.objects.filter(within_q("desa_id", region.code), status="active").values_list(
            "pk", "desa_id"
        )
    )
    results = year_results([pid for pid, _d in posyandu], year)
    level = child_level(region.code)
    grouped: dict[str, list[int]] = defaultdict(list)
    for pid, desa in posyandu:
        grouped[at_level(desa, level)].append(pid)
    names = dict(Region.objects.filter(code__in=list(grouped)).values_list("code", "name"))
    target = strata_thresholds().region_target_pct

    def summarise(ids: list[int], code: str, name: str) -> AreaStrata:
        approved = Counter(results[p][1] for p in ids)[AssessmentStatus.APPROVED]
        summary = strata_rules.summarise((results[p][0] for p in ids), target_pct=target)
        return AreaStrata(code, name, summary, approved)

    areas = [summarise(ids, code, names.get(code, code)) for code, ids in sorted(grouped.items())]
    return areas, summarise([pid for pid, _d in posyandu], region.code, region.name)


@dataclass(frozen=True)
class PosyanduStrata:
    posyandu: Posyandu
    assessment: Any  # the StrataAssessment of the year, if one exists
    result: strata_rules.Classification


def posyandu_strata(region: Region, year: int) -> list[PosyanduStrata]:
    from pokjanal.models import StrataAssessment

    posyandu = list(
        Posyandu.objects.filter(within_q("desa_id", region.code), status="active")
        .select_related("desa")
        .order_by("desa_id", "name")
    )
    results = year_results([p.pk for p in posyandu], year)
    assessments = {
        a.posyandu_id: a for a in StrataAssessment.objects.filter(posyandu__in=posyandu, year=year)
    }
    return [PosyanduStrata(p, assessments.get(p.pk), results[p.pk][0]) for p in posyandu]


@dataclass(frozen=True)
class TrendRow:
    label: str
    value_pct: float | None
    previous_pct: float | None
    target_pct: float
    higher_is_better: bool

    @property
    def change(self) -> float | None:
        if self.value_pct is None or self.previous_pct is None:
            return None
        return round(self.value_pct - self.previous_pct, 1)


@dataclass(frozen=True)
class AnnualReport:
    body: Body
    year: int
    trend: list[TrendRow]
    areas: list[AreaStrata]
    total: AreaStrata
    rakor_held: list[Any]
    rakor_target: int
    actions_done: int
    actions_overdue: int
    actions_open: int
    real_actions: int
    needs_met: int
    needs_open: int


def annual_report(body: Body, year: int, today: datetime.date) -> AnnualReport:
    """A body's year: indicators against the year before, strata, rakor held, actions and needs."""
    from pokjanal.models import ActionOrigin, ActionStatus, Need, NeedStatus, RakorStatus

    end = min(datetime.date(year, 12, 31), today)
    current = {r.code: r for r in region_indicators(body.region, end)}
    previous = {r.code: r for r in region_indicators(body.region, datetime.date(year - 1, 12, 31))}
    trend = [
        TrendRow(
            r.label,
            r.value_pct,
            previous[code].value_pct if code in previous else None,
            r.target_pct,
            r.higher_is_better,
        )
        for code, r in current.items()
    ]
    areas, total = strata_by_area(body.region, year)
    actions = actions_in(body.region_id)
    needs = Need.objects.filter(within_q("posyandu__desa_id", body.region_id))
    return AnnualReport(
        body=body,
        year=year,
        trend=trend,
        areas=areas,
        total=total,
        rakor_held=list(
            body.rakor_set.filter(status=RakorStatus.HELD, held_on__year=year).order_by("held_on")
        ),
        rakor_target=body.rakor_target_per_year,
        actions_done=actions.filter(status=ActionStatus.DONE, done_on__year=year).count(),
        actions_overdue=actions.overdue(end).count(),
        actions_open=actions.open().count(),
        real_actions=actions.filter(origin=ActionOrigin.REAL, done_on__year=year).count(),
        needs_met=needs.filter(status=NeedStatus.MET, met_on__year=year).count(),
        needs_open=needs.open().count(),
    )
