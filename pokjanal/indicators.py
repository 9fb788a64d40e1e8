"""Per-posyandu facts over a period, for the problem detectors, the strata assessment and the rakor agenda.

Every function takes many posyandu at once and answers with a fixed number of queries (no N+1). A fact
whose source is not recorded is `None` ("no data"), never zero: the registry facts (kader, equipment,
training) always exist; the facts of the posyandu day (opening days, kader on duty, D/S, coverage, growth)
come from the `visits` and `people` apps and are `None` while those are not installed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Q

from pokjanal import facts_store
from posyandu.equipment import missing_essential
from posyandu.models import CompetencyGroup, KaderMembership, KaderTraining, Posyandu
from reports.figures import current_figures, quality_of
from rules import life_stage
from rules.immunisation import BASIC_DOSES
from rules.months import add_months, completed_months, month_start, months_between
from rules.problems import PosyanduFacts
from rules.quality import Quality
from rules.strata import YearInputs

if TYPE_CHECKING:
    from reports.models import MonthlyFigures


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int, until: datetime.date | None = None) -> Period:
        """The calendar year, ending at `until` when that falls within it (a year still running)."""
        end = datetime.date(year, 12, 31)
        return cls(datetime.date(year, 1, 1), min(end, until) if until and until.year == year else end)

    @classmethod
    def last_12_months(cls, as_of: datetime.date) -> Period:
        """The twelve calendar months ending with the month of `as_of` (up to `as_of`)."""
        return cls(add_months(month_start(as_of), -11), as_of)


def _current(on: datetime.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def active_kader_counts(posyandu_ids: Collection[int], on: datetime.date) -> dict[int, int]:
    rows = (
        KaderMembership.objects.filter(_current(on), posyandu_id__in=posyandu_ids)
        .values("posyandu_id")
        .annotate(n=Count("kader_id", distinct=True))
    )
    counts = dict.fromkeys(posyandu_ids, 0)
    counts.update({r["posyandu_id"]: r["n"] for r in rows})
    return counts


def essential_gaps(posyandu_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
    """Essential items each posyandu lacks (`posyandu.equipment`, as the posyandu page shows), by name."""
    return {pid: tuple(item.name for item in items) for pid, items in missing_essential(posyandu_ids).items()}


def untrained_groups(posyandu_ids: Collection[int], on: datetime.date) -> dict[int, tuple[str, ...]]:
    """Competency groups in which none of the posyandu's active kader has a training record by `on`."""
    current = KaderMembership.objects.filter(_current(on), posyandu_id__in=posyandu_ids)
    kader_posyandu: dict[int, set[int]] = defaultdict(set)
    for kader_id, pid in current.values_list("kader_id", "posyandu_id"):
        kader_posyandu[kader_id].add(pid)
    trained: dict[int, set[str]] = defaultdict(set)
    for kader_id, group in (
        KaderTraining.objects.filter(kader_id__in=list(kader_posyandu), date__lte=on)
        .values_list("kader_id", "competency_group")
        .distinct()
    ):
        for pid in kader_posyandu[kader_id]:
            trained[pid].add(group)
    return {pid: tuple(g for g in CompetencyGroup.values if g not in trained[pid]) for pid in posyandu_ids}


def serves_target_groups(posyandu_ids: Collection[int]) -> dict[int, bool]:
    """aktif-2023 asks that the posyandu serves at least pregnant women, under-fives or adolescents: the
    health SPM field of the registry (Permendagri 13/2024)."""
    health = set(
        Posyandu.spm_fields.through.objects.filter(
            posyandu_id__in=posyandu_ids, spmfield_id="kesehatan"
        ).values_list("posyandu_id", flat=True)
    )
    return {pid: pid in health for pid in posyandu_ids}


def posyandu_day_data_available() -> bool:
    """Whether the apps that record the posyandu day (opening days, visits, people) are installed."""
    return apps.is_installed("visits") and apps.is_installed("people")


def _pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


_CHILD_STAGES = {life_stage.Stage.BAYI.value, life_stage.Stage.BALITA.value}
_TARGET_STAGES = _CHILD_STAGES | {life_stage.Stage.REMAJA.value}


@dataclass
class _Child:
    birth_date: datetime.date
    counted_until: datetime.date | None  # moved or died on this day; None while current
    doses: dict[str, datetime.date]

    def in_s(self, day: datetime.date) -> bool:
        """Counts in S on `day`: born, under five, not yet moved or died (docs/domain.md "SKDN")."""
        if self.birth_date > day or completed_months(self.birth_date, day) >= 60:
            return False
        return self.counted_until is None or self.counted_until > day

    def basic_complete(self, day: datetime.date) -> bool:
        return all(code in self.doses and self.doses[code] <= day for code in BASIC_DOSES)


def _posyandu_day_facts(
    facts: dict[int, PosyanduFacts], posyandu_ids: Collection[int], period: Period
) -> dict[int, PosyanduFacts]:
    """Adds the facts of the posyandu day over the period. The posyandu-month counts come from the monthly
    figures the reports show (`reports.figures.current_figures`: opening days and kader on duty, S and D
    for the mean of the monthly D/S, the month's KIA, KB and immunisation counts for "3 of 4 services", the
    data-quality sums), each of a whole calendar month even where the period ends within it; the facts over
    the whole period are counted here (docs/domain.md: cumulative KIA, KB and immunisation coverage;
    stunting among children with a valid, unflagged height-for-age z, each child's latest measurement;
    repeated 2T; strata-2011 and aktif-2021 inputs). Unchanged (all `None`) where those are not recorded."""
    if not posyandu_day_data_available() or not posyandu_ids:
        return facts
    from visits.models import KbStatus

    ids = list(posyandu_ids)
    months = months_between(period.start, period.end)
    figures = current_figures(ids, months)
    children = _children(ids, period)
    pregnancies = _pregnancies(ids, period)
    seen = _Seen.of_visits(ids, period)
    result = {}
    for pid, base in facts.items():
        all_pregnancies = pregnancies[pid]
        cohort = [
            c
            for c in children[pid]
            if c.in_s(period.end) and 12 <= completed_months(c.birth_date, period.end) < 24
        ]
        latest_kb = [status for _date, status in seen.kb[pid].values()]
        haz_values = [z for _date, z in seen.latest_haz[pid].values()]
        result[pid] = replace(
            base,
            **_monthly_facts([figures[(pid, month)] for month in months]),
            kia_pct=_pct(
                sum(1 for p, _l, _e in all_pregnancies if p in seen.checked[pid]), len(all_pregnancies)
            ),
            kb_pct=_pct(latest_kb.count(KbStatus.ACTIVE), len(latest_kb)),
            immunisation_pct=_pct(sum(1 for c in cohort if c.basic_complete(period.end)), len(cohort)),
            stunting_pct=_pct(sum(1 for z in haz_values if z < -2), len(haz_values)),
            stunting_measured=len(haz_values) or None,
            repeated_2t=len(seen.twice_t[pid]),
            serves_target_groups=pid in seen.served,
        )
    return result


def _monthly_facts(monthly: list[MonthlyFigures]) -> dict[str, Any]:
    """The facts read from a posyandu's monthly figures over the period: opening days and months, the mean
    kader on duty, the mean monthly D/S, the months with 3 of 4 services at 50 %, the data-quality sums."""
    opened = [f for f in monthly if f.days_opened]
    days_with_kader = sum(f.days_with_kader for f in monthly)
    monthly_ds: list[float | None] = []
    services_months = 0
    any_service_data = False
    for f in monthly:
        # A posyandu with no day recorded in the whole period has no D/S ("no data", as before it used the
        # system); once it has, a month it did not open counts as 0 % (docs/domain.md "Strata").
        ds = _pct(f.d, f.s) if opened else None
        monthly_ds.append(ds)
        shares = (ds, _pct(f.kia_checked, f.kia_ongoing), _pct(f.kb_active, f.kb_reported))
        reached = [v for v in (*shares, _pct(f.imm_complete, f.imm_cohort)) if v is not None]
        any_service_data = any_service_data or bool(reached)
        services_months += sum(1 for v in reached if v >= 50.0) >= 3
    known_ds = [v for v in monthly_ds if v is not None]
    quality = sum((quality_of(f) for f in monthly), start=Quality())
    return {
        "opening_days": sum(f.days_opened for f in monthly),
        "opening_months": len(opened),
        "mean_kader_on_duty": (
            sum(f.kader_on_duty for f in monthly) / days_with_kader if days_with_kader else None
        ),
        "ds_mean_pct": sum(known_ds) / len(known_ds) if known_ds else None,
        "months_3_of_4_services": services_months if any_service_data else None,
        "measurement": quality if quality.measured else None,
    }


def _children(ids: list[int], period: Period) -> dict[int, list[_Child]]:
    """Each posyandu's children who may belong to the immunisation cohort in the period, with their basic
    doses."""
    from people.models import Person, PersonStatus
    from visits.models import Immunisation

    children: dict[int, list[_Child]] = defaultdict(list)
    child_ids: dict[int, _Child] = {}
    for pk, pid, birth, status, status_date in Person.objects.filter(
        posyandu_id__in=ids,
        merged_into__isnull=True,
        birth_date__lte=period.end,
        birth_date__gt=life_stage.latest_birth_date(period.start, 60),
    ).values_list("pk", "posyandu_id", "birth_date", "status", "status_date"):
        if status != PersonStatus.ACTIVE and status_date is None:
            continue  # moved or died on an unknown day: counted nowhere
        child = _Child(birth, None if status == PersonStatus.ACTIVE else status_date, {})
        children[pid].append(child)
        child_ids[pk] = child
    for person_id, vaccine, date in Immunisation.objects.filter(
        person_id__in=list(child_ids), vaccine__in=BASIC_DOSES
    ).values_list("person_id", "vaccine", "date"):
        child_ids[person_id].doses[vaccine] = date
    return children


def _pregnancies(ids: list[int], period: Period) -> dict[int, list[tuple[int, datetime.date, datetime.date]]]:
    """Each posyandu's pregnancies (id, HPHT, end) that were ongoing at some time in the period."""
    from people.models import Pregnancy

    pregnancies: dict[int, list[tuple[int, datetime.date, datetime.date]]] = defaultdict(list)
    for pk, pid, lmp, due, ended in Pregnancy.objects.filter(
        mother__posyandu_id__in=ids, lmp_date__lte=period.end
    ).values_list("pk", "mother__posyandu_id", "lmp_date", "due_date", "outcome_date"):
        last = ended or due
        if last >= period.start:
            pregnancies[pid].append((pk, lmp, last))
    return pregnancies


@dataclass
class _Seen:
    """What each posyandu's visits of the period showed: the pregnancies checked, each person's latest KB
    status, each child's latest valid height-for-age z, the children with 2T, and the posyandu that served a
    target group."""

    checked: dict[int, set[int]]
    kb: dict[int, dict[int, tuple[datetime.date, str]]]
    latest_haz: dict[int, dict[int, tuple[datetime.date, float]]]
    twice_t: dict[int, set[int]]
    served: set[int]

    @classmethod
    def of_visits(cls, ids: list[int], period: Period) -> _Seen:
        from visits.models import IS_COUNTED, KbStatus, Visit

        seen = cls(defaultdict(set), defaultdict(dict), defaultdict(dict), defaultdict(set), set())
        for pid, person_id, date, stage, haz, flagged, is_2t, kb_status, pregnancy_id, counted in (
            Visit.objects.filter(posyandu_id__in=ids, date__gte=period.start, date__lte=period.end)
            .annotate(is_counted=IS_COUNTED)
            .values_list(
                "posyandu_id",
                "person_id",
                "date",
                "life_stage",
                "haz",
                "flagged",
                "is_2t",
                "kb_status",
                "pregnancy_id",
                "is_counted",
            )
        ):
            if stage in _TARGET_STAGES or pregnancy_id is not None:
                seen.served.add(pid)
            if pregnancy_id is not None:
                seen.checked[pid].add(pregnancy_id)
            kb = seen.kb[pid]
            if kb_status in (KbStatus.ACTIVE, KbStatus.NONE) and (
                person_id not in kb or kb[person_id][0] <= date
            ):
                kb[person_id] = (date, kb_status)
            if stage not in _CHILD_STAGES or not counted:
                continue  # held as "perlu dicek ulang" (rules.plausibility): counts in nothing else
            if haz is not None and "haz" not in (flagged or []):
                earlier = seen.latest_haz[pid].get(person_id)
                if earlier is None or earlier[0] <= date:
                    seen.latest_haz[pid][person_id] = (date, haz)
            if is_2t:
                seen.twice_t[pid].add(person_id)
        return seen


def facts_for(
    posyandu_ids: Collection[int], period: Period, *, without: tuple[str, ...] = ()
) -> dict[int, PosyanduFacts]:
    """Each posyandu's facts over the period: kept ones (`pokjanal.facts_store`) where no write has made them
    stale, the others computed now and kept. Kept facts are read without the fields named in `without`."""
    ids = list(posyandu_ids)
    found = facts_store.load(ids, period.start, period.end, without=without)
    missing = [pid for pid in ids if pid not in found]
    if missing:
        event_id = facts_store.last_event_id()
        computed = computed_facts(missing, period)
        facts_store.save(computed, period.start, period.end, event_id)
        found.update(computed)
    return found


def computed_facts(posyandu_ids: Collection[int], period: Period) -> dict[int, PosyanduFacts]:
    """Each posyandu's facts over the period, computed from the records now."""
    ids = list(posyandu_ids)
    kader = active_kader_counts(ids, period.end)
    gaps = essential_gaps(ids)
    groups = untrained_groups(ids, period.end)
    serves = serves_target_groups(ids)
    facts = {
        pid: PosyanduFacts(
            active_kader=kader[pid],
            essential_missing=gaps[pid],
            untrained_groups=groups[pid],
            serves_target_groups=serves[pid],
        )
        for pid in ids
    }
    return _posyandu_day_facts(facts, ids, period)


def year_inputs(
    facts: PosyanduFacts, *, additional_programmes: int | None, dana_sehat_pct: float | None
) -> YearInputs:
    """The strata rule's inputs: the facts of the year plus what the Pokja desa entered."""
    return YearInputs(
        opening_days=facts.opening_days,
        opening_months=facts.opening_months,
        mean_kader_on_duty=facts.mean_kader_on_duty,
        ds_mean_pct=facts.ds_mean_pct,
        kia_pct=facts.kia_pct,
        kb_pct=facts.kb_pct,
        immunisation_pct=facts.immunisation_pct,
        additional_programmes=additional_programmes,
        dana_sehat_pct=dana_sehat_pct,
        active_kader=facts.active_kader,
        months_3_of_4_services=facts.months_3_of_4_services,
        has_growth_equipment=not facts.essential_missing,
        serves_target_groups=facts.serves_target_groups,
    )
