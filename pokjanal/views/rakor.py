"""Coordination meetings (rakor): plan with a generated agenda, hold (attendance and minutes), decisions that
become actions, and the printable invitation and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from pokjanal.access import access_body, access_rakor, is_officer
from pokjanal.forms.rakor import DecisionForm, HoldRakorForm, RakorForm
from pokjanal.models import Rakor, RakorStatus
from pokjanal.regional import build_agenda
from web.form_views import form_view


def _agenda(rakor: Rakor) -> dict[str, Any]:
    """The frozen agenda of a held meeting, or the agenda as it stands today."""
    frozen: dict[str, Any] = rakor.agenda
    if rakor.status == RakorStatus.HELD and frozen:
        return frozen
    return build_agenda(rakor.body, timezone.localdate(), rakor.extra_agenda)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def rakor_create(request: AuthedRequest, body_id: int) -> HttpResponse:
    body = access_body(request.user, body_id, write=True)
    form = RakorForm(
        request.POST or None, initial={"title": _("Rapat Koordinasi %(body)s") % {"body": body.name}}
    )
    back = reverse("pokjanal:body", args=[body.pk])
    return form_view(
        request,
        form,
        lambda form: actions.plan_rakor(request.user, body, **form.cleaned_data),
        template="form.html",
        context={"title": _("Rencanakan rakor"), "back_url": back},
        redirect_to=lambda rakor: reverse("pokjanal:rakor", args=[rakor.pk]),
        success_message=_("Rakor direncanakan; agenda disusun otomatis."),
    )


@require_GET
def rakor_detail(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id)
    decisions = rakor.decisions.prefetch_related("actions__owner_member")
    return render(
        request,
        "pokjanal/rakor_detail.html",
        {
            "rakor": rakor,
            "agenda": _agenda(rakor),
            "attendees": rakor.attendees.order_by("role", "name"),
            "guests": [g for g in rakor.guests.splitlines() if g.strip()],
            "decisions": decisions,
            "can_manage": request.user.can_write and is_officer(request.user),
            "cancel_form": IdempotentForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def rakor_edit(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id, write=True)
    form = RakorForm(request.POST or None, instance=rakor)
    back = reverse("pokjanal:rakor", args=[rakor.pk])
    return form_view(
        request,
        form,
        lambda form: actions.update_rakor(request.user, rakor, **form.cleaned_data),
        template="form.html",
        context={"title": _("Ubah rencana rakor"), "back_url": back},
        redirect_to=back,
        success_message=_("Perubahan disimpan."),
    )


@require_http_methods(["GET", "POST"])
def rakor_hold(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    """Attendance and minutes; the agenda of the day is frozen into the meeting."""
    rakor = access_rakor(request.user, rakor_id, write=True)
    initial = {
        "held_on": rakor.held_on or min(timezone.localdate(), timezone.localtime(rakor.starts_at).date()),
        "attendees": list(rakor.attendees.values_list("pk", flat=True)),
        "guests": rakor.guests,
        "minutes": rakor.minutes,
    }
    form = HoldRakorForm(rakor, request.POST or None, initial=initial)

    def hold(form: HoldRakorForm) -> Rakor:
        data = form.cleaned_data
        return actions.hold_rakor(
            request.user,
            rakor,
            held_on=data["held_on"],
            attendees=data["attendees"],
            guests=data["guests"],
            minutes=data["minutes"],
            agenda=_agenda(rakor),
            client_uuid=data["client_uuid"],
        )

    back = reverse("pokjanal:rakor", args=[rakor.pk])
    return form_view(
        request,
        form,
        hold,
        template="form.html",
        context={"title": _("Catat pelaksanaan: %(t)s") % {"t": rakor.title}, "back_url": back},
        redirect_to=back,
        success_message=_("Rakor tercatat terlaksana; agenda dan notulen disimpan."),
    )


@require_POST
def rakor_cancel(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id, write=True)
    form = IdempotentForm(request.POST)
    # Not form_view: a button on the rakor's page (no form page), so a refusal is a message there.
    if form.is_valid():
        try:
            actions.cancel_rakor(request.user, rakor, client_uuid=form.cleaned_data["client_uuid"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rakor dibatalkan."))
    return redirect("pokjanal:rakor", rakor_id=rakor.pk)


@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id, write=True)
    form = DecisionForm(rakor.body, request.POST or None)
    back = reverse("pokjanal:rakor", args=[rakor.pk])
    return form_view(
        request,
        form,
        lambda form: actions.add_decision(
            request.user,
            rakor,
            text=form.cleaned_data["text"],
            category=form.cleaned_data["category"],
            follow_up=form.follow_up(),
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="form.html",
        context={"title": _("Catat keputusan: %(t)s") % {"t": rakor.title}, "back_url": back},
        redirect_to=back,
        success_message=_("Keputusan dicatat."),
    )


@require_GET
def rakor_invitation(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id)
    members = list(rakor.body.members.filter(active=True).order_by("role", "name"))
    return _pdf_response(pdf.invitation(rakor, members, _agenda(rakor)), f"undangan-rakor-{rakor.pk}.pdf")


@require_GET
def rakor_minutes(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id)
    if rakor.status != RakorStatus.HELD:
        messages.error(request, _("Notulen tersedia setelah rakor terlaksana."))
        return redirect("pokjanal:rakor", rakor_id=rakor.pk)
    decisions = list(rakor.decisions.prefetch_related("actions__owner_member"))
    attendees = list(rakor.attendees.order_by("role", "name"))
    return _pdf_response(pdf.minutes(rakor, attendees, decisions), f"notulen-rakor-{rakor.pk}.pdf")


@require_GET
def rakor_history(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    rakor = access_rakor(request.user, rakor_id)
    return render_history(
        request, rakor, title=rakor.title, back_url=reverse("pokjanal:rakor", args=[rakor.pk])
    )
