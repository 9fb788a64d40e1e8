"""Posyandu registry pages. Each view: parse, check access, call one action, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from audit.forms import IdempotentForm
from audit.views import render_history
from posyandu import actions
from posyandu.access import access_posyandu
from posyandu.equipment import missing_essential as missing_essential_items
from posyandu.forms import EquipmentForm, PosyanduForm
from posyandu.models import EquipmentItem, KaderMembership, Posyandu, PosyanduStatus
from regions.codes import within_q
from regions.filters import filter_options
from web import query
from web.form_views import add_action_errors, form_view
from web.spreadsheets import write_csv


def _is_officer(user: Any) -> bool:
    return bool(user.is_officer)


def _filtered_posyandu(request: AuthedRequest) -> tuple[Any, dict[str, str]]:
    qs = Posyandu.objects.visible_to(request.user).select_related("desa", "desa__parent")
    q = query.text(request, "q")
    region = query.region(request)
    status = query.choice(request, "status", _("Status"), ["all", *PosyanduStatus.values], "active")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if region:
        qs = qs.filter(within_q("desa_id", region))
    if status in PosyanduStatus.values:
        qs = qs.filter(status=status)
    return qs, {"q": q, "wilayah": region or "", "status": status}


@require_GET
def posyandu_list(request: AuthedRequest) -> HttpResponse:
    qs, filters = _filtered_posyandu(request)
    if query.choice(request, "format", _("Format"), ["csv"], "", shown=_("halaman")):
        return query.refusal(request) or _posyandu_csv(qs)
    qs = qs.annotate(kader_count=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
    page = query.page(request, Paginator(qs.order_by("desa_id", "name"), 25))
    context = {
        "page": page,
        "filters": filters,
        "query": query.kept(filters),
        "regions": filter_options(request.user),
        "statuses": PosyanduStatus.choices,
        "can_create": getattr(request.user, "can_write", False) and _is_officer(request.user),
    }
    template = "posyandu/_posyandu_table.html" if request.htmx else "posyandu/posyandu_list.html"
    return render(request, template, context)


def _posyandu_csv(qs: Any) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="posyandu.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    header = [
        "kode", "nama", "kode_desa", "desa", "kecamatan", "alamat", "rw_rt",
        "tanggal_buka", "jam_buka", "status",
    ]  # fmt: skip
    write_csv(
        response,
        [header]
        + [
            [
                p.code,
                p.name,
                p.desa_id,
                p.desa.name,
                p.desa.parent.name if p.desa.parent else "",
                p.address,
                p.rw_rt_covered,
                p.opening_day or "",
                f"{p.opening_time:%H:%M}" if p.opening_time else "",
                p.get_status_display(),
            ]
            for p in qs.order_by("desa_id", "name")
        ],
    )
    return response


@require_http_methods(["GET", "POST"])
def posyandu_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user, allowed=_is_officer)
    form = PosyanduForm(request.user, request.POST or None)
    return form_view(
        request,
        form,
        lambda form: actions.register_posyandu(
            request.user, client_uuid=form.cleaned_data["client_uuid"], **form.posyandu_fields()
        ),
        template="form.html",
        context={"title": _("Daftarkan posyandu"), "back_url": reverse("posyandu:list")},
        redirect_to=lambda posyandu: reverse("posyandu:detail", args=[posyandu.pk]),
        success_message=lambda posyandu: _("Posyandu %(name)s telah didaftarkan.") % {"name": posyandu.name},
    )


@require_GET
def posyandu_detail(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id)
    memberships = (
        KaderMembership.objects.filter(posyandu=posyandu, end_date__isnull=True)
        .select_related("kader", "spm_field")
        .order_by("board_role", "kader__name")
    )
    equipment = posyandu.equipment.select_related("item")
    missing_essential = missing_essential_items([posyandu.pk])[posyandu.pk]
    user = request.user
    return render(
        request,
        "posyandu/posyandu_detail.html",
        {
            "posyandu": posyandu,
            "ancestors": [*posyandu.desa.ancestors(), posyandu.desa],
            "memberships": memberships,
            "equipment": equipment,
            "missing_essential": missing_essential,
            "spm_fields": posyandu.spm_fields.all(),
            "can_write": getattr(user, "can_write", False),
            "can_manage": getattr(user, "can_write", False) and _is_officer(user),
        },
    )


@require_http_methods(["GET", "POST"])
def posyandu_edit(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    ensure_can_write(request.user, allowed=_is_officer)
    form = PosyanduForm(request.user, request.POST or None, instance=posyandu)
    back = reverse("posyandu:detail", args=[posyandu.pk])
    return form_view(
        request,
        form,
        lambda form: actions.update_posyandu(
            request.user, posyandu, client_uuid=form.cleaned_data["client_uuid"], **form.posyandu_fields()
        ),
        template="form.html",
        context={"title": _("Ubah data posyandu"), "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )


@require_POST
def posyandu_set_status(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    ensure_can_write(request.user, allowed=_is_officer)
    status = request.POST.get("status")
    if status not in PosyanduStatus.values:
        messages.error(request, _("Status tidak dikenal."))
    else:
        actions.set_posyandu_status(request.user, posyandu, PosyanduStatus(status))
        messages.success(
            request, _("Status posyandu diubah menjadi %(s)s.") % {"s": posyandu.get_status_display()}
        )
    return redirect("posyandu:detail", posyandu_id=posyandu.pk)


@require_http_methods(["GET", "POST"])
def posyandu_equipment(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    current = {e.item_id: e for e in posyandu.equipment.all()}
    rows = []
    for item in EquipmentItem.objects.all():
        existing = current.get(item.pk)
        initial = (
            {"count": existing.count, "condition": existing.condition}
            if existing
            else {"count": 0, "condition": "baik"}
        )
        form = EquipmentForm(request.POST or None, prefix=f"item{item.pk}", initial=initial)
        rows.append((item, form))
    submission = IdempotentForm(request.POST or None)
    if request.method == "POST" and submission.is_valid() and all(form.is_valid() for _item, form in rows):
        lines = [
            actions.EquipmentLine(
                item=item, count=form.cleaned_data["count"], condition=form.cleaned_data["condition"]
            )
            for item, form in rows
        ]
        try:
            actions.set_equipment(
                request.user, posyandu, lines, client_uuid=submission.cleaned_data["client_uuid"]
            )
        except ValidationError as exc:
            add_action_errors(submission, exc)
        else:
            messages.success(request, _("Inventaris alat disimpan."))
            return redirect("posyandu:detail", posyandu_id=posyandu.pk)
    return render(
        request,
        "posyandu/equipment_form.html",
        {"posyandu": posyandu, "rows": rows, "submission": submission},
    )


@require_GET
def posyandu_history(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id)
    return render_history(
        request, posyandu, title=str(posyandu), back_url=reverse("posyandu:detail", args=[posyandu.pk])
    )
