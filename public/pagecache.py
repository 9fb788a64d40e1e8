"""A public page kept whole in Django's cache, so that a link shared by a whole village (a burst of a hundred
requests a second) costs a few small queries each, not a page rendering.

The figures a page shows are already kept (public.views); this keeps the rendered answer too, under the same
lifetime, keyed by the address asked (with its host, which the embed snippets name), the language and the
state of the monthly figures (reports.actions.figures_version), so new figures give a new page. The region is
looked up on every request, so a page switched off is gone at once (404), cached or not."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language

from public.views import MAX_AGE_SECONDS, _region
from reports import actions as report_actions

View = Callable[[HttpRequest], HttpResponseBase]


def page_key(request: HttpRequest) -> str:
    report_actions.report_refresh()  # what the page itself does first
    asked = f"{request.get_host()}|{get_language()}|{request.get_full_path()}"
    return f"public-page-{report_actions.figures_version()}-{hashlib.sha256(asked.encode()).hexdigest()}"


def cached_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request)  # which refuses it (405)
        _region(request)  # 404 for a region switched off, before anything cached is given
        key = page_key(request)
        response: HttpResponseBase | None = cache.get(key)
        if response is None:
            response = view(request)
            if response.status_code == 200:
                cache.set(key, response, MAX_AGE_SECONDS)
        return response

    return wrapped
