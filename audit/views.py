"""The history page every audited object has, and the logged reveal of a masked number; each app's view
checks access and calls them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape

from audit.log import record
from audit.models import READ_VERB_PREFIX, AuditEvent
from rules.personal_data import masked
from web import query

if TYPE_CHECKING:
    from accounts.http import AuthedRequest


def shown_changes(changes: object) -> list[tuple[str, object, object]]:
    """An event's changes as (field, old, new) for a reader: NIK, No. KK and phone numbers masked.

    The event keeps the full values (an un-merge or an inquiry needs them); only what is shown is masked."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, pair in changes.items():
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        # An empty text is shown like a missing value ("—"); False and 0 are values and stay.
        old, new = (None if v == "" else v for v in (old, new))
        rows.append((field, masked(field, old), masked(field, new)))
    return rows


def reveal(
    request: AuthedRequest, obj: models.Model, field: str, *, region_code: str, posyandu_id: int | None = None
) -> HttpResponse:
    """The full value of a masked field (`rules.personal_data`), as an htmx fragment: the one place a full
    NIK, No. KK or phone number is shown. Every reveal is a `view_<field>` audit event (`view_nik`) naming who
    saw whose number; the number itself is not stored in the event. Not cached: kader share phones."""
    record(
        request.user, f"{READ_VERB_PREFIX}{field}", obj, {}, region_code=region_code, posyandu_id=posyandu_id
    )
    response = HttpResponse(escape(getattr(obj, field) or "—"))
    response["Cache-Control"] = "no-store"
    return response


def render_history(request: HttpRequest, obj: models.Model, *, title: str, back_url: str) -> HttpResponse:
    events = AuditEvent.objects.about(obj).select_related("actor")
    page = query.page(request, Paginator(events, 50))
    for event in page.object_list:
        event.shown_changes = shown_changes(event.changes)  # read by the template
    return render(
        request, "audit/history.html", {"obj": obj, "title": title, "back_url": back_url, "page": page}
    )
