"""The landing page: the user's region at a glance (issue 5 grows it into the full dashboard)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from posyandu.models import KaderMembership, Posyandu
from regions.models import Region


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    scope = scope_of(user)
    posyandu = Posyandu.objects.visible_to(user).filter(status="active")
    with_kader = posyandu.annotate(n=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
    regions = (
        Region.objects.filter(code__in=scope.region_codes) if not scope.everything else Region.objects.none()
    )
    context = {
        "regions": regions,
        "everything": scope.everything,
        "posyandu_count": posyandu.count(),
        "kader_count": KaderMembership.objects.visible_to(user)
        .filter(end_date__isnull=True)
        .values("kader_id")
        .distinct()
        .count(),
        "under_five_kader": with_kader.filter(n__lt=5).count(),
        "own_posyandu": Posyandu.objects.filter(pk=scope.posyandu_id).first() if scope.posyandu_id else None,
    }
    return render(request, "web/home.html", context)
