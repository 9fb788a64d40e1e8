"""Kader capacity of a region (training coverage by competency group, kader without training), the printable
Kader Lestari list."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from pokjanal import pdf
from pokjanal.capacity import coverage_by_area, lestari_rows, untrained_kader
from posyandu.models import CompetencyGroup, KaderMembership
from regions.codes import DESA_LEVEL, at_level, child_level, within_q
from regions.filters import filter_options
from regions.models import Region
from rules import service as service_rules
from web import query


def _area_level(request: AuthedRequest, region: str | None) -> int:
    if region:
        return child_level(region)
    scope = scope_of(request.user)
    if scope.everything:
        return 1
    return min((child_level(c) for c in scope.region_codes), default=DESA_LEVEL)


@require_GET
def kader_capacity(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    region = query.region(request)
    memberships = KaderMembership.objects.visible_to(request.user).filter(end_date__isnull=True)
    if region:
        memberships = memberships.filter(within_q("posyandu__desa_id", region))
    level = _area_level(request, region)
    codes = {at_level(d, level) for d in memberships.values_list("posyandu__desa_id", flat=True)}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    areas, total = coverage_by_area(memberships, level, names, today)
    untrained = query.page(request, Paginator(untrained_kader(memberships, today), 25))
    return render(
        request,
        "pokjanal/kader_capacity.html",
        {
            "areas": areas,
            "total": total,
            "groups": CompetencyGroup.choices,
            "untrained": untrained,
            "page": untrained,
            "query": query.kept({"wilayah": region}),
            "region": region or "",
            "regions": filter_options(request.user),
            "year": today.year,
            "milestones": service_rules.MILESTONES,
        },
    )


@require_GET
def lestari_pdf(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    year = query.integer(request, "tahun", _("Tahun"), today.year, 1990, today.year + 1)
    minimum = query.integer(request, "minimal", _("Minimal"), service_rules.MILESTONES[0], 1, 60)
    region = query.region(request)
    if refused := query.refusal(request):
        return refused
    memberships = KaderMembership.objects.visible_to(request.user)
    if region:
        memberships = memberships.filter(within_q("posyandu__desa_id", region))
    area = Region.objects.filter(code=region).first() if region else None
    rows = lestari_rows(memberships, year, minimum)
    content = pdf.lestari(
        rows,
        year=year,
        minimum=minimum,
        area=area.display_name if area else "",
        rule_version=service_rules.RULE_VERSION,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kader-lestari-{year}.pdf"'
    return response
