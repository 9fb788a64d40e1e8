"""`{% embed_snippet "tren" %}` on a public page: the <iframe> code a kabupaten or desa website pastes to show
that part of the page (public.embeds), with the site's own absolute address."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from public.embeds import PARTS, embed_url

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_snippet(context: Any, part: str) -> SafeString:
    """A "Sematkan" disclosure holding the snippet in a read-only text area (the browser selects and copies
    it; no script)."""
    summary = context["summary"]
    title, height = PARTS[part]
    src = context["request"].build_absolute_uri(embed_url(summary.region.code, part))
    label = f"{title} · {summary.region.display_name}"
    code = (
        f'<iframe src="{escape(src)}" title="{escape(label)}" width="100%" height="{height}" '
        'loading="lazy"></iframe>'
    )
    return render_to_string("public/_embed_snippet.html", {"code": code, "src": src, "part": part})
