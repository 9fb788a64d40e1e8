"""The offline day's downloads (docs/offline.md)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import condition, require_safe

from offline.who_tables import document

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding


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
