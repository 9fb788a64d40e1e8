"""Results kept in Django's cache under the state they were computed from: a page that reads thousands of
rows (a province's 10,000 posyandu) computes them once, and any change of that state (the figures' version,
the last audited write, the rule sets in force, the user's scope) names another key, so nothing is ever
invalidated by hand and nothing stale is read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

_T = TypeVar("_T")
KEPT_SECONDS = 3600  # a result unused this long leaves the cache


def kept(name: str, state: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
    """`compute()`, or what it gave before for the same `state` (values whose repr names them exactly)."""
    key = f"kept-{name}-{hashlib.sha256(repr(state).encode()).hexdigest()}"
    value: _T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=KEPT_SECONDS)
    return value
