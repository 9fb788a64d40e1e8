"""The region filter offered on list pages: regions one and two levels below the user's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from accounts.scope import scope_of
from regions.codes import is_region_code, level_of, within_any_q
from regions.models import Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def filter_options(user: User | AnonymousUser) -> list[Region]:
    scope = scope_of(user)
    if scope.everything:
        return list(Region.objects.filter(level__lte=2).only("code", "name", "level", "kind"))
    if not scope.region_codes:
        return []
    top = min(level_of(c) for c in scope.region_codes)
    return list(
        Region.objects.filter(within_any_q("code", scope.region_codes))
        .filter(Q(level__gte=top, level__lte=top + 2))
        .only("code", "name", "level", "kind")
    )


def selected_region_code(user: User | AnonymousUser, raw: str | None) -> str | None:
    """A region code from a query string if it is well formed and inside the user's scope."""
    code = (raw or "").strip()
    if not code or not is_region_code(code):
        return None
    return code if scope_of(user).covers(code) else None
