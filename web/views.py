"""The landing page. A kader lands on her posyandu's day (`kader_day`); everyone else, and a kader asking
for the figures (`?ringkasan=1`), on the region dashboard of the user (reports.dashboard) with the registry
counts."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from accounts.models import Role, User
from accounts.scope import scope_of
from people.models import Person
from posyandu.models import KaderMembership, Posyandu
from reports.dashboard import dashboard
from reports.periods import current_month, last_complete_month
from rules import life_stage
from visits.models import OpeningDay, Referral
from web import query


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.KADER and user.posyandu_id and not query.flag(request, "ringkasan", _("Ringkasan")):
        own = Posyandu.objects.visible_to(user).filter(pk=user.posyandu_id)
        posyandu = own.select_related("desa").first()
        if posyandu is not None:
            return render(request, "web/kader_home.html", kader_day(user, posyandu, timezone.localdate()))
    scope = scope_of(user)
    # The current month only when chosen (it is still filling); a month still to come is no month yet.
    month = query.month(request, last_complete_month(), latest=current_month())
    context = dashboard(user, query.region(request), month)
    context.update(
        {
            "posyandu_count": Posyandu.objects.visible_to(user).filter(status="active").count(),
            "kader_count": KaderMembership.objects.visible_to(user)
            .filter(end_date__isnull=True)
            .values("kader_id")
            .distinct()
            .count(),
            "own_posyandu": Posyandu.objects.filter(pk=scope.posyandu_id).first()
            if scope.posyandu_id
            else None,
        }
    )
    return render(request, "web/home.html", context)


def kader_day(user: User, posyandu: Posyandu, today: datetime.date) -> dict[str, Any]:
    """The posyandu day a kader works on: today's opening day if it is open; else the next scheduled date
    (today when the monthly opening day is today) and the last day opened, to finish its entries."""
    days = OpeningDay.objects.visible_to(user).filter(posyandu=posyandu)
    day = days.filter(date=today).first()
    last_day = None if day else days.filter(date__lt=today).order_by("-date").first()
    scheduled = posyandu.next_opening(today)
    return {
        "posyandu": posyandu,
        "today": today,
        "day": day,
        "visitor_count": day.visits.count() if day else 0,
        "last_day": last_day,
        "scheduled": scheduled,
        "open_form": {"date": today.isoformat(), "client_uuid": uuid.uuid4()},
        "referrals_open": Referral.objects.visible_to(user).filter(posyandu=posyandu).open().count(),
        "can_write": user.can_write,
    }


@require_GET
def kms_search(request: AuthedRequest) -> HttpResponse:
    """Children under five of the user's area whose name (or full NIK) matches `q`, each linking to their
    KMS."""
    q = query.text(request, "q")
    today = timezone.localdate()
    found: list[Person] = []
    if len(q) >= 2:
        qs = Person.objects.visible_to(request.user).filter(
            merged_into__isnull=True, status="active", birth_date__gt=life_stage.latest_birth_date(today, 60)
        )
        match = Q(nik=q) if q.isdigit() and len(q) == 16 else Q(name__icontains=q)
        found = list(qs.filter(match).order_by("name", "pk")[:15])
    return render(request, "web/_kms_search.html", {"found": found, "q": q, "today": today})
