"""The share tags of the public pages: a region page's Open Graph / Twitter card and its "Bagikan" links."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from public import cards
from public.card_views import card_url
from public.summary import PublicSummary

register = template.Library()


@register.inclusion_tag("public/_share_meta.html", takes_context=True)
def share_meta(context: dict[str, Any]) -> dict[str, Any]:
    """og:/twitter: tags for the figure `?angka=` names on the region page (the summary card otherwise)."""
    request = context["request"]
    summary: PublicSummary = context["summary"]
    kind = request.GET.get("angka", "")
    kind = kind if kind in cards.KINDS else "ringkasan"
    return {
        "title": summary.region.display_name,
        "description": description(summary, kind),
        "image": request.build_absolute_uri(card_url(summary, kind)),
        "url": request.build_absolute_uri(),
        "width": cards.WIDTH,
        "height": cards.HEIGHT,
    }


def description(summary: PublicSummary, kind: str) -> str:
    """The month and the figures the card shows, for the preview under a pasted link."""
    card = cards.region_card(summary, kind, timezone.localdate())
    return " · ".join([cards.month_line(summary), *(f"{f.label}: {f.value}" for f in card.figures)])


@register.simple_tag
def share_url(summary: PublicSummary, kind: str) -> str:
    params = QueryDict(mutable=True)
    params.update({"wilayah": summary.region.code, "bulan": f"{summary.month:%Y-%m}", "angka": kind})
    return f"{reverse('public:share')}?{params.urlencode()}"


@register.simple_tag
def posyandu_card_url(summary: PublicSummary, key: str) -> str:
    params = QueryDict(mutable=True)
    params.update({"posyandu": key, "bulan": f"{summary.month:%Y-%m}"})
    return f"{reverse('public:card_posyandu')}?{params.urlencode()}"
