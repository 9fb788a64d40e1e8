"""Bodies (Tim Pembina / Pokja), their members, the sector role map and the annual report. Each view: parse,
check access, call one action, render or redirect."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from audit.forms import IdempotentForm
from audit.views import render_history
from pokjanal import actions, pdf
from pokjanal.access import access_body, access_member, access_sector_role, ensure_officer, is_officer
from pokjanal.forms.bodies import BodyForm, MemberForm, SectorRoleForm
from pokjanal.models import (
    OPEN_ACTION_STATUSES,
    ActionOrigin,
    ActionStatus,
    Body,
    Category,
    RakorStatus,
    Sector,
    SectorRole,
)
from pokjanal.regional import actions_in
from pokjanal.regional import annual_report as build_annual_report
from web import query
from web.form_views import form_view


def _can_manage(request: AuthedRequest) -> bool:
    return bool(request.user.can_write and is_officer(request.user))


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    bodies = (
        Body.objects.visible_to(request.user)
        .select_related("region")
        .annotate(
            member_count=Count("members", filter=Q(members__active=True), distinct=True),
            rakor_held=Count(
                "rakor_set",
                filter=Q(rakor_set__status=RakorStatus.HELD, rakor_set__held_on__year=today.year),
                distinct=True,
            ),
            open_actions=Count("actions", filter=Q(actions__status__in=OPEN_ACTION_STATUSES), distinct=True),
            overdue_actions=Count(
                "actions",
                filter=Q(actions__status__in=OPEN_ACTION_STATUSES, actions__due_date__lt=today),
                distinct=True,
            ),
        )
        .order_by("region_id")
    )
    return render(
        request,
        "pokjanal/index.html",
        {"bodies": bodies, "year": today.year, "can_manage": _can_manage(request)},
    )


@require_http_methods(["GET", "POST"])
def body_create(request: AuthedRequest) -> HttpResponse:
    ensure_officer(request.user)
    form = BodyForm(request.user, request.POST or None)
    return form_view(
        request,
        form,
        lambda form: actions.create_body(request.user, **form.cleaned_data),
        template="form.html",
        context={"title": _("Bentuk Tim Pembina / Pokja"), "back_url": reverse("pokjanal:index")},
        redirect_to=lambda body: reverse("pokjanal:body", args=[body.pk]),
        success_message=lambda body: _("%(name)s telah dibentuk.") % {"name": body.name},
    )


@require_GET
def body_detail(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id)
    today = timezone.localdate()
    members = body.members.select_related("user").order_by("-active", "role", "name")
    rakor = list(body.rakor_set.order_by("-starts_at")[:20])
    held_by_year: dict[int, int] = defaultdict(int)
    for year, n in (
        body.rakor_set.filter(status=RakorStatus.HELD)
        .values_list("held_on__year")
        .annotate(n=Count("id"))
        .order_by()
    ):
        held_by_year[year] = n
    years = sorted({today.year, *held_by_year}, reverse=True)[:5]
    scoped = actions_in(body.region_id)
    summary = {
        "open": scoped.open().count(),
        "overdue": scoped.overdue(today).count(),
        "done_this_year": scoped.filter(status=ActionStatus.DONE, done_on__year=today.year).count(),
    }
    real_actions = (
        scoped.filter(origin=ActionOrigin.REAL)
        .exclude(body=body)
        .select_related("body", "region")
        .order_by("-done_on", "-pk")[:10]
    )
    return render(
        request,
        "pokjanal/body_detail.html",
        {
            "body": body,
            "members": members,
            "rakor": rakor,
            "rakor_years": [(y, held_by_year[y]) for y in years],
            "summary": summary,
            "real_actions": real_actions,
            "can_manage": _can_manage(request),
            "year": today.year,
        },
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id, write=True)
    form = BodyForm(request.user, request.POST or None, instance=body)
    back = reverse("pokjanal:body", args=[body.pk])
    # A body keeps its region: the form shows it (disabled), the action does not take it.
    return form_view(
        request,
        form,
        lambda form: actions.update_body(
            request.user, body, **{k: v for k, v in form.cleaned_data.items() if k != "region"}
        ),
        template="form.html",
        context={"title": _("Ubah data tim"), "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )


@require_GET
def body_history(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id)
    return render_history(request, body, title=body.name, back_url=reverse("pokjanal:body", args=[body.pk]))


@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id, write=True)
    form = MemberForm(body, request.POST or None)
    back = reverse("pokjanal:body", args=[body.pk])
    return form_view(
        request,
        form,
        lambda form: actions.add_member(request.user, body, **form.cleaned_data),
        template="form.html",
        context={"title": _("Tambah anggota: %(body)s") % {"body": body.name}, "back_url": back},
        redirect_to=back,
        success_message=_("Anggota ditambahkan."),
    )


@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id, write=True)
    # The title names the member as stored: the bound form writes its input onto `member` when validated.
    title = _("Ubah anggota: %(name)s") % {"name": member.name}
    form = MemberForm(member.body, request.POST or None, instance=member)
    back = reverse("pokjanal:body", args=[member.body_id])
    return form_view(
        request,
        form,
        lambda form: actions.update_member(request.user, member, **form.cleaned_data),
        template="form.html",
        context={"title": title, "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )


@require_http_methods(["GET", "POST"])
def sector_map(request: AuthedRequest, body_id: int) -> HttpResponse:
    """The matrix of sector × pembinaan category with the agreed responsibilities; officers add cells."""
    body = access_body(request.user, body_id, write=request.method == "POST")
    form = SectorRoleForm(request.POST or None)
    cells: dict[str, dict[str, list[SectorRole]]] = defaultdict(lambda: defaultdict(list))
    for role in body.sector_roles.all():
        cells[role.sector][role.category].append(role)
    labels = dict(Sector.choices)
    rows = [
        (labels[sector], [cells[sector][c] for c in Category.values])
        for sector in Sector.values
        if sector in cells
    ]
    return form_view(
        request,
        form,
        lambda form: actions.set_sector_role(request.user, body, **form.cleaned_data),
        template="pokjanal/sector_map.html",
        context={
            "body": body,
            "rows": rows,
            "categories": Category.choices,
            "can_manage": _can_manage(request),
            "remove_form": IdempotentForm(),
        },
        redirect_to=reverse("pokjanal:sector_map", args=[body.pk]),
        success_message=_("Peta peran disimpan."),
    )


@require_POST
def sector_role_remove(request: AuthedRequest, sector_role_id: int) -> HttpResponse:
    role = access_sector_role(request.user, sector_role_id, write=True)
    form = IdempotentForm(request.POST)
    # Not form_view: a button on the sector map (no form page), so a refusal is a message there.
    if form.is_valid():
        try:
            actions.remove_sector_role(request.user, role, client_uuid=form.cleaned_data["client_uuid"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Peran dihapus dari peta."))
    return redirect("pokjanal:sector_map", body_id=role.body_id)


@require_GET
def annual_report(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id)
    today = timezone.localdate()
    year = query.integer(request, "tahun", _("Tahun"), today.year, 2000, today.year)
    if refused := query.refusal(request):
        return refused
    content = pdf.annual_report(build_annual_report(body, year, today))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-tahunan-{body.pk}-{year}.pdf"'
    return response
