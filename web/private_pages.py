"""Pages shown to a logged-in user are not stored by the browser (`Cache-Control: no-store`).

Two reasons. Kader share phones: a page with a child's data must not be shown again from the cache to the
next user of the phone. And every form carries a client UUID (audit.retries): the browser's Back button must
fetch the form again, with a new UUID, rather than show the old page whose UUID was already used (no-store
also keeps the page out of the back/forward cache), so a correction made after Back is a new submission, not
a refused resubmission. Only HTML is concerned; a response that sets its own Cache-Control (an evidence
photo) keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if html and request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private, max-age=0
        return response
