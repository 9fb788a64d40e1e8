"""A region's public page: what it holds, built from the system's own figures and aggregates only.

The figures are those of the report pages (reports.areas: the monthly figures of the posyandu, summed), the
strata and "posyandu aktif" those of the strata summary (pokjanal.regional), the rakor and its decisions
those of the region's Tim Pembina. Nobody is logged in, so the region's rows are read as an officer of the
region would read them (`RegionReader`); every figure about children then passes the disclosure rule
(rules.disclosure, through public.shown)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts.scope import RegionReader
from pokjanal.commitments import RegionCounts, counts_by_area
from pokjanal.models import ActionStatus, Rakor, RakorStatus
from pokjanal.regional import AreaStrata, PosyanduStrata, posyandu_strata, strata_by_area
from posyandu.models import Posyandu, PosyanduStatus
from public import shown
from public.models import is_public, public_codes
from public.shown import Shown
from regions.codes import within_q
from regions.models import Level, Region
from reports.areas import Area, Row, area_table, trend
from reports.periods import last_months
from reports.rulesets import strata_thresholds
from reports.targets import Targets, load_all
from rules import strata as strata_rules

TREND_MONTHS = 12


@dataclass(frozen=True)
class FigureRow:
    key: str  # region code, or posyandu id
    name: str
    code: str  # the region code of a region row ("" for a posyandu row)
    posyandu: int | None  # active posyandu (None: a posyandu row)
    aktif: int | None  # of which aktif (2023 definition); for a posyandu row 1 or 0, None undecided
    stratum: str  # a posyandu row's stratum ("" undecided or a region row)
    children: Shown  # S: children 0–59 months registered
    ds: Shown
    nd: Shown
    stunting: Shown
    wasting: Shown


@dataclass(frozen=True)
class TrendRow:
    month: datetime.date
    ds: Shown
    nd: Shown
    stunting: Shown
    wasting: Shown


@dataclass(frozen=True)
class DecisionRow:
    text: str
    done: int
    open: int


@dataclass(frozen=True)
class RakorSummary:
    date: datetime.date
    title: str
    decisions: list[DecisionRow]


@dataclass(frozen=True)
class PosyanduDay:
    name: str
    desa: str
    place: str  # the posyandu's own address, a public place ("" not recorded)
    date: datetime.date
    time: datetime.time | None  # when its services start (None not recorded)


@dataclass
class PublicSummary:
    region: Region
    month: datetime.date
    year: int
    posyandu_total: int
    aktif_2023: int
    aktif_pct: float | None
    strata: list[tuple[str, int]]  # (stratum, count); "" for undecided
    total: FigureRow
    rows: list[FigureRow]
    posyandu_rows: bool
    trend: list[TrendRow]
    rakor: RakorSummary | None
    commitments: RegionCounts  # the desa's Perdes, SK Kades, APBDes and rakor commitments: counts of desa
    days: list[PosyanduDay] | None  # None above the kecamatan: too many to list
    linked: set[str] = field(default_factory=set)  # the codes of the rows whose public page is on
    parent: Region | None = None  # the region above, when its public page is on
    rule_versions: list[str] = field(default_factory=list)


def _figures(row: Row | None) -> dict[str, Shown]:
    if row is None:
        row = Row("", "", "")
    skdn = row.skdn
    return {
        "children": shown.count(skdn.s),
        "ds": shown.ratio(skdn.d, skdn.s),
        "nd": shown.ratio(skdn.n, skdn.d),
        "stunting": shown.prevalence(row.prevalence["stunting"])
        if "stunting" in row.prevalence
        else Shown(None, hidden=True),
        "wasting": shown.prevalence(row.prevalence["wasting"])
        if "wasting" in row.prevalence
        else Shown(None, hidden=True),
    }


FIGURE_COLUMNS = ("children", "ds", "nd", "stunting", "wasting")


def _protected(rows: list[FigureRow]) -> list[FigureRow]:
    """Rule 3 of rules.disclosure, column by column: the rows add up to the region's total."""
    columns = {name: shown.protect([getattr(r, name) for r in rows]) for name in FIGURE_COLUMNS}
    return [
        FigureRow(
            r.key, r.name, r.code, r.posyandu, r.aktif, r.stratum, *(columns[n][i] for n in FIGURE_COLUMNS)
        )
        for i, r in enumerate(rows)
    ]


def _region_rows(areas: list[AreaStrata], figures: dict[str, Row]) -> list[FigureRow]:
    rows = []
    for a in areas:
        rows.append(
            FigureRow(
                a.code, a.name, a.code, a.summary.total, a.summary.aktif[strata_rules.AKTIF_2023], "",
                **_figures(figures.pop(a.code, None)),
            )
        )  # fmt: skip
    for key, row in figures.items():  # figures of an area whose posyandu are all inactive now
        rows.append(FigureRow(key, row.name, key, 0, 0, "", **_figures(row)))
    return rows


def _posyandu_rows(posyandu: list[PosyanduStrata], figures: dict[str, Row]) -> list[FigureRow]:
    rows = []
    for p in posyandu:
        verdict = p.result.aktif_2023.aktif
        stratum = p.result.strata.stratum
        rows.append(
            FigureRow(
                str(p.posyandu.pk), str(p.posyandu), "", None, None if verdict is None else int(verdict),
                stratum.value if stratum else "", **_figures(figures.pop(str(p.posyandu.pk), None)),
            )
        )  # fmt: skip
    for key, row in figures.items():
        rows.append(FigureRow(key, row.name, "", None, None, "", **_figures(row)))
    return rows


def _trend(reader: RegionReader, area: Area, month: datetime.date) -> list[TrendRow]:
    every = load_all()
    rows = []
    for point in trend(reader, area, last_months(month, TREND_MONTHS)):
        targets = {
            code: (every.get(code) or Targets(code, [])).percent(area.code, point.month.year)
            for code in ("stunting", "wasting")
        }
        rows.append(
            TrendRow(
                point.month,
                shown.ratio(point.skdn.d, point.skdn.s),
                shown.ratio(point.skdn.n, point.skdn.d),
                shown.prevalence(point.prevalence["stunting"].with_target(targets["stunting"])),
                shown.prevalence(point.prevalence["wasting"].with_target(targets["wasting"])),
            )
        )
    return rows


def last_rakor(region: Region) -> RakorSummary | None:
    """The last rakor the region's Tim Pembina held: its decisions and how many of their actions are done
    and still open (never who does them)."""
    rakor = (
        Rakor.objects.filter(body__region=region, status=RakorStatus.HELD)
        .order_by("-held_on", "-starts_at")
        .first()
    )
    if rakor is None:
        return None
    decisions = (
        rakor.decisions.values("pk", "text")
        .annotate(
            done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
            still_open=Count(
                "actions", filter=Q(actions__status__in=[ActionStatus.PLANNED, ActionStatus.RUNNING])
            ),
        )
        .order_by("pk")
    )
    date = rakor.held_on or rakor.starts_at.date()
    rows = [DecisionRow(d["text"], d["done"], d["still_open"]) for d in decisions]
    return RakorSummary(date, rakor.title, rows)


def next_days(region: Region, today: datetime.date) -> list[PosyanduDay]:
    """The next monthly opening day of each active posyandu of the region that has one, soonest first."""
    found = (
        Posyandu.objects.filter(within_q("desa_id", region.code), status=PosyanduStatus.ACTIVE)
        .exclude(opening_day=None)
        .select_related("desa")
    )
    days = [
        PosyanduDay(str(p), p.desa.display_name, p.address, date, p.opening_time)
        for p in found
        if (date := p.next_opening(today)) is not None
    ]
    return sorted(days, key=lambda d: (d.date, d.desa, d.name))


def _no_link(key: str, is_posyandu: bool) -> str:
    return ""  # a public row links to the public page of its area (`PublicSummary.linked`), not a report


def build(region: Region, month: datetime.date, today: datetime.date) -> PublicSummary:
    """The public page of `region` for `month`."""
    reader = RegionReader(region.code)
    area = Area(region, (region.code,), region.display_name, region.parent_id)
    table = area_table(reader, area, month, url=_no_link)
    year = month.year
    figures = {row.key: row for row in table.rows}
    is_desa = region.level == Level.DESA
    if is_desa:
        posyandu = posyandu_strata(region, year)
        target = strata_thresholds().region_target_pct
        summary = strata_rules.summarise((p.result for p in posyandu), target_pct=target)
        rows = _posyandu_rows(posyandu, figures)
    else:
        areas, strata_total = strata_by_area(region, year)
        summary = strata_total.summary
        rows = _region_rows(areas, figures)
    total = FigureRow(
        region.code, region.display_name, region.code, summary.total,
        summary.aktif[strata_rules.AKTIF_2023], "", **_figures(table.total),
    )  # fmt: skip
    return PublicSummary(
        region=region,
        month=month,
        year=year,
        posyandu_total=summary.total,
        aktif_2023=summary.aktif[strata_rules.AKTIF_2023],
        aktif_pct=summary.pct_aktif(strata_rules.AKTIF_2023),
        strata=[(s.value, summary.strata[s.value]) for s in strata_rules.Stratum]
        + [("", summary.strata[""])],
        total=total,
        rows=_protected(rows),
        posyandu_rows=is_desa,
        trend=_trend(reader, area, month),
        rakor=last_rakor(region),
        commitments=counts_by_area(region.code, today),
        days=next_days(region, today) if region.level >= Level.KECAMATAN else None,
        linked=public_codes(list(Region.objects.filter(parent=region))),
        parent=region.parent if region.parent is not None and is_public(region.parent) else None,
        rule_versions=table.rule_versions,
    )
