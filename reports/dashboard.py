"""The region dashboard every user lands on: key indicators of a month (the last complete one unless another
is chosen), twelve-month trends against targets, the child regions ranked by their gap to the stunting
target, and a choropleth map when boundaries are loaded. Every number links to the records behind it."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from regions.codes import within_any_q
from regions.models import RegionBoundary
from reports import actions
from reports.areas import area_for, area_table, report_url, trend
from reports.periods import current_month, last_complete_month, last_months, month_options
from reports.rulesets import skdn_targets
from reports.targets import Targets
from visits.models import Referral


def dashboard(user: Any, region_code: str | None, month: datetime.date) -> dict[str, Any]:
    """The dashboard of `region_code` (None: the user's whole area) for `month`: the last complete month
    unless another is chosen; the current month only when chosen (it is still filling)."""
    as_of = actions.report_refresh()
    area = area_for(user, region_code)
    bulan = f"{month:%Y-%m}"
    partial_month = month == current_month()
    # The trend ends with the chosen month, or with the last complete one: a month still filling would
    # plunge the line.
    months = last_months(min(month, last_complete_month()), 12)
    points = trend(user, area, [*months, month] if partial_month else months)
    now = points[-1]
    points = points[: len(months)]

    def url(key: str, is_posyandu: bool) -> str:
        if is_posyandu:
            return reverse("reports:posyandu", args=[key]) + f"?bulan={bulan}"
        return reverse("home") + f"?wilayah={key}&bulan={bulan}"

    table = area_table(user, area, month, url=url)
    stunting = table.total.prevalence["stunting"]
    wasting = table.total.prevalence["wasting"]
    ranked = sorted(
        table.rows,
        key=lambda r: (r.prevalence["stunting"].gap is None, -(r.prevalence["stunting"].gap or 0)),
    )
    referrals = Referral.objects.visible_to(user).open()
    if area.codes:
        referrals = referrals.filter(within_any_q("desa_id", area.codes))
    stunting_targets = Targets("stunting")
    charts = {
        "skdn": {
            "labels": [f"{p.month:%m-%Y}" for p in points],
            "series": [
                {"label": "D/S", "data": [p.skdn.ratios().ds for p in points]},
                {"label": "N/D", "data": [p.skdn.ratios().nd for p in points]},
            ],
            "target": [skdn_targets().ds] * len(points),
            "target_label": "Target D/S, N/D",
            "unit": "%",
        },
        "stunting": {
            "labels": [f"{p.month:%m-%Y}" for p in points],
            "series": [{"label": "Stunting", "data": [p.prevalence["stunting"].pct for p in points]}],
            "target": [stunting_targets.percent(area.code, p.month.year) for p in points],
            "target_label": "Target",
            "unit": "%",
        },
    }
    map_geojson = None
    if not table.posyandu_rows and table.rows:
        geometry = dict(
            RegionBoundary.objects.filter(region_id__in=[r.key for r in table.rows]).values_list(
                "region_id", "geometry"
            )
        )
        features = [
            {
                "type": "Feature",
                "geometry": geometry[r.key],
                "properties": {
                    "code": r.key,
                    "name": r.name,
                    "url": r.url,
                    "value": r.prevalence["stunting"].pct,
                    "target": r.prevalence["stunting"].target_pct,
                },
            }
            for r in table.rows
            if r.key in geometry
        ]
        map_geojson = {"type": "FeatureCollection", "features": features} if features else None
    children = reverse("reports:children")
    return {
        "area": area,
        "month": month,
        "bulan": bulan,
        "months": month_options(month),
        "current_month": current_month(),
        "partial_month": partial_month,
        "skdn": now.skdn,
        "ratios": now.skdn.ratios(),
        "skdn_targets": skdn_targets(),
        "stunting": stunting,
        "wasting": wasting,
        "referrals_open": referrals.count(),
        "ranked": ranked,
        "posyandu_rows": table.posyandu_rows,
        "charts": charts,
        "map_geojson": map_geojson,
        "rule_versions": table.rule_versions,
        "figures_as_of": as_of,
        "links": {
            "d": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=d",
            "s": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=s",
            "n": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=n",
            "stunting": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=stunting",
            "stunting_measured": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=stunting&semua=1",
            "wasting": f"{children}?wilayah={area.code}&bulan={bulan}&indikator=wasting",
            "referral": f"{children}?wilayah={area.code}&indikator=referral",
            "skdn": report_url("reports:skdn", wilayah=area.code, bulan=bulan),
            "prevalence": report_url("reports:prevalence", wilayah=area.code, bulan=bulan),
        },
    }
