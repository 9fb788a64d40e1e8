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
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q

from posyandu.models import (
    CompetencyGroup,
    EquipmentItem,
    KaderMembership,
    KaderTraining,
    Posyandu,
    PosyanduEquipment,
)
from rules.problems import PosyanduFacts
from rules.strata import YearInputs


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def last_12_months(cls, as_of: datetime.date) -> Period:
        """The twelve calendar months ending with the month of `as_of` (up to `as_of`)."""
        month = as_of.month - 11
        year = as_of.year
        if month < 1:
            month += 12
            year -= 1
        return cls(datetime.date(year, month, 1), as_of)


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
    """Essential items each posyandu lacks: absent, count 0, or rusak berat (as the posyandu page shows)."""
    essential = list(EquipmentItem.objects.filter(is_essential=True).values_list("pk", "name"))
    usable: dict[int, set[int]] = defaultdict(set)
    for pid, item_id in (
        PosyanduEquipment.objects.filter(posyandu_id__in=posyandu_ids, count__gt=0)
        .exclude(condition="rusak_berat")
        .values_list("posyandu_id", "item_id")
    ):
        usable[pid].add(item_id)
    return {pid: tuple(name for pk, name in essential if pk not in usable[pid]) for pid in posyandu_ids}


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


def _posyandu_day_facts(
    facts: dict[int, PosyanduFacts], posyandu_ids: Collection[int], period: Period
) -> dict[int, PosyanduFacts]:
    """Adds the facts of the posyandu day; unchanged (all `None`) where those are not recorded."""
    if not posyandu_day_data_available():
        return facts
    return facts


def facts_for(posyandu_ids: Collection[int], period: Period) -> dict[int, PosyanduFacts]:
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
