"""What a user may see, as one filter.

A user's scope is a list of region codes (a region covers everything below it) and, for a kader, one
posyandu. Every list, report, export and dashboard starts from `Model.objects.visible_to(user)`: the model's
queryset is a `ScopedQuerySet` that names its path to a region code and to a posyandu, and `visible_to` is
`filter(scope_q(user, ...))` along those paths. A model whose rows are seen through another model's rows
(an action update through its action) overrides `visible_to` with that one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from accounts.models import Role
from regions.codes import code_is_within, within_any_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_codes: tuple[str, ...] = ()
    posyandu_id: int | None = None

    def covers(self, code: str) -> bool:
        return self.everything or any(code_is_within(code, c) for c in self.region_codes)


NOTHING = Scope()


def scope_of(user: User | AnonymousUser) -> Scope:
    """The user's scope, computed once per user object (a request's user lives for the request)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    cached: Scope | None = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached
    scope = _compute(user)
    user.__dict__["_scope_cache"] = scope  # a per-request memo: the request's user lives for the request
    return scope


class RegionReader:
    """Reads the rows of one region as its officer would, without being anyone: `scope_of` finds the region in
    the memo set here. It has no role and can write nothing; the public pages (public/) pass it to the report
    code (reports.areas) so that it serves them unchanged."""

    is_authenticated = True
    is_active = True

    def __init__(self, code: str) -> None:
        self._scope_cache = Scope(region_codes=(code,))


def _compute(user: User) -> Scope:
    if user.role == Role.ADMIN or user.is_superuser:
        return Scope(everything=True)
    if user.role == Role.KADER:
        if user.posyandu_id is None:
            return NOTHING
        # The request's login comes with its posyandu (`accounts.backends.UserBackend`): no query here.
        desa_code = user.posyandu.desa_id if user.posyandu is not None else None
        return Scope(region_codes=(desa_code,) if desa_code else (), posyandu_id=user.posyandu_id)
    if user.role == Role.BIDAN:
        return Scope(region_codes=tuple(sorted(user.desa_coverage.values_list("code", flat=True))))
    if user.role and user.region_id:
        return Scope(region_codes=(user.region_id,))
    return NOTHING


def scope_q(user: User | AnonymousUser, *, region_field: str, posyandu_field: str | None = None) -> Q:
    """The filter for a model whose region code is at `region_field` and whose posyandu (if it has one) is at
    `posyandu_field`. A kader sees only their posyandu's rows; where a model has no posyandu, their desa."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    if scope.posyandu_id is not None and posyandu_field is not None:
        return Q(**{posyandu_field: scope.posyandu_id})
    return within_any_q(region_field, scope.region_codes)


class ScopedQuerySet(models.QuerySet[_M]):
    """The queryset of a model whose rows lie in a region: `region_field` is the path to the row's region
    code, `posyandu_field` (when the row has a posyandu) the path to its posyandu's id."""

    region_field: ClassVar[str] = "desa_id"
    posyandu_field: ClassVar[str | None] = "posyandu_id"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(scope_q(user, region_field=self.region_field, posyandu_field=self.posyandu_field))
