"""Actions (rencana aksi / rencana tindak lanjut): lists with the overdue ones standing out, creation from a
problem or by hand with the owner suggested by the sector role map, follow-up with evidence, aksi nyata
reported by lower bodies, and the access-checked evidence download."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthedRequest
from audit.views import render_history
from pokjanal import actions
from pokjanal.access import access_action, access_body, access_evidence, access_problem, is_officer
from pokjanal.forms.actions import ActionForm, FollowUpForm, RealActionForm
from pokjanal.models import (
    Action,
    ActionOrigin,
    ActionStatus,
    ActionUpdate,
    Category,
    Problem,
)
from regions.codes import within_q
from regions.filters import filter_options
from web import query
from web.form_views import form_view


def _problem_from_query(request: AuthedRequest) -> Problem | None:
    """The problem the action is planned for: `?masalah=` pre-fills the form (an unknown one with a notice);
    once sent, it must be a problem the user may see (else 404)."""
    if request.method != "POST":
        problems = Problem.objects.visible_to(request.user)
        return query.choose(request, "masalah", _("Masalah"), problems, shown=_("rencana tanpa masalah"))
    raw = query.raw(request, "masalah") or request.POST.get("problem")
    if not raw or not raw.isdigit():
        return None
    return access_problem(request.user, int(raw))


def _action_url(action: Action) -> str:
    return reverse("pokjanal:action", args=[action.pk])


@require_GET
def action_list(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = Action.objects.visible_to(request.user).select_related("body", "region", "owner_member", "posyandu")
    status = query.choice(
        request, "status", _("Status"), ["terbuka", "terlambat", "semua", *ActionStatus.values], "terbuka"
    )
    region = query.region(request)
    if status == "terbuka":
        qs = qs.open()
    elif status == "terlambat":
        qs = qs.overdue(today)
    elif status in ActionStatus.values:
        qs = qs.filter(status=status)
    origin = query.choice(request, "asal", _("Asal"), ActionOrigin.values, "")
    if origin in ActionOrigin.values:
        qs = qs.filter(origin=origin)
    if region:
        qs = qs.filter(within_q("region_id", region) | within_q("body__region_id", region))
    page = query.page(request, Paginator(qs.with_overdue(today).order_by("due_date", "pk"), 25))
    filters = {"status": status, "asal": origin, "wilayah": region or ""}
    return render(
        request,
        "pokjanal/action_list.html",
        {
            "page": page,
            "today": today,
            "filters": filters,
            "query": query.kept(filters),
            "statuses": ActionStatus.choices,
            "origins": ActionOrigin.choices,
            "regions": filter_options(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def action_create(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id, write=True)
    problem = _problem_from_query(request)
    initial: dict[str, Any] = {}
    if problem is not None:
        sector, member = actions.suggest_owner(body, problem.category)
        initial = {
            "description": problem.description or problem.get_kind_display(),
            "category": problem.category,
            "posyandu": problem.posyandu_id,
            "owner_sector": sector,
            "owner_member": member.pk if member else None,
        }
    elif category := query.choice(request, "kategori", _("Kategori"), Category.values, ""):
        sector, member = actions.suggest_owner(body, category)
        initial = {
            "category": category,
            "owner_sector": sector,
            "owner_member": member.pk if member else None,
        }
    form = ActionForm(body, request.POST or None, initial=initial)
    back = reverse("pokjanal:body", args=[body.pk])
    return form_view(
        request,
        form,
        lambda form: actions.create_action(
            request.user,
            body,
            **form.action_fields(),
            origin=ActionOrigin.PROBLEM if problem is not None else ActionOrigin.PLAN,
            problem=problem,
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="form.html",
        context={"title": _("Rencana aksi baru: %(b)s") % {"b": body.name}, "back_url": back},
        redirect_to=_action_url,
        success_message=_("Rencana aksi dibuat."),
    )


@require_GET
def action_detail(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = access_action(request.user, action_id)
    today = timezone.localdate()
    return render(
        request,
        "pokjanal/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue(today),
            "updates": action.updates.select_related("by").prefetch_related("evidence"),
            "evidence": action.evidence.all(),
            "can_follow_up": request.user.can_write and is_officer(request.user) and action.is_open,
        },
    )


@require_http_methods(["GET", "POST"])
def action_follow_up(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = access_action(request.user, action_id, write=True)
    form = FollowUpForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": action.status, "date": timezone.localdate()},
    )

    def follow_up(form: FollowUpForm) -> ActionUpdate:
        data = form.cleaned_data
        return actions.follow_up_action(
            request.user,
            action,
            status=data["status"],
            note=data["note"],
            date=data["date"],
            files=data["evidence_files"],
            caption=data["caption"],
            client_uuid=data["client_uuid"],
        )

    back = _action_url(action)
    return form_view(
        request,
        form,
        follow_up,
        template="pokjanal/upload_form.html",
        context={"title": _("Tindak lanjut: %(a)s") % {"a": action}, "back_url": back},
        redirect_to=back,
        success_message=_("Tindak lanjut dicatat."),
    )


@require_http_methods(["GET", "POST"])
def real_action_create(request: AuthedRequest, body_id: int) -> HttpResponse:
    """An aksi nyata the body reports (it appears in the view of every body above)."""
    body = access_body(request.user, body_id, write=True)
    form = RealActionForm(
        body, request.POST or None, request.FILES or None, initial={"done_on": timezone.localdate()}
    )
    back = reverse("pokjanal:body", args=[body.pk])
    return form_view(
        request,
        form,
        lambda form: actions.report_real_action(
            request.user,
            body,
            **form.action_fields(),
            files=form.cleaned_data["evidence_files"],
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="pokjanal/upload_form.html",
        context={"title": _("Laporkan aksi nyata: %(b)s") % {"b": body.name}, "back_url": back},
        redirect_to=_action_url,
        success_message=_("Aksi nyata dilaporkan."),
    )


@require_GET
def evidence_file(request: AuthedRequest, evidence_id: int) -> FileResponse:
    """The file of an evidence record, only to users who may see its action."""
    evidence = access_evidence(request.user, evidence_id)
    if not default_storage.exists(evidence.path):
        raise Http404
    response = FileResponse(
        default_storage.open(evidence.path, "rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def action_history(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = access_action(request.user, action_id)
    return render_history(
        request, action, title=str(action), back_url=reverse("pokjanal:action", args=[action.pk])
    )
