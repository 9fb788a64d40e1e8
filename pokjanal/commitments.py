"""The desa's commitments counted per area: for each area below a region, how many desa/kelurahan have each
commitment, how many are overdue, and which desa stand behind each number. One function,
`counts_by_area`, serves the overview, the rakor agenda and the public page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pokjanal.models import Commitment, CommitmentKind, CommitmentStatus, commitment_key
from regions.codes import DESA_LEVEL, at_level, child_level, level_of, within_q
from regions.models import Region

# What a desa is in the list behind a number.
HAVE = "ada"
MISSING = "belum"
OVERDUE = "terlambat"
STATES = (HAVE, MISSING, OVERDUE)


@dataclass(frozen=True)
class Column:
    """One commitment every desa is counted on: its key (`commitment_key`) and its label."""

    key: str
    label: str


@dataclass
class Cell:
    have: int = 0
    overdue: int = 0

    def share_of(self, total: int) -> float | None:
        return 100.0 * self.have / total if total else None


@dataclass
class AreaCounts:
    """One area (or the whole region): its desa, and per column how many have it and how many are late."""

    code: str
    name: str
    desa: int = 0
    cells: dict[str, Cell] = field(default_factory=dict)
    overdue_desa: int = 0  # desa with at least one overdue commitment

    def cell(self, key: str) -> Cell:
        return self.cells.setdefault(key, Cell())

    def share(self, key: str) -> float | None:
        return self.cell(key).share_of(self.desa)

    @property
    def is_desa(self) -> bool:
        return level_of(self.code) == DESA_LEVEL


@dataclass(frozen=True)
class RegionCounts:
    region_code: str
    columns: list[Column]
    areas: list[AreaCounts]
    total: AreaCounts

    def row(self, area: AreaCounts) -> list[tuple[Column, Cell]]:
        return [(c, area.cell(c.key)) for c in self.columns]

    @property
    def table(self) -> list[tuple[AreaCounts, list[tuple[Column, Cell]]]]:
        """Each area with its cells in column order (what a template shows)."""
        return [(a, self.row(a)) for a in self.areas]

    @property
    def total_row(self) -> list[tuple[Column, Cell]]:
        return self.row(self.total)


def fixed_columns(year: int) -> list[Column]:
    """The commitments asked of every desa: the Perdes (posyandu as LKD), the SK Kades on its pengurus and
    the APBDes allocation of `year`."""
    return [
        Column(CommitmentKind.PERDES_LKD.value, _("Perdes LKD")),
        Column(CommitmentKind.SK_PENGURUS.value, _("SK pengurus")),
        Column(commitment_key(CommitmentKind.APBDES, year, ""), _("APBDes %(year)s") % {"year": year}),
    ]


def _columns(region_code: str, year: int) -> list[Column]:
    """The fixed columns, then one per other commitment recorded in the region (a rakor's decision)."""
    columns = fixed_columns(year)
    others = (
        Commitment.objects.filter(within_q("desa_id", region_code), kind=CommitmentKind.OTHER)
        .order_by("key")
        .values_list("key", "title")
    )
    seen: dict[str, str] = {}
    for key, title in others:
        seen.setdefault(key, title)
    return columns + [Column(key, title) for key, title in seen.items()]


def area_of(desa_code: str, region_code: str) -> str:
    """The area one level below `region_code` that holds the desa (the desa itself below a kecamatan)."""
    return at_level(desa_code, child_level(region_code))


def counts_by_area(region_code: str, today: datetime.date) -> RegionCounts:
    """For each area one level below the region (each desa of a kecamatan, the desa itself for a desa) and
    for the whole region: the desa/kelurahan it holds and, per commitment, how many have it ("ada") and how
    many have not and are past its due date. The APBDes column is `today`'s year."""
    columns = _columns(region_code, today.year)
    keys = {c.key for c in columns}
    level = child_level(region_code)
    areas = {
        r.code: AreaCounts(r.code, r.display_name)
        for r in Region.objects.filter(within_q("code", region_code), level=level).order_by("code")
    }
    region = Region.objects.filter(code=region_code).first()
    total = AreaCounts(region_code, region.display_name if region else region_code)
    for code in Region.objects.filter(within_q("code", region_code), level=DESA_LEVEL).values_list(
        "code", flat=True
    ):
        areas[area_of(code, region_code)].desa += 1
        total.desa += 1
    late_desa: dict[str, set[str]] = defaultdict(set)
    rows = Commitment.objects.filter(within_q("desa_id", region_code), key__in=keys).values_list(
        "desa_id", "key", "status", "due_date"
    )
    for desa, key, status, due in rows:
        area = areas[area_of(desa, region_code)]
        late = status != CommitmentStatus.DONE and due is not None and due < today
        for counts in (area, total):
            counts.cell(key).have += status == CommitmentStatus.DONE
            counts.cell(key).overdue += late
        if late:
            late_desa[area.code].add(desa)
    for code, desa_set in late_desa.items():
        areas[code].overdue_desa = len(desa_set)
        total.overdue_desa += len(desa_set)
    return RegionCounts(region_code, columns, list(areas.values()), total)


@dataclass(frozen=True)
class DesaState:
    desa: Region
    commitment: Commitment | None
    state: str


def desa_behind(region_code: str, key: str, state: str, today: datetime.date) -> list[DesaState]:
    """The desa/kelurahan of the region behind one number: those that have the commitment (`HAVE`), have it
    not (`MISSING`, with or without a record) or have it not past its due date (`OVERDUE`)."""
    records = {
        c.desa_id: c
        for c in Commitment.objects.filter(within_q("desa_id", region_code), key=key).prefetch_related(
            "documents"
        )
    }
    result = []
    for desa in Region.objects.filter(within_q("code", region_code), level=DESA_LEVEL).order_by("code"):
        record = records.get(desa.code)
        done = record is not None and record.is_done
        late = record is not None and record.is_overdue(today)
        wanted = {HAVE: done, MISSING: not done, OVERDUE: late}.get(state, True)
        if wanted:
            result.append(DesaState(desa, record, state))
    return result


def _agenda_row(area: AreaCounts) -> dict[str, object]:
    perdes, sk = area.share(CommitmentKind.PERDES_LKD.value), area.share(CommitmentKind.SK_PENGURUS.value)
    return {
        "code": area.code,
        "area": area.name,
        "desa": area.desa,
        "perdes_pct": None if perdes is None else round(perdes, 1),
        "sk_pct": None if sk is None else round(sk, 1),
        "overdue_desa": area.overdue_desa,
    }


def weakest_areas(
    region_code: str, today: datetime.date, limit: int = 3
) -> dict[str, list[dict[str, object]]]:
    """For the rakor agenda (JSON-safe): the areas below the region with the lowest share of desa that have
    the Perdes and the SK pengurus (the lower of the two), and those with the most overdue desa."""
    perdes, sk = CommitmentKind.PERDES_LKD.value, CommitmentKind.SK_PENGURUS.value
    areas = [a for a in counts_by_area(region_code, today).areas if a.desa]
    lowest = sorted(areas, key=lambda a: (min(a.share(perdes) or 0.0, a.share(sk) or 0.0), a.code))
    late = sorted((a for a in areas if a.overdue_desa), key=lambda a: (-a.overdue_desa, a.code))
    return {
        "lowest": [_agenda_row(a) for a in lowest[:limit]],
        "overdue": [_agenda_row(a) for a in late[:limit]],
    }
