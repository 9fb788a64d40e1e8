"""A public page's charts and tables, one at a time, to embed in a kabupaten's or a desa's own website (an
<iframe>): the same figures with the same hidden small numbers (public.summary through public.views), on a
page with no navigation that any site may frame.

Every other page refuses framing (X_FRAME_OPTIONS = "DENY" and the policy's `frame-ancestors 'none'`, in
config/settings.py); only this view lifts both, for its own answers. Its 404 (a region switched off, or no
such region) is the ordinary one, which still refuses framing."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from public.pagecache import cached_page
from public.views import _public, _region, _summary
from rules import disclosure
from web import query

# What can be embedded: the part's name in `?bagian=`, its title, and the iframe's height in the snippet.
PARTS: dict[str, tuple[Any, int]] = {
    "ringkasan": (gettext_lazy("Penimbangan dan gizi balita bulan ini"), 360),
    "wilayah": (gettext_lazy("Angka per wilayah"), 520),
    "tren": (gettext_lazy("Tren 12 bulan"), 560),
}
# Any site may frame an embed: a desa website is often on plain http, and its address is not known here.
FRAMED_BY_ANYONE = {"frame-ancestors": ["*"]}


def embed_url(code: str, part: str) -> str:
    """The embed's path, without a month: an embedded chart follows the latest month by itself."""
    return f"{reverse('public:embed')}?{query.kept({'wilayah': code, 'bagian': part}).urlencode()}"


@login_not_required
@require_GET
@cached_page
@xframe_options_exempt
@csp_replace(FRAMED_BY_ANYONE)
def embed(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    part = query.choice(request, "bagian", _("Bagian"), tuple(PARTS), "ringkasan")
    summary = _summary(request, region)
    context: dict[str, Any] = {
        "summary": summary,
        "part": part,
        "title": PARTS[part][0],
        "bulan": f"{summary.month:%Y-%m}",
        "suppressed": disclosure.SUPPRESSED,
        "min_children": disclosure.MIN_CHILDREN,
        "licence": settings.PUBLIC_DATA_LICENCE,
        "extracted": timezone.localdate(),
    }
    return _public(render(request, "public/embed.html", context))
