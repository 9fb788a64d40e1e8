"""Sessions that end after a time without use, not a fixed time after login."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

# The session is written again (moving its expiry on by SESSION_COOKIE_AGE) at most once a minute, instead of
# on every request as SESSION_SAVE_EVERY_REQUEST would: an idle limit of minutes needs no finer clock, and a
# page of report requests should not each write the session table.
REFRESH_SECONDS = 60
_SEEN = "_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - int(session.get(_SEEN, 0)) >= REFRESH_SECONDS:
                session[_SEEN] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)


@receiver(user_logged_in)
def _seen_at_login(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """Logging in saves the session anyway: its first minute needs no second write."""
    if request is not None and hasattr(request, "session"):
        request.session[_SEEN] = int(time.time())
