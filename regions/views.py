"""Region pages: a region, its children with their posyandu and kader counts, a map, and below a desa the
units (dusun, RW, RT, dasa wisma) users create."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from audit.views import render_history
from posyandu.models import KaderMembership, Posyandu
from regions import actions, maps
from regions.access import access_local_unit, access_region
from regions.codes import within_q
from regions.forms import LocalUnitForm, RenameLocalUnitForm
from regions.models import Level, LocalUnit, Region
from web.form_views import form_view


@require_GET
def my_region(request: AuthedRequest) -> HttpResponse:
    """The top region of the user's scope (or the list of Indonesia's provinces for an administrator)."""
    scope = scope_of(request.user)
    if scope.everything:
        return render(
            request, "regions/region_index.html", {"regions": Region.objects.filter(level=Level.PROVINSI)}
        )
    if len(scope.region_codes) == 1:
        return redirect("regions:detail", region_code=scope.region_codes[0])
    regions = Region.objects.filter(code__in=scope.region_codes)
    return render(request, "regions/region_index.html", {"regions": regions})


def _child_rows(region: Region, user: Any) -> list[dict[str, Any]]:
    """Each child region with its active posyandu and current kader, two grouped queries."""
    children = list(region.children.all())
    if not children:
        return []
    child_len = {Level.PROVINSI: 2, Level.KABKOTA: 5, Level.KECAMATAN: 8, Level.DESA: 13}[
        Level(children[0].level)
    ]
    posyandu = Posyandu.objects.visible_to(user).filter(within_q("desa_id", region.code), status="active")
    counts: dict[str, int] = {}
    for desa_id, n in posyandu.values_list("desa_id").annotate(n=Count("id")).values_list("desa_id", "n"):
        key = desa_id[:child_len]
        counts[key] = counts.get(key, 0) + n
    kader: dict[str, int] = {}
    memberships = KaderMembership.objects.visible_to(user).filter(
        within_q("posyandu__desa_id", region.code), end_date__isnull=True
    )
    for desa_id, n in (
        memberships.values_list("posyandu__desa_id")
        .annotate(n=Count("kader_id", distinct=True))
        .values_list("posyandu__desa_id", "n")
    ):
        key = desa_id[:child_len]
        kader[key] = kader.get(key, 0) + n
    return [{"region": c, "posyandu": counts.get(c.code, 0), "kader": kader.get(c.code, 0)} for c in children]


@require_GET
def region_detail(request: AuthedRequest, region_code: str) -> HttpResponse:
    region = access_region(request.user, region_code)
    rows = _child_rows(region, request.user)
    posyandu_here = (
        list(Posyandu.objects.visible_to(request.user).filter(desa=region))
        if region.level == Level.DESA
        else []
    )
    region_map = maps.region_map(
        region, [(r["region"], r["posyandu"]) for r in rows], [p for p in posyandu_here if p.is_active]
    )
    units = []
    if region.level == Level.DESA:
        units = list(LocalUnit.objects.filter(desa=region).select_related("parent__parent__parent"))
        units.sort(key=lambda u: u.label)
    user = request.user
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "ancestors": [a for a in region.ancestors() if scope_of(user).covers(a.code)],
            "rows": rows,
            "map": region_map,
            "units": units,
            "posyandu_here": posyandu_here,
            "unit_form": LocalUnitForm(region) if region.level == Level.DESA and user.can_write else None,
            "totals": {"posyandu": sum(r["posyandu"] for r in rows), "kader": sum(r["kader"] for r in rows)},
        },
    )


@require_POST
def local_unit_create(request: AuthedRequest, region_code: str) -> HttpResponse:
    region = access_region(request.user, region_code, write=True)
    if region.level != Level.DESA:
        raise Http404
    form = LocalUnitForm(region, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = actions.create_local_unit(
                request.user,
                region,
                data["kind"],
                data["name"].strip(),
                data["parent"],
                client_uuid=data["client_uuid"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(unit)s ditambahkan.") % {"unit": unit.label})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("regions:detail", region_code=region.code)


@require_http_methods(["GET", "POST"])
def local_unit_edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_local_unit(request.user, unit_id, write=True)
    form = RenameLocalUnitForm(request.POST or None, initial={"name": unit.name})
    back = reverse("regions:detail", args=[unit.desa_id])
    return form_view(
        request,
        form,
        lambda form: actions.rename_local_unit(
            request.user,
            unit,
            form.cleaned_data["name"].strip(),
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="form.html",
        context={"title": _("Ubah %(u)s") % {"u": unit.label}, "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )


@require_GET
def local_unit_history(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_local_unit(request.user, unit_id)
    return render_history(
        request, unit, title=unit.label, back_url=reverse("regions:detail", args=[unit.desa_id])
    )
