"""Prevalence targets: the national defaults (docs/domain.md "Targets") and the lookup of the target in
force for a region and year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rules.prevalence import TargetRow, resolve_target

# (indicator, year, percent, source) — RPJMN 2020–2024 (Perpres 18/2020, Perpres 72/2021) and RPJMN 2025–2029.
NATIONAL_DEFAULTS = (
    ("stunting", 2024, Decimal("14.0"), "RPJMN 2020–2024"),
    ("stunting", 2025, Decimal("18.8"), "RPJMN 2025–2029 (target tahunan)"),
    ("stunting", 2029, Decimal("14.2"), "RPJMN 2025–2029"),
    ("wasting", 2024, Decimal("7.0"), "RPJMN 2020–2024"),
)


def ensure_national_defaults(model: Any) -> None:
    """Create the national defaults that are missing (`model` is PrevalenceTarget or its migration state)."""
    for indicator, year, percent, source in NATIONAL_DEFAULTS:
        if not model.objects.filter(region__isnull=True, indicator=indicator, year=year).exists():
            model.objects.create(indicator=indicator, year=year, percent=percent, source=source)


class Targets:
    """All targets of one indicator, loaded once; `percent(code, year)` resolves without a query."""

    def __init__(self, indicator: str, rows: list[TargetRow] | None = None) -> None:
        if rows is None:
            found = load_all().get(indicator)
            rows = found.rows if found is not None else []
        self.rows: list[TargetRow] = rows

    def percent(self, code: str, year: int) -> float | None:
        """The target in force for the region and year, None where none is set."""
        row = resolve_target(self.rows, code, year)
        return row.percent if row is not None else None


def load_all() -> dict[str, Targets]:
    """The targets of every indicator, one query."""
    from reports.models import PrevalenceTarget

    rows: dict[str, list[TargetRow]] = {}
    for indicator, region, year, percent in PrevalenceTarget.objects.values_list(
        "indicator", "region_id", "year", "percent"
    ):
        rows.setdefault(indicator, []).append(TargetRow(region or "", year, float(percent)))
    return {indicator: Targets(indicator, found) for indicator, found in rows.items()}
