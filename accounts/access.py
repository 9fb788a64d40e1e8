"""Access to one object by id: outside the user's scope it is a 404 (indistinguishable from missing); a
user who may not write gets a 403 when asking to write.

Each app's `access.py` defines `access_<thing>(user, id, write=False)` with `access_object` and registers the
URL keyword that carries that thing's id, so the project-wide URL test can find an object for every URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

M = TypeVar("M", bound=models.Model)


# URL keyword → the model whose id it carries (e.g. "posyandu_id" → Posyandu).
URL_ID_MODELS: dict[str, type[models.Model]] = {}


def register_url_id(kwarg: str, model: type[models.Model]) -> None:
    URL_ID_MODELS[kwarg] = model


def ensure_can_write(user: User | AnonymousUser, *, allowed: Callable[[Any], bool] | None = None) -> None:
    if not getattr(user, "can_write", False):
        raise PermissionDenied
    if allowed is not None and not allowed(user):
        raise PermissionDenied


def access_object(
    queryset: models.QuerySet[M],
    user: User | AnonymousUser,
    pk: object,
    *,
    write: bool = False,
) -> M:
    """`queryset` must already be scoped (`Model.objects.visible_to(user)` plus any select_related)."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if write:
        ensure_can_write(user)
    return obj


def access_user(user: User | AnonymousUser, user_id: int) -> User:
    """A login the user manages (`User.objects.visible_to`); managing is writing, so a user who may look
    but not write (read-only, kader, bidan) gets a 403 for a login of their area."""
    from accounts.models import User as UserModel

    qs: models.QuerySet[UserModel] = UserModel.objects.visible_to(user).select_related(
        "region", "posyandu__desa"
    )
    target = access_object(qs, user, user_id)
    ensure_can_write(user, allowed=lambda u: u.can_manage_users)
    return target
