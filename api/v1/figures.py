"""The monthly figures, and the SKDN and prevalence of a region and month, read as the report pages read them
(`reports.areas`: `area_for`, `area_table`; `rules.skdn`, `rules.prevalence`), refreshed first as a page
does (`reports.actions.report_refresh`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Router
from ninja.pagination import paginate
from ninja.params.functions import Query

from api.v1.months import MONTH_PATTERN, first_day
from api.v1.paging import Pages
from api.v1.schemas import MonthlyFiguresOut, PrevalenceOut, SkdnOut
from posyandu.access import access_posyandu
from regions.access import access_region
from regions.codes import within_q
from reports import actions as report_actions
from reports.areas import Area, Row, Table, area_for, area_table, figures_in
from reports.models import MonthlyFigures
from reports.periods import latest_month
from rules.prevalence import BY_CODE, Prevalence
from rules.skdn import Skdn

router = Router(tags=["figures"])

MONTH = Query(None, pattern=MONTH_PATTERN, description="YYYY-MM; the latest month with figures if left out")
REGION = Query(None, description="a region code of the user's area; all of it if left out")


@router.get("/monthly-figures", response=list[MonthlyFiguresOut], summary="Monthly figures per posyandu")
@paginate(Pages)
def list_monthly_figures(
    request: HttpRequest, month: str | None = MONTH, region: str | None = REGION, posyandu: int | None = None
) -> QuerySet[MonthlyFigures]:
    """`reports.MonthlyFigures`, the one source of posyandu-month counts: SKDN, prevalence counts,
    data-quality sums, days opened, KIA, KB and immunisation counts."""
    report_actions.report_refresh()
    qs = MonthlyFigures.objects.visible_to(request.user).order_by("month", "desa_id", "posyandu_id")
    if month:
        qs = qs.filter(month=first_day(month))
    if region:
        qs = qs.filter(within_q("desa_id", access_region(request.user, region).code))
    if posyandu is not None:
        qs = qs.filter(posyandu=access_posyandu(request.user, posyandu))
    return qs


def _table(request: HttpRequest, region: str | None, month: str | None, name: str, **params: str) -> Table:
    user: Any = request.user
    report_actions.report_refresh()
    code = access_region(user, region).code if region else None
    area: Area = area_for(user, code)
    chosen = first_day(month) if month else latest_month(figures_in(user, area))
    bulan = f"{chosen:%Y-%m}"

    def url(key: str, is_posyandu: bool) -> str:
        if is_posyandu:
            return reverse("api:v1:get_posyandu", kwargs={"posyandu_id": int(key)})
        return f"{reverse(name)}?{urlencode({'region': key, 'month': bulan, **params})}"

    return area_table(user, area, chosen, url=url)


def _skdn_row(row: Row) -> dict[str, Any]:
    skdn: Skdn = row.skdn
    return {
        "key": row.key,
        "name": row.name,
        "url": row.url,
        "counts": skdn.as_dict(),
        "ratios": skdn.ratios().as_dict(),
        "balanced": skdn.balanced,
    }


@router.get("/skdn", response=SkdnOut, summary="SKDN of a region and month, by the areas below it")
def skdn(request: HttpRequest, region: str | None = REGION, month: str | None = MONTH) -> dict[str, Any]:
    """The SKDN report's table: a row per region one level below (or per posyandu of a desa) and the total,
    with the ratios and the D = N + T + O + B check."""
    table = _table(request, region, month, "api:v1:skdn")
    return {
        "region": table.area.code,
        "label": table.area.label,
        "month": table.month,
        "posyandu_rows": table.posyandu_rows,
        "rule_versions": table.rule_versions,
        "rows": [_skdn_row(r) for r in table.rows],
        "total": _skdn_row(table.total),
    }


def _prevalence_row(row: Row, p: Prevalence) -> dict[str, Any]:
    low, high = p.ci or (None, None)
    return {
        "key": row.key,
        "name": row.name,
        "url": row.url,
        "cases": p.cases,
        "measured": p.measured,
        "registered": p.registered,
        "pct": p.pct,
        "ci_low": low,
        "ci_high": high,
        "coverage_pct": p.coverage_pct,
        "small_n": p.small_n,
        "target_pct": p.target_pct,
        "gap": p.gap,
    }


@router.get(
    "/prevalence", response=PrevalenceOut, summary="Prevalence of a region and month against its target"
)
def prevalence(
    request: HttpRequest,
    region: str | None = REGION,
    month: str | None = MONTH,
    indicator: str = Query("stunting", pattern="^(" + "|".join(BY_CODE) + ")$"),
) -> dict[str, Any]:
    """The prevalence report's table for one indicator (stunting, wasting, underweight, overweight): cases
    among children measured, the 95 % Wilson interval, coverage, "n kecil" and the target in force."""
    table = _table(request, region, month, "api:v1:prevalence", indicator=indicator)
    rows = [
        _prevalence_row(r, r.prevalence.get(indicator, Prevalence(indicator, 0, 0, r.skdn.s)))
        for r in table.rows
    ]
    return {
        "region": table.area.code,
        "label": table.area.label,
        "month": table.month,
        "indicator": indicator,
        "posyandu_rows": table.posyandu_rows,
        "rule_versions": table.rule_versions,
        "rows": rows,
        "total": _prevalence_row(table.total, table.total.prevalence[indicator]),
    }
