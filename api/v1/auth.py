"""Token authentication and rate limits of the API.

A request carries `Authorization: Bearer <secret>`. The token found by the secret's sha256 becomes
`request.auth` and its user `request.user`, so every scope rule of the app (`visible_to(user)`,
`accounts.access`) applies as on the pages. A missing, wrong, revoked or expired token, or one whose user
was deactivated, is a 401. Failed checks of a token sent are counted per address and refused with a 429 beyond
`API_FAILURES_PER_MINUTE`; they never count towards the login lock (django-axes), so someone guessing
tokens cannot lock a kader out of her login. Requests with a token are limited per token to
`API_REQUESTS_PER_MINUTE`. Both counts live in Django's cache, which production shares between the server's
workers (the database cache); two workers answering at the same instant may let one request past a limit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from api import actions, token_secrets
from api.models import ApiToken

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _failure_key(request: HttpRequest) -> str:
    return f"api-auth-failures:{client_address(request)}"


def _count_failure(request: HttpRequest) -> None:
    key = _failure_key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)


def _too_many_failures(request: HttpRequest) -> bool:
    return int(cache.get(_failure_key(request), 0)) >= settings.API_FAILURES_PER_MINUTE


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        if _too_many_failures(request):
            raise Throttled(wait=WINDOW_SECONDS)
        found = super().__call__(request)
        if found is None and self.header in request.headers:
            _count_failure(request)  # a token was tried; a request without one guesses nothing
        return found

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.usable()
            .select_related("user", "user__posyandu", "user__region")
            .filter(secret_sha256=token_secrets.digest(token.strip()))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        actions.mark_used(found)
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """At most `API_REQUESTS_PER_MINUTE` requests a minute per token (read when each request comes, so a
    changed setting applies without a restart of the throttle)."""

    scope = "api-token"

    def __init__(self) -> None:
        super().__init__("1/m")  # replaced from the settings at every request

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = settings.API_REQUESTS_PER_MINUTE, WINDOW_SECONDS
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"api-throttle:{token.pk}" if isinstance(token, ApiToken) else None
