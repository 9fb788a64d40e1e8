"""Posyandu needs (requested, assigned to an OPD or sponsor, met) with the region view, and each posyandu's
yearly funding by source."""

from __future__ import annotations

import copy
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from audit.views import render_history
from pokjanal import actions
from pokjanal.access import access_need, ensure_officer, is_officer
from pokjanal.forms.needs import FundingForm, HandleNeedForm, NeedForm
from pokjanal.models import (
    NEED_ORDERING,
    OPEN_NEED_STATUSES,
    Funding,
    FundingSource,
    Need,
    NeedKind,
    NeedStatus,
)
from posyandu.access import access_posyandu
from regions.codes import DESA_LEVEL, at_level, child_level, within_q
from regions.filters import filter_options
from regions.models import Region
from web import query
from web.form_views import form_view


def _area_level(request: AuthedRequest, region: str | None) -> int:
    if region:
        return child_level(region)
    scope = scope_of(request.user)
    if scope.everything:
        return 1
    return min((child_level(c) for c in scope.region_codes), default=DESA_LEVEL)


@require_GET
def need_list(request: AuthedRequest) -> HttpResponse:
    qs = Need.objects.visible_to(request.user).select_related("posyandu__desa")
    region = query.region(request)
    if region:
        qs = qs.filter(within_q("posyandu__desa_id", region))
    # The region view: open and met needs per area one level below.
    level = _area_level(request, region)
    per_area: dict[str, dict[str, int]] = defaultdict(
        lambda: {"open": 0, "met": 0, "rejected": 0, "cost_open": 0}
    )
    rows = (
        qs.values("posyandu__desa_id")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_NEED_STATUSES)),
            met=Count("id", filter=Q(status=NeedStatus.MET)),
            rejected=Count("id", filter=Q(status=NeedStatus.REJECTED)),
            cost_open=Sum("estimated_cost_rp", filter=Q(status__in=OPEN_NEED_STATUSES)),
        )
        .order_by()
    )
    for r in rows:
        area = per_area[at_level(r["posyandu__desa_id"], level)]
        for key in ("open", "met", "rejected", "cost_open"):
            area[key] += r[key] or 0
    names = dict(Region.objects.filter(code__in=list(per_area)).values_list("code", "name"))
    areas = [(code, names.get(code, code), counts) for code, counts in sorted(per_area.items())]
    status = query.choice(request, "status", _("Status"), ["terbuka", "semua", *NeedStatus.values], "terbuka")
    listed = qs.open() if status == "terbuka" else qs
    if status in NeedStatus.values:
        listed = qs.filter(status=status)
    kind = query.choice(request, "jenis", _("Jenis"), NeedKind.values, "")
    if kind in NeedKind.values:
        listed = listed.filter(kind=kind)
    page = query.page(request, Paginator(listed.order_by(*NEED_ORDERING), 25))
    filters = {"status": status, "jenis": kind, "wilayah": region or ""}
    totals = {k: sum(a[k] for _c, _n, a in areas) for k in ("open", "met", "rejected", "cost_open")}
    return render(
        request,
        "pokjanal/need_list.html",
        {
            "page": page,
            "areas": areas,
            "totals": totals,
            "filters": filters,
            "query": query.kept(filters),
            "statuses": NeedStatus.choices,
            "kinds": NeedKind.choices,
            "regions": filter_options(request.user),
            "own_posyandu": request.user.posyandu_id if request.user.can_write else None,
        },
    )


@require_http_methods(["GET", "POST"])
def need_create(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """Any user who may write for the posyandu (its kader too) records a need."""
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    form = NeedForm(request.POST or None)
    back = reverse("pokjanal:posyandu", args=[posyandu.pk])
    return form_view(
        request,
        form,
        lambda form: actions.request_need(request.user, posyandu, **form.cleaned_data),
        template="form.html",
        context={"title": _("Ajukan kebutuhan: %(p)s") % {"p": posyandu}, "back_url": back},
        redirect_to=lambda need: reverse("pokjanal:need", args=[need.pk]),
        success_message=_("Kebutuhan diajukan."),
    )


@require_GET
def need_detail(request: AuthedRequest, need_id: int) -> HttpResponse:
    need = access_need(request.user, need_id)
    return render(
        request,
        "pokjanal/need_detail.html",
        {
            "need": need,
            "form": HandleNeedForm(instance=need),
            "can_manage": request.user.can_write and is_officer(request.user),
        },
    )


@require_POST
def need_handle(request: AuthedRequest, need_id: int) -> HttpResponse:
    need = access_need(request.user, need_id, write=True)
    ensure_officer(request.user)
    # The page shows the need as stored: the bound form and a refused action both write onto `need`.
    stored = copy.copy(need)
    form = HandleNeedForm(request.POST, instance=need)
    return form_view(
        request,
        form,
        lambda form: actions.handle_need(request.user, need, **form.cleaned_data),
        template="pokjanal/need_detail.html",
        context={"need": stored, "can_manage": True},
        redirect_to=reverse("pokjanal:need", args=[need.pk]),
        success_message=_("Kebutuhan diperbarui."),
    )


@require_GET
def need_history(request: AuthedRequest, need_id: int) -> HttpResponse:
    need = access_need(request.user, need_id)
    return render_history(request, need, title=str(need), back_url=reverse("pokjanal:need", args=[need.pk]))


@require_http_methods(["GET", "POST"])
def funding(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """Each year's funding of the posyandu by source; officers record amounts."""
    posyandu = access_posyandu(request.user, posyandu_id, write=request.method == "POST")
    if request.method == "POST":
        ensure_officer(request.user)
    form = FundingForm(request.POST or None, initial={"year": timezone.localdate().year})
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for row in Funding.objects.filter(posyandu=posyandu):
        by_year[row.year][row.source] = row.amount_rp
    years = [
        (y, [by_year[y].get(s) for s in FundingSource.values], sum(by_year[y].values()))
        for y in sorted(by_year, reverse=True)
    ]
    return form_view(
        request,
        form,
        lambda form: actions.set_funding(
            request.user,
            posyandu,
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            amount_rp=form.cleaned_data["amount_rp"],
            note=form.cleaned_data["note"],
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="pokjanal/funding.html",
        context={
            "posyandu": posyandu,
            "years": years,
            "met_needs": Need.objects.filter(posyandu=posyandu).funded(),
            "sources": FundingSource.choices,
            "can_manage": request.user.can_write and is_officer(request.user),
        },
        redirect_to=reverse("pokjanal:funding", args=[posyandu.pk]),
        success_message=_("Pendanaan disimpan."),
    )
