"""The share cards of the public pages (issue 17): a figure's PNG, the kartu posyandu, the share page with its
short link, and the short link itself. Open without a login, like the public pages, and as public: a card is
kept in Django's cache, keyed by the state of the monthly figures, so it is drawn again when they change."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from posyandu.models import Posyandu, PosyanduStatus
from public import cards, shortlinks
from public.models import card_message, is_public
from public.summary import PublicSummary
from public.views import MAX_AGE_SECONDS, _public, _region, _summary
from reports.actions import figures_version
from web import query

CARD_LANGUAGE = "id"  # a card is posted in Indonesian village groups, whatever the language of the browser


def _png(key: str, draw: Any) -> HttpResponse:
    png: bytes | None = cache.get(key)
    if png is None:
        with translation.override(CARD_LANGUAGE):
            png = cards.render(draw()).png
        cache.set(key, png, MAX_AGE_SECONDS)
    return _public(HttpResponse(png, content_type="image/png"))


def _kind(request: HttpRequest) -> str:
    return query.choice(request, "angka", _("Angka"), cards.KINDS, "ringkasan")


@login_not_required
@require_GET
def region_card(request: HttpRequest) -> HttpResponse:
    """`?wilayah=&bulan=&angka=`: the card of one headline figure of a region's public page."""
    region = _region(request)
    kind = _kind(request)
    summary = _summary(request, region)
    today = timezone.localdate()
    key = f"public-card-{region.code}-{summary.month:%Y-%m}-{kind}-{today}-{figures_version()}"
    return _png(key, lambda: cards.region_card(summary, kind, today))


@login_not_required
@require_GET
def posyandu_card(request: HttpRequest) -> HttpResponse:
    """`?posyandu=&bulan=`: the kartu posyandu, when the public page of its desa is on."""
    pk = query.raw(request, "posyandu")
    found = (
        Posyandu.objects.filter(pk=int(pk), status=PosyanduStatus.ACTIVE).select_related("desa").first()
        if pk.isdigit() and len(pk) < 10
        else None
    )
    if found is None or not is_public(found.desa):
        raise Http404
    desa = found.desa
    summary = _summary(request, desa)
    row = next((r for r in summary.rows if r.key == str(found.pk)), None)
    if row is None:
        raise Http404
    today = timezone.localdate()
    day = found.next_opening(today)
    message = card_message([desa.code, *reversed([a.code for a in desa.ancestors()])])
    digest = hashlib.sha256(f"{message}|{found.opening_time}".encode()).hexdigest()[:12]
    key = f"public-card-p{found.pk}-{summary.month:%Y-%m}-{today}-{digest}-{figures_version()}"
    return _png(key, lambda: cards.posyandu_card(summary, row, day, found.opening_time, message, today))


def card_url(summary: PublicSummary, kind: str) -> str:
    params = QueryDict(mutable=True)
    params.update({"wilayah": summary.region.code, "bulan": f"{summary.month:%Y-%m}", "angka": kind})
    return f"{reverse('public:card_region')}?{params.urlencode()}"


@login_not_required
@require_GET
def share(request: HttpRequest) -> HttpResponse:
    """`?wilayah=&bulan=&angka=`: the card, its short link and the links to share it."""
    region = _region(request)
    kind = _kind(request)
    summary = _summary(request, region)
    month = summary.month if query.raw(request, "bulan") else None
    short = request.build_absolute_uri(shortlinks.path_for(shortlinks.code_for(region.code, kind, month)))
    context = {
        "summary": summary,
        "kind": kind,
        "image": card_url(summary, kind),
        "short": short,
        "whatsapp": f"https://wa.me/?text={quote(short, safe='')}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(short, safe='')}",
    }
    return _public(render(request, "public/share.html", context))


@login_not_required
@require_GET
def short_link(request: HttpRequest) -> HttpResponse:
    """`/p?<code>`: the public page the code stands for (public.shortlinks)."""
    parsed = shortlinks.parse(request.META.get("QUERY_STRING", ""))
    if parsed is None:
        raise Http404
    region_code, kind, month = parsed
    params = QueryDict(mutable=True)
    params.update({"wilayah": region_code, "angka": kind})
    if month:
        params["bulan"] = month
    return redirect(f"{reverse('public:region')}?{params.urlencode()}")
