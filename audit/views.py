"""The history page every audited object has; each app's `<thing>_history` view checks access and calls it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.models import AuditEvent
from web import query


def render_history(request: HttpRequest, obj: models.Model, *, title: str, back_url: str) -> HttpResponse:
    events = AuditEvent.objects.about(obj).select_related("actor")
    page = query.page(request, Paginator(events, 50))
    return render(
        request, "audit/history.html", {"obj": obj, "title": title, "back_url": back_url, "page": page}
    )
