"""One posyandu as its Tim Pembina sees it: facts, open problems, visits, needs, funding and strata."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from pokjanal.access import is_officer
from pokjanal.indicators import Period, facts_for, posyandu_day_data_available
from pokjanal.models import (
    Funding,
    Need,
    Problem,
    StrataAssessment,
    SupervisionVisit,
)
from posyandu.access import access_posyandu


@require_GET
def posyandu_overview(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """One posyandu as its Tim Pembina sees it: facts, problems, visits, needs, funding, strata."""
    posyandu = access_posyandu(request.user, posyandu_id)
    today = timezone.localdate()
    facts = facts_for([posyandu.pk], Period.last_12_months(today))[posyandu.pk]
    user = request.user
    return render(
        request,
        "pokjanal/posyandu_overview.html",
        {
            "posyandu": posyandu,
            "facts": facts,
            "day_data": posyandu_day_data_available(),
            "problems": Problem.objects.filter(posyandu=posyandu).open(),
            "visits": SupervisionVisit.objects.filter(posyandu=posyandu)[:5],
            "needs": Need.objects.filter(posyandu=posyandu).select_related("requested_by")[:10],
            "funding": Funding.objects.filter(posyandu=posyandu)[:12],
            "met_needs": Need.objects.filter(posyandu=posyandu).funded()[:5],
            "assessments": StrataAssessment.objects.filter(posyandu=posyandu).order_by("-year"),
            "can_manage": user.can_write and is_officer(user),
            "can_write": user.can_write,
            "year": today.year,
        },
    )
