"""Kader registry pages: people, their memberships in posyandu, their training, and the Kader Lestari list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from audit.views import render_history, reveal
from posyandu import actions
from posyandu.access import access_kader, access_membership
from posyandu.forms import (
    EndMembershipForm,
    KaderForm,
    KaderRegistrationForm,
    MembershipForm,
    TrainingForm,
)
from posyandu.models import Kader, KaderMembership, Posyandu
from regions.codes import within_q
from regions.filters import filter_options
from rules import service as service_rules
from web import query
from web.form_views import form_view


def _visible_kader(request: AuthedRequest) -> tuple[Any, dict[str, str]]:
    """Kader with a current membership in a visible posyandu, filtered by the query string."""
    user = request.user
    current = KaderMembership.objects.visible_to(user).filter(end_date__isnull=True)
    region = query.region(request)
    if region:
        current = current.filter(within_q("posyandu__desa_id", region))
    qs = Kader.objects.visible_to(user).filter(pk__in=current.values("kader_id"))
    q = query.text(request, "q")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nik=q))
    return qs, {"q": q, "wilayah": region or ""}


@require_GET
def kader_list(request: AuthedRequest) -> HttpResponse:
    qs, filters = _visible_kader(request)
    current = KaderMembership.objects.filter(end_date__isnull=True).select_related("posyandu")
    qs = qs.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
    page = query.page(request, Paginator(qs.order_by("name"), 25))
    context = {
        "page": page,
        "filters": filters,
        "query": query.kept(filters),
        "regions": filter_options(request.user),
        "can_create": getattr(request.user, "can_write", False),
    }
    template = "posyandu/_kader_table.html" if request.htmx else "posyandu/kader_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def kader_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    user = request.user
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if user.posyandu_id:
        initial["posyandu"] = user.posyandu_id
    form = KaderRegistrationForm(user, request.POST or None, initial=initial)

    def register(form: KaderRegistrationForm) -> Kader:
        data = form.cleaned_data
        first = actions.FirstMembership(
            posyandu=data["posyandu"],
            start_date=data["start_date"],
            board_role=data["board_role"],
            spm_field_id=data["spm_field"].pk,
        )
        return actions.register_kader(user, form.model_fields(), first, client_uuid=data["client_uuid"])

    response = form_view(
        request,
        form,
        register,
        template="form.html",
        context={"title": _("Daftarkan kader"), "back_url": reverse("posyandu:kader_list")},
        redirect_to=lambda kader: reverse("posyandu:kader_detail", args=[kader.pk]),
        success_message=lambda kader: _("Kader %(name)s telah didaftarkan.") % {"name": kader.name},
    )
    return _with_nik_warnings(request, form, response)


def _with_nik_warnings(request: AuthedRequest, form: KaderForm, response: HttpResponse) -> HttpResponse:
    """After a saved kader (a redirect), the NIK's warnings: stored, but worth a second look."""
    if isinstance(response, HttpResponseRedirect):
        for warning in form.nik_warnings:
            messages.warning(request, warning)
    return response


@require_GET
def kader_detail(request: AuthedRequest, kader_id: int) -> HttpResponse:
    kader = access_kader(request.user, kader_id)
    memberships = list(kader.memberships.select_related("posyandu", "spm_field"))
    today = timezone.localdate()
    service = service_rules.service(((m.start_date, m.end_date) for m in memberships), today)
    return render(
        request,
        "posyandu/kader_detail.html",
        {
            "kader": kader,
            "memberships": memberships,
            "trainings": kader.trainings.all(),
            "service": service,
            "can_write": getattr(request.user, "can_write", False),
            "end_form": EndMembershipForm(initial={"end_date": today}),
        },
    )


@require_GET
def kader_nik(request: AuthedRequest, kader_id: int) -> HttpResponse:
    """Shows the full NIK, logged (`audit.views.reveal`)."""
    kader = access_kader(request.user, kader_id)
    return reveal(request, kader, "nik", region_code=kader.desa_id)


@require_GET
def kader_phone(request: AuthedRequest, kader_id: int) -> HttpResponse:
    """Shows the full phone number, logged (`audit.views.reveal`)."""
    kader = access_kader(request.user, kader_id)
    return reveal(request, kader, "phone", region_code=kader.desa_id)


@require_http_methods(["GET", "POST"])
def kader_edit(request: AuthedRequest, kader_id: int) -> HttpResponse:
    kader = access_kader(request.user, kader_id, write=True)
    form = KaderForm(request.user, request.POST or None, instance=kader)
    back = reverse("posyandu:kader_detail", args=[kader.pk])
    response = form_view(
        request,
        form,
        lambda form: actions.update_kader(
            request.user, kader, form.model_fields(), client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="form.html",
        context={"title": _("Ubah data kader"), "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )
    return _with_nik_warnings(request, form, response)


@require_http_methods(["GET", "POST"])
def membership_create(request: AuthedRequest, kader_id: int) -> HttpResponse:
    kader = access_kader(request.user, kader_id, write=True)
    form = MembershipForm(request.user, request.POST or None, initial={"start_date": timezone.localdate()})

    def add(form: MembershipForm) -> object:
        data = form.cleaned_data
        return actions.add_membership(
            request.user,
            kader,
            data["posyandu"],
            start_date=data["start_date"],
            board_role=data["board_role"],
            spm_field_id=data["spm_field"].pk,
            client_uuid=data["client_uuid"],
        )

    back = reverse("posyandu:kader_detail", args=[kader.pk])
    title = _("Tambah keanggotaan posyandu: %(name)s") % {"name": kader.name}
    return form_view(
        request,
        form,
        add,
        template="form.html",
        context={"title": title, "back_url": back},
        redirect_to=back,
        success_message=_("Keanggotaan ditambahkan."),
    )


@require_http_methods(["GET", "POST"])
def membership_end(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = access_membership(request.user, membership_id, write=True)
    form = EndMembershipForm(request.POST or None, initial={"end_date": timezone.localdate()})
    back = reverse("posyandu:kader_detail", args=[membership.kader_id])
    title = _("Akhiri keanggotaan: %(m)s") % {"m": membership}
    return form_view(
        request,
        form,
        lambda form: actions.end_membership(
            request.user,
            membership,
            form.cleaned_data["end_date"],
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="form.html",
        context={"title": title, "back_url": back},
        redirect_to=back,
        success_message=_("Keanggotaan diakhiri."),
    )


@require_http_methods(["GET", "POST"])
def training_create(request: AuthedRequest, kader_id: int) -> HttpResponse:
    kader = access_kader(request.user, kader_id, write=True)
    form = TrainingForm(request.POST or None)
    back = reverse("posyandu:kader_detail", args=[kader.pk])
    title = _("Catat pelatihan: %(name)s") % {"name": kader.name}
    return form_view(
        request,
        form,
        lambda form: actions.add_training(
            request.user, kader, form.model_fields(), client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="form.html",
        context={"title": title, "back_url": back},
        redirect_to=back,
        success_message=_("Pelatihan dicatat."),
    )


@require_GET
def kader_history(request: AuthedRequest, kader_id: int) -> HttpResponse:
    kader = access_kader(request.user, kader_id)
    return render_history(
        request, kader, title=kader.name, back_url=reverse("posyandu:kader_detail", args=[kader.pk])
    )


@dataclass(frozen=True)
class LestariRow:
    kader: Kader
    service: service_rules.Service
    posyandu: Posyandu


@require_GET
def lestari_list(request: AuthedRequest) -> HttpResponse:
    """Kader Lestari: continuous service of at least 10 (20, 30) years by 31 December of the chosen year."""
    user = request.user
    today = timezone.localdate()
    year = query.integer(request, "tahun", _("Tahun"), today.year, 1990, today.year + 1)
    as_of = datetime.date(year, 12, 31)
    minimum = query.integer(request, "minimal", _("Minimal"), service_rules.MILESTONES[0], 1, 60)
    region = query.region(request)
    memberships = KaderMembership.objects.visible_to(user).filter(start_date__lte=as_of)
    if region:
        memberships = memberships.filter(within_q("posyandu__desa_id", region))
    kader_ids = memberships.values("kader_id")
    rows: list[LestariRow] = []
    qs = Kader.objects.filter(pk__in=kader_ids).prefetch_related(
        Prefetch("memberships", queryset=KaderMembership.objects.select_related("posyandu__desa"))
    )
    for kader in qs.order_by("name"):
        service = service_rules.service(((m.start_date, m.end_date) for m in kader.memberships.all()), as_of)
        if service.active and service.years >= minimum:
            latest = max(kader.memberships.all(), key=lambda m: m.start_date)
            rows.append(LestariRow(kader=kader, service=service, posyandu=latest.posyandu))
    rows.sort(key=lambda r: (-r.service.years, r.kader.name))
    return render(
        request,
        "posyandu/lestari.html",
        {
            "rows": rows,
            "year": year,
            "minimum": minimum,
            "milestones": service_rules.MILESTONES,
            "region": region or "",
            "regions": filter_options(user),
            "rule_version": service_rules.RULE_VERSION,
        },
    )
