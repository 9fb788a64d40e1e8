"""The landing page: the region dashboard of the user (reports.dashboard) with the registry counts."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from posyandu.models import KaderMembership, Posyandu
from reports.dashboard import dashboard


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    scope = scope_of(user)
    context = dashboard(user, request.GET.get("wilayah"), request.GET.get("bulan"))
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
