"""The area a report is about and the rows below it, from the monthly figures the user may see.

A report names a region (`?wilayah=`); its rows are the regions one level below (or the posyandu of a
desa), each linking to the same report one level down. Without a region the rows are the user's own
regions (the provinces for an administrator)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.http import urlencode

from accounts.scope import Scope, scope_of
from posyandu.models import Posyandu
from regions.codes import at_level, level_of, within_any_q, within_q
from regions.filters import selected_region_code
from regions.models import Level, Region
from reports.actions import figures_version
from reports.figures import (
    PREVALENCE_FIELDS,
    SKDN_FIELDS,
    joined_digits,
    prevalence_of,
    quality_of,
    quality_sums,
    rule_versions,
    skdn_of,
)
from reports.models import MonthlyFigures
from reports.rulesets import problem_thresholds
from reports.targets import Targets, load_all
from rules.prevalence import INDICATORS, Prevalence
from rules.quality import Quality
from rules.skdn import Skdn
from web.kept import kept


@dataclass
class Area:
    """The subject of a report: one region, or the user's regions together (`region` None)."""

    region: Region | None
    codes: tuple[str, ...]  # the region codes the report covers ( () = everything )
    label: str
    # The area one step up that the user may see: a region code, "" for the user's regions together, None
    # when there is none (a kabupaten officer's own kabupaten: its province is outside the scope).
    up: str | None = None

    @property
    def code(self) -> str:
        return self.region.code if self.region is not None else ""

    @property
    def row_level(self) -> int | None:
        """The level of the rows (None: posyandu rows)."""
        if self.region is None:
            return min((level_of(c) for c in self.codes), default=1)
        return None if self.region.level == Level.DESA else self.region.level + 1


def area_for(user: Any, raw_code: str | None) -> Area:
    code = selected_region_code(user, raw_code)
    scope = scope_of(user)
    if code is None and len(scope.region_codes) == 1:
        code = scope.region_codes[0]
    if code is not None:
        region = Region.objects.filter(code=code).first()
        if region is not None:
            return Area(region, (code,), region.display_name, _up(scope, region))
    if scope.everything:
        return Area(None, (), "Indonesia")
    names = Region.objects.filter(code__in=scope.region_codes).values_list("name", flat=True)
    return Area(None, scope.region_codes, ", ".join(names))


def _up(scope: Scope, region: Region) -> str | None:
    if region.parent_id is not None:
        if scope.covers(region.parent_id):
            return region.parent_id
    elif scope.everything:
        return ""  # a province: up is Indonesia
    if len(scope.region_codes) > 1 and region.code in scope.region_codes:
        return ""  # one of several regions of the user (a bidan's desa): up is all of them
    return None


# The counts a month's table sums: SKDN and the prevalence counts.
SUMMED = tuple(dict.fromkeys([*SKDN_FIELDS, *(n for pair in PREVALENCE_FIELDS.values() for n in pair)]))


def figures_in(user: Any, area: Area) -> Any:
    qs = MonthlyFigures.objects.visible_to(user)
    if area.codes:
        qs = qs.filter(within_any_q("desa_id", area.codes))
    return qs


@dataclass
class Row:
    key: str  # region code, or posyandu id
    name: str
    url: str
    skdn: Skdn = field(default_factory=Skdn)
    prevalence: dict[str, Prevalence] = field(default_factory=dict)
    quality: Quality = field(default_factory=Quality)
    desa_id: str = ""  # the desa of a posyandu row, or of every posyandu of a region row

    def add_month(self, sums: Mapping[str, Any]) -> None:
        """Adds one month's counts: sums of figures rows under the `SUMMED` names."""
        skdn = skdn_of(sums)
        self.skdn = self.skdn + skdn
        for ind in INDICATORS:
            p = prevalence_of(sums, ind.code, skdn.s)
            self.prevalence[ind.code] = self.prevalence[ind.code] + p if ind.code in self.prevalence else p


@dataclass
class Table:
    area: Area
    month: datetime.date
    rows: list[Row]
    total: Row
    rule_versions: list[str]
    posyandu_rows: bool


def area_table(
    user: Any,
    area: Area,
    month: datetime.date,
    *,
    url: Callable[[str, bool], str],
    months: list[datetime.date] | None = None,
    by_posyandu: bool = False,
    desa_in_names: bool = False,
    region_level: int | None = None,
) -> Table:
    """Rows below the area for one month (or the sum over `months`, for data quality), with targets: the
    regions one level down (or at `region_level`), or the posyandu (`by_posyandu`, or below a desa) by desa
    and name. `url(key, is_posyandu)` builds each row's link.

    A month's counts are summed by the database, one row per posyandu (posyandu rows) or per desa and rule
    versions (rolled up to the row level here); data quality reads each posyandu-month, its digit counts
    being lists."""
    qs = figures_in(user, area)
    qs = qs.filter(month__in=months) if months else qs.filter(month=month)
    level = None if by_posyandu else region_level or area.row_level
    if months:
        keys: tuple[str, ...] = ("desa_id", "posyandu_id")
        sums = qs.values(*keys, "rule_versions").annotate(**quality_sums())
        groups: list[dict[str, Any]] = [joined_digits(g) for g in sums.order_by(*keys)]
    else:
        keys = ("posyandu_id", "desa_id") if level is None else ("desa_id",)
        sums = qs.values(*keys, "rule_versions").annotate(**{n: Sum(n) for n in SUMMED})
        groups = list(sums.order_by(*keys))

    def key_of(group: Mapping[str, Any]) -> str:
        return str(group["posyandu_id"]) if level is None else at_level(group["desa_id"], level)

    names = _row_names({key_of(g) for g in groups}, level, desa_in_names=desa_in_names)
    rows: dict[str, Row] = {}
    total = Row(area.code, area.label, "")
    for group in groups:
        key = key_of(group)
        if key not in rows:
            rows[key] = Row(key, names.get(key, key), url(key, level is None), desa_id=group["desa_id"])
        if months:  # data quality sums measurements over months (one group a posyandu but for rule versions)
            rows[key].quality = rows[key].quality + quality_of(group)
        else:  # S and prevalence are per month
            rows[key].add_month(group)
            total.add_month(group)
    if months:
        total.quality = quality_of(joined_digits(qs.aggregate(**quality_sums())))
    ordered = sorted(rows.values(), key=lambda r: (r.desa_id, r.name) if level is None else (r.key, ""))
    _add_targets(ordered, total, area, month.year, posyandu_rows=level is None)
    versions = rule_versions(group["rule_versions"] for group in groups)
    return Table(area, month, ordered, total, versions, level is None)


def _row_names(keys: set[str], level: int | None, *, desa_in_names: bool) -> dict[str, str]:
    if level is not None:
        return {r.code: r.display_name for r in Region.objects.filter(code__in=keys)}
    return {
        str(pk): f"Posyandu {name} ({desa})" if desa_in_names else f"Posyandu {name}"
        for pk, name, desa in Posyandu.objects.filter(pk__in=[int(k) for k in keys]).values_list(
            "pk", "name", "desa__name"
        )
    }


def level_tables(
    user: Any, area: Area, month: datetime.date, *, url: Callable[[str, bool], str]
) -> list[tuple[int | None, Table]]:
    """The area's rows at every level below it down to the posyandu, (region level, table) from the top,
    the posyandu last (level None); each table's rows and total are those of the report page at that level."""
    first = area.row_level
    levels = range(first, Level.DESA + 1) if first is not None else range(0)
    tables: list[tuple[int | None, Table]] = [
        (level, area_table(user, area, month, url=url, region_level=level)) for level in levels
    ]
    tables.append((None, area_table(user, area, month, url=url, by_posyandu=True)))
    return tables


def _add_targets(rows: list[Row], total: Row, area: Area, year: int, *, posyandu_rows: bool) -> None:
    every = load_all()
    for ind in INDICATORS:
        targets = every.get(ind.code) or Targets(ind.code, [])
        for row in rows:
            if ind.code in row.prevalence:
                code = row.desa_id if posyandu_rows else row.key
                row.prevalence[ind.code] = row.prevalence[ind.code].with_target(targets.percent(code, year))
        total.prevalence[ind.code] = total.prevalence.get(
            ind.code, Prevalence(ind.code, 0, 0, 0)
        ).with_target(targets.percent(area.code, year))


def report_url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def under(code: str, area: Area) -> Any:
    return within_q("desa_id", code) if code else within_any_q("desa_id", area.codes)


@dataclass
class TrendPoint:
    month: datetime.date
    skdn: Skdn
    prevalence: dict[str, Prevalence]


def trend(user: Any, area: Area, months: list[datetime.date]) -> list[TrendPoint]:
    """The area's totals month by month: one grouped query, kept until the figures are refreshed (a
    province's trend sums 10,000 posyandu over a year)."""
    state = (scope_of(user), area.codes, months, figures_version())
    return kept("trend", state, lambda: _trend(user, area, months))


def _trend(user: Any, area: Area, months: list[datetime.date]) -> list[TrendPoint]:
    rows = {
        row["month"]: row
        for row in figures_in(user, area)
        .filter(month__in=months)
        .values("month")
        .annotate(**{name: Sum(name) for name in SUMMED})
        .order_by()
    }
    points = []
    for month in months:
        row = rows.get(month, {})
        skdn = skdn_of(row)
        prevalence = {ind.code: prevalence_of(row, ind.code, skdn.s) for ind in INDICATORS}
        points.append(TrendPoint(month, skdn, prevalence))
    return points


def quality_ranking(
    user: Any, area: Area, month: datetime.date, months: list[datetime.date]
) -> tuple[list[Row], Row]:
    """The area's measured posyandu ranked by their data-quality problems over `months`, and the area's
    total. Kept in the cache until the figures are refreshed (or the thresholds or the user's scope change):
    a province ranks 10,000 posyandu, and only a refresh changes the ranking."""
    thresholds = problem_thresholds()

    def ranking() -> tuple[list[Row], Row]:
        table = area_table(
            user, area, month, url=lambda _key, _p: "", months=months, by_posyandu=True, desa_in_names=True
        )
        ranked = sorted(
            (r for r in table.rows if r.quality.measured),
            key=lambda r: (
                -len(r.quality.problems(thresholds)),
                -(r.quality.flagged_pct or 0),
                -(r.quality.weight_heaping_pct or 0),
            ),
        )
        return ranked, table.total

    state = (scope_of(user), area.codes, months, thresholds, figures_version())
    return kept("quality-ranking", state, ranking)
