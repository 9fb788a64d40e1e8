"""The SATUSEHAT pages: per posyandu and month how many visits are sent, pending or failed; one posyandu's
visits with the answer of each; one visit's Bundle as JSON (a logged read of personal data).

For the bidan and the officers (Pokja, Tim Pembina, administrators): sending is the puskesmas's work, and a
kader has nothing to do with its answers."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import access_object
from accounts.http import AuthedRequest
from exchange.satusehat import actions
from exchange.satusehat.access import may_see_submissions
from exchange.satusehat.bundle import NotSendable, build_bundle
from exchange.satusehat.connection import NAMES, org_id_or_placeholder
from exchange.satusehat.models import Facility, Submission, SubmissionStatus
from exchange.satusehat.push import reason_text
from exchange.satusehat.reading import exported, visit_data
from posyandu.access import access_posyandu
from visits.models import Visit
from web import query

SENT_NOW = Q(satusehat_submission__status=SubmissionStatus.SENT) & Q(
    updated_at__lte=F("satusehat_submission__visit_updated_at")
)
NOT_SENT = Q(satusehat_submission__status__in=[SubmissionStatus.FAILED, SubmissionStatus.BLOCKED])


def _ensure_may_see(user: Any) -> None:
    if not may_see_submissions(user):
        raise PermissionDenied


@dataclass(frozen=True)
class MonthRow:
    posyandu_id: int
    posyandu_name: str
    month: datetime.date
    total: int
    sent: int
    failed: int

    @property
    def pending(self) -> int:
        return self.total - self.sent - self.failed


@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    _ensure_may_see(request.user)
    month = query.month_or_all(request)
    visits = exported(Visit.objects.visible_to(request.user))
    if month is not None:
        visits = visits.filter(month=month)
    grouped = (
        visits.values("posyandu_id", "posyandu__name", "month")
        .annotate(total=Count("pk"), sent=Count("pk", filter=SENT_NOW), failed=Count("pk", filter=NOT_SENT))
        .order_by("-month", "posyandu__name", "posyandu_id")
    )
    page = query.page(request, Paginator(grouped, 50))
    page.object_list = [
        MonthRow(r["posyandu_id"], r["posyandu__name"], r["month"], r["total"], r["sent"], r["failed"])
        for r in page.object_list
    ]
    context = {
        "page": page,
        "month": month,
        "query": query.kept({"bulan": f"{month:%Y-%m}" if month else ""}),
        "facilities": Facility.objects.visible_to(request.user).count(),
        "variables": NAMES,
    }
    return render(request, "satusehat/overview.html", context)


@dataclass(frozen=True)
class VisitRow:
    visit: Visit
    submission: Submission | None

    @property
    def state(self) -> str:
        sub = self.submission
        if sub is None:
            return _("Belum dikirim")
        if sub.is_sent and self.visit.updated_at > sub.visit_updated_at:
            return _("Diperbaiki, menunggu kirim ulang")
        return sub.get_status_display()

    @property
    def problem(self) -> str:
        sub = self.submission
        if sub is None or sub.is_sent:
            return ""
        return sub.error or reason_text(sub.reason)


@require_GET
def posyandu_visits(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id)
    _ensure_may_see(request.user)
    month = query.month_or_all(request)
    visits = exported(Visit.objects.visible_to(request.user).filter(posyandu=posyandu))
    if month is not None:
        visits = visits.filter(month=month)
    visits = visits.select_related("person", "satusehat_submission").order_by("-date", "person__name", "pk")
    page = query.page(request, Paginator(visits, 50))
    page.object_list = [VisitRow(v, getattr(v, "satusehat_submission", None)) for v in page.object_list]
    context = {
        "posyandu": posyandu,
        "page": page,
        "month": month,
        "query": query.kept({"bulan": f"{month:%Y-%m}" if month else ""}),
    }
    return render(request, "satusehat/posyandu_visits.html", context)


@require_GET
def visit_bundle(request: AuthedRequest, visit_id: int) -> HttpResponse:
    """The Bundle the visit is sent as, built now from its current data, as a JSON download. A visit that is
    not sent (an adult's, or one that cannot be: no NIK, no puskesmas mapped) goes back to its posyandu's page
    with the reason."""
    visit = access_object(
        Visit.objects.visible_to(request.user).select_related("person", "posyandu"), request.user, visit_id
    )
    _ensure_may_see(request.user)
    back = reverse("satusehat:posyandu", kwargs={"posyandu_id": visit.posyandu_id})
    if not exported(Visit.objects.filter(pk=visit.pk)).exists():
        messages.info(
            request, _("Kunjungan ini tidak dikirim ke SATUSEHAT (hanya anak balita dan ibu hamil).")
        )
        return redirect(back)
    submission = Submission.objects.filter(visit=visit).first()
    org_id = _org_id(submission)
    try:
        bundle = build_bundle(visit_data(visit, Facility.objects.for_desa(visit.desa_id)), org_id=org_id)
    except NotSendable as refusal:
        messages.warning(request, reason_text(refusal.reason))
        return redirect(back)
    actions.record_bundle_read(user=request.user, visit=visit)
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2), content_type="application/fhir+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="satusehat-kunjungan-{visit.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _org_id(submission: Submission | None) -> str:
    """The sender's Organization id of the identifiers: the one the visit was last sent with, else the
    configured one (environment), else a visible placeholder."""
    if submission is not None and submission.bundle:
        system = submission.bundle["entry"][1]["resource"]["identifier"][0]["system"]
        return str(system).rsplit("/", 1)[-1]
    return org_id_or_placeholder()
