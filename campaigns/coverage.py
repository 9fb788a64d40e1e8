"""A campaign's coverage (children measured against the registered target) and its prevalence results, per
posyandu, desa, kecamatan or kabupaten, read live from the campaign's visits."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from accounts.scope import scope_of
from campaigns.models import Campaign
from people.models import Person
from posyandu.models import Posyandu
from regions.codes import at_level, code_is_within, within_q
from regions.models import Level, Region
from reports.figures import UNDER_FIVE_STAGES, latest, registered_people, z_counts
from reports.figures import prevalence_of as prevalence_from
from reports.targets import Targets, load_all
from rules import life_stage
from rules.prevalence import INDICATORS, Prevalence
from visits.models import Visit


@dataclass
class CoverageRow:
    key: str
    name: str
    is_posyandu: bool
    target: int = 0
    measured: int = 0
    prevalence: dict[str, Prevalence] = field(default_factory=dict)

    @property
    def coverage_pct(self) -> float | None:
        return None if self.target == 0 else round(100.0 * self.measured / self.target, 1)


def campaign_area(user: Any, campaign: Campaign, raw: str | None) -> Region:
    """The region shown: the one asked for if it lies in the campaign's region and the user's scope, else the
    narrower of the user's region and the campaign's."""
    scope = scope_of(user)
    code = (raw or "").strip()
    if code and code_is_within(code, campaign.region_id) and scope.covers(code):
        found = Region.objects.filter(code=code).first()
        if found is not None:
            return found
    for own in scope.region_codes:
        if code_is_within(own, campaign.region_id) and own != campaign.region_id:
            found = Region.objects.filter(code=own).first()
            if found is not None:
                return found
    return campaign.region


def coverage(
    user: Any, campaign: Campaign, region: Region, *, today: datetime.date
) -> tuple[list[CoverageRow], CoverageRow]:
    """Rows one level below `region` (posyandu below a desa), and the total."""
    posyandu_rows = region.level == Level.DESA
    level = region.level + 1
    on = min(campaign.end_date, today)
    visits = Visit.objects.visible_to(user).filter(
        within_q("desa_id", region.code), campaign=campaign, life_stage__in=UNDER_FIVE_STAGES
    )
    people = Person.objects.visible_to(user).filter(within_q("desa_id", region.code))
    group = "posyandu_id" if posyandu_rows else "desa_id"
    oldest = life_stage.latest_birth_date(on, campaign.max_age_months) + datetime.timedelta(days=1)
    target_rows = (
        registered_people(people, on)
        .filter(birth_date__gte=oldest)
        .values(group)
        .annotate(n=Count("id"))
        .order_by()
    )
    measured_rows = (
        latest(visits, "weight_kg", campaign=True).values(group).annotate(n=Count("id")).order_by()
    )
    z_rows = z_counts(visits, [group], campaign=True)

    def key_of(value: Any) -> str:
        return str(value) if posyandu_rows else at_level(str(value), level)

    rows: dict[str, CoverageRow] = {}

    def row(value: Any) -> CoverageRow:
        key = key_of(value)
        if key not in rows:
            rows[key] = CoverageRow(key, key, posyandu_rows)
        return rows[key]

    for r in target_rows:
        row(r[group]).target += r["n"]
    for r in measured_rows:
        row(r[group]).measured += r["n"]
    by_key: dict[str, dict[str, Any]] = {}
    for (value,), counts in z_rows.items():
        merged = by_key.setdefault(key_of(value), {})
        for name, number in counts.items():
            merged[name] = merged.get(name, 0) + (number or 0)
    if posyandu_rows:
        names = {
            str(pk): f"Posyandu {n}"
            for pk, n in Posyandu.objects.filter(pk__in=[int(k) for k in rows]).values_list("pk", "name")
        }
    else:
        names = {r.code: r.display_name for r in Region.objects.filter(code__in=list(rows))}
    total = CoverageRow(region.code, region.display_name, False)
    totals: dict[str, Any] = {}
    year = campaign.end_date.year
    every = load_all()
    targets = {ind.code: every.get(ind.code) or Targets(ind.code, []) for ind in INDICATORS}
    for key, r in rows.items():
        r.name = names.get(key, key)
        counts = by_key.get(key, {})
        for ind in INDICATORS:
            r.prevalence[ind.code] = prevalence_from(counts, ind.code, r.target).with_target(
                targets[ind.code].percent(region.code if posyandu_rows else key, year)
            )
        for name, number in counts.items():
            totals[name] = totals.get(name, 0) + number
        total.target += r.target
        total.measured += r.measured
    for ind in INDICATORS:
        total.prevalence[ind.code] = prevalence_from(totals, ind.code, total.target).with_target(
            targets[ind.code].percent(region.code, year)
        )
    return sorted(rows.values(), key=lambda r: r.name), total
