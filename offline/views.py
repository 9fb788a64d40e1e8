"""The endpoints of the offline posyandu day (docs/offline.md): the WHO tables, the rules as data, the
register a phone prepares, and the sync its records come back through. All answer JSON; for the last two a
session that ended (the phone was offline longer than the idle limit) is a 401 the phone can tell from a
page, not a redirect to the login page."""

from __future__ import annotations

import decimal
import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_GET, require_POST, require_safe

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from offline import actions, prepare, rule_data
from offline import sync as sync_items
from offline.answers import REFUSED, SAVED
from offline.who_tables import document
from posyandu.access import access_posyandu
from visits.actions import rules

COMPACT = {"ensure_ascii": False, "separators": (",", ":")}
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding


def json_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            message = _("Sesi Anda sudah berakhir. Masuk lagi, lalu kirim ulang; catatan di ponsel aman.")
            return JsonResponse({"message": message}, status=401)
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"  # personal data: the phone keeps it in IndexedDB, not a cache
    return response


@json_login_required
@require_GET
@gzip_page
def register(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """The posyandu's register for a phone of a user who may write there; an audited read."""
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    prepared = prepare.build(request.user, posyandu)
    actions.record_register_download(request.user, posyandu, people=prepared.people)
    return _private(JsonResponse(prepared.document, json_dumps_params=COMPACT))


@json_login_required
@require_POST
def sync(request: AuthedRequest) -> HttpResponse:
    """Apply a batch of records made offline, `{"items": [...]}`, and answer each item."""
    ensure_can_write(request.user)
    try:
        body = json.loads(request.body, parse_float=decimal.Decimal)
    except (ValueError, UnicodeDecodeError):
        body = None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        message = _('Kiriman tidak terbaca: kirim JSON {"items": [...]}.')
        return _private(JsonResponse({"message": message}, status=400))
    if len(items) > sync_items.MAX_ITEMS:
        message = _("Paling banyak %(n)d catatan sekali kirim; kirim sisanya sesudahnya.") % {
            "n": sync_items.MAX_ITEMS
        }
        return _private(JsonResponse({"message": message}, status=400))
    answers = sync_items.apply(request.user, items)
    summary = {
        "items": answers,
        "saved": sum(1 for a in answers if a["status"] == SAVED),
        "refused": sum(1 for a in answers if a["status"] == REFUSED),
    }
    return _private(JsonResponse(summary, json_dumps_params=COMPACT))


def _etag(request: HttpRequest) -> str:
    # Weak: the gzip and plain bodies are the same document.
    return f'W/"{document().version}"'


@require_safe
@condition(etag_func=_etag)
def who_tables(request: HttpRequest) -> HttpResponse:
    """The WHO LMS tables for growth.js, gzipped when the client takes it (616 kB → 152 kB; no user data,
    so compressing is safe). The phone may keep it but asks again each time (`no-cache`), which costs a
    304 while the tables are unchanged. Behind the login like every page."""
    tables = document()
    gzipped = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    response = HttpResponse(tables.gzipped if gzipped else tables.body, content_type="application/json")
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_GET
def rules_json(request: AuthedRequest) -> JsonResponse:
    """The rules in force as data, with texts in the user's language, for the phone's evaluator. Any login
    may read them: they are the programme's public rules, and every role can record a visit."""
    return JsonResponse(rule_data.build(rules()), json_dumps_params={"ensure_ascii": False})
