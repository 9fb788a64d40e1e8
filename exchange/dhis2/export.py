"""The monthly figures of an area as DHIS2 data values, through the mapping.

The figures are the report pages' own: `reports.areas.area_table` sums `reports.MonthlyFigures` (the one
source of posyandu-month counts) into the units of the reporting level, posyandu or a region level, exactly
as the SKDN and prevalence pages show them, so the file and the page cannot disagree. Each unit becomes the
org unit its mapping names and each indicator the data element its mapping names; an indicator or a unit
without a mapping is left out of the file and named in a warning (the receiver would refuse an unknown
identifier, and the rest of the month should still go).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from exchange.dhis2.formats import DataValue
from exchange.dhis2.indicators import INDICATOR_CHOICES, indicator_values
from exchange.dhis2.models import DataElementMapping, ExportSettings, IdScheme, OrgUnitMapping
from regions.codes import level_of
from regions.models import Level
from reports.areas import Area, area_table

# DHIS2 UIDs: eleven letters and digits, the first a letter (DHIS2 Developer manual, "Identifier schemes").
UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
MAX_MONTHS = 12  # a year at most in one file


class ExportRefused(ValueError):
    """The area cannot be exported as configured (the message is for the user)."""


@dataclass(frozen=True)
class IndicatorCoverage:
    key: str
    label: str
    data_element: str  # "" when not mapped
    category_option_combo: str
    problem: str  # "" when usable

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass
class UnitCoverage:
    key: str  # region code or posyandu id
    name: str
    org_unit: str  # "" when not mapped
    problem: str
    months: list[datetime.date] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass
class Export:
    settings: ExportSettings
    months: list[datetime.date]
    indicators: list[IndicatorCoverage]
    units: list[UnitCoverage]
    values: list[DataValue]
    warnings: list[str]


def load_settings() -> ExportSettings | None:
    return ExportSettings.objects.filter(pk=1).first()


def _identifier_problem(identifier: str, scheme: str) -> str:
    if not identifier:
        return _("belum dipetakan")
    if scheme == IdScheme.UID and not UID.match(identifier):
        return _("“%(id)s” bukan UID DHIS2 (11 huruf/angka, diawali huruf)") % {"id": identifier}
    return ""


def indicator_coverage(settings: ExportSettings) -> list[IndicatorCoverage]:
    mapped = {m.indicator: m for m in DataElementMapping.objects.all()}
    rows = []
    for key, label in INDICATOR_CHOICES:
        m = mapped.get(key)
        element = m.data_element if m else ""
        combo = m.category_option_combo if m else ""
        problem = _identifier_problem(element, settings.id_scheme)
        if not problem and combo:
            problem = _identifier_problem(combo, settings.id_scheme)
        rows.append(IndicatorCoverage(key, str(label), element, combo, problem))
    return rows


def check_level(area: Area, settings: ExportSettings) -> None:
    """An area below the reporting level would send part of a unit's figures under the unit's org unit."""
    level = settings.report_level.region_level
    if level is None:
        return
    area_level = area.region.level if area.region is not None else min(map(level_of, area.codes), default=0)
    if area_level > level:
        raise ExportRefused(
            _(
                "Penerima menerima laporan per %(level)s; %(area)s berada di bawahnya. Pilih wilayah "
                "%(level)s atau di atasnya."
            )
            % {"level": Level(level).label.lower(), "area": area.label}
        )


def build(user: Any, area: Area, months: list[datetime.date]) -> Export:
    """The data values of `area` (as `user` may see it) for `months`, with the coverage of the mapping and
    the warnings. Raises ExportRefused when nothing can be configured or the area is below the level."""
    settings = load_settings()
    if settings is None:
        raise ExportRefused(_("Pengaturan DHIS2 belum diisi administrator (data set dan tingkat pelaporan)."))
    check_level(area, settings)
    level = settings.report_level.region_level
    units: dict[str, UnitCoverage] = {}
    counts: dict[tuple[str, datetime.date], dict[str, int]] = {}
    for month in months:
        table = area_table(
            user, area, month, url=lambda _key, _p: "", by_posyandu=level is None, region_level=level
        )
        for row in table.rows:
            unit = units.setdefault(row.key, UnitCoverage(row.key, row.name, "", ""))
            unit.months.append(month)
            counts[(row.key, month)] = indicator_values(row.skdn, row.prevalence)
    _map_units(units, settings, posyandu=level is None)
    indicators = indicator_coverage(settings)
    values = [
        DataValue(ind.data_element, units[key].org_unit, month, ind.category_option_combo, by_key[ind.key])
        for (key, month), by_key in counts.items()
        if units[key].usable
        for ind in indicators
        if ind.usable
    ]
    return Export(settings, months, indicators, sorted(units.values(), key=lambda u: u.key), values,
                  _warnings(indicators, units, months))  # fmt: skip


def _map_units(units: dict[str, UnitCoverage], settings: ExportSettings, *, posyandu: bool) -> None:
    keys = list(units)
    where = Q(posyandu_id__in=[int(k) for k in keys]) if posyandu else Q(region_id__in=keys)
    mapped = {m.local_key: m.org_unit for m in OrgUnitMapping.objects.filter(where)}
    for key, unit in units.items():
        unit.org_unit = mapped.get(key, "")
        unit.problem = _identifier_problem(unit.org_unit, settings.id_scheme)


def _warnings(
    indicators: list[IndicatorCoverage], units: dict[str, UnitCoverage], months: list[datetime.date]
) -> list[str]:
    warnings = [
        _("Indikator %(label)s tidak ikut: %(problem)s.") % {"label": i.label, "problem": i.problem}
        for i in indicators
        if not i.usable
    ]
    warnings += [
        _("%(name)s tidak ikut: org unit %(problem)s.") % {"name": u.name, "problem": u.problem}
        for u in sorted(units.values(), key=lambda u: u.key)
        if not u.usable
    ]
    with_figures = {m for u in units.values() for m in u.months}
    warnings += [
        _("%(month)s: belum ada angka di wilayah ini.") % {"month": formats.date_format(m, "F Y")}
        for m in months
        if m not in with_figures
    ]
    return warnings
