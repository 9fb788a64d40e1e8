"""Kader capacity of a region: training coverage by competency group per area, kader without any training,
and the Kader Lestari list of a year (rule set `rules.service`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from posyandu.models import CompetencyGroup, Kader, KaderMembership, KaderTraining, Posyandu
from regions.codes import at_level
from rules import service as service_rules


@dataclass(frozen=True)
class AreaCoverage:
    code: str
    name: str
    kader: int
    trained: dict[str, int]  # competency group → active kader trained in it
    untrained: int  # active kader with no training at all

    def pct(self, group: str) -> float | None:
        return round(100.0 * self.trained[group] / self.kader, 1) if self.kader else None

    @property
    def untrained_pct(self) -> float | None:
        return round(100.0 * self.untrained / self.kader, 1) if self.kader else None

    @property
    def group_pcts(self) -> list[float | None]:
        return [self.pct(g) for g in CompetencyGroup.values]


def coverage_by_area(
    memberships: QuerySet[KaderMembership], level: int, names: dict[str, str], on: datetime.date
) -> tuple[list[AreaCoverage], AreaCoverage]:
    """`memberships`: the scoped current memberships; each kader counts once per area."""
    kader_areas: dict[int, set[str]] = defaultdict(set)
    for kader_id, desa in memberships.values_list("kader_id", "posyandu__desa_id"):
        kader_areas[kader_id].add(at_level(desa, level))
    groups: dict[int, set[str]] = defaultdict(set)
    for kader_id, group in (
        KaderTraining.objects.filter(kader_id__in=list(kader_areas), date__lte=on)
        .values_list("kader_id", "competency_group")
        .distinct()
    ):
        groups[kader_id].add(group)
    per_area: dict[str, list[int]] = defaultdict(list)
    for kader_id, codes in kader_areas.items():
        for area in codes:
            per_area[area].append(kader_id)

    def cover(code: str, name: str, kader: list[int]) -> AreaCoverage:
        trained = {g: sum(1 for k in kader if g in groups[k]) for g in CompetencyGroup.values}
        return AreaCoverage(code, name, len(kader), trained, sum(1 for k in kader if not groups[k]))

    areas = [cover(code, names.get(code, code), ids) for code, ids in sorted(per_area.items())]
    return areas, cover("", "", list(kader_areas))


def untrained_kader(memberships: QuerySet[KaderMembership], on: datetime.date) -> QuerySet[Kader]:
    trained = KaderTraining.objects.filter(date__lte=on).values("kader_id")
    current = KaderMembership.objects.filter(end_date__isnull=True).select_related("posyandu__desa")
    return (
        Kader.objects.filter(pk__in=memberships.values("kader_id"))
        .exclude(pk__in=trained)
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class LestariRow:
    kader: Kader
    service: service_rules.Service
    posyandu: Posyandu


def lestari_rows(memberships: QuerySet[KaderMembership], year: int, minimum: int) -> list[LestariRow]:
    """Kader whose continuous service reaches `minimum` years by 31 December of `year`, longest first."""
    as_of = datetime.date(year, 12, 31)
    kader_ids = memberships.filter(Q(start_date__lte=as_of)).values("kader_id")
    qs = Kader.objects.filter(pk__in=kader_ids).prefetch_related(
        Prefetch("memberships", queryset=KaderMembership.objects.select_related("posyandu__desa"))
    )
    rows = []
    for kader in qs:
        spans = list(kader.memberships.all())
        service = service_rules.service(((m.start_date, m.end_date) for m in spans), as_of)
        if service.active and service.years >= minimum:
            latest = max(spans, key=lambda m: m.start_date)
            rows.append(LestariRow(kader=kader, service=service, posyandu=latest.posyandu))
    rows.sort(key=lambda r: (-r.service.years, r.kader.name))
    return rows
