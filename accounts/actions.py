"""Writes to user accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ROLE_REGION_LEVEL, Role, User
from audit import log

if TYPE_CHECKING:
    from posyandu.models import Posyandu
    from regions.models import Region


@transaction.atomic
def create_user(
    actor: User | None,
    *,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    region: Region | None = None,
    posyandu: Posyandu | None = None,
    desa: Iterable[Region] = (),
    read_only: bool = False,
) -> User:
    """A login with its scope; the role decides which of region / posyandu / desa it needs."""
    desa = list(desa)
    if role == Role.KADER and posyandu is None:
        raise ValidationError(_("Pengguna kader harus terhubung ke satu posyandu."))
    if role == Role.BIDAN and not desa:
        raise ValidationError(_("Pengguna bidan harus punya minimal satu desa wilayah kerja."))
    if role in ROLE_REGION_LEVEL and (region is None or region.level != ROLE_REGION_LEVEL[role]):
        raise ValidationError(_("Wilayah tidak sesuai dengan tingkat peran."))
    first, _sep, last = full_name.partition(" ")
    user = User(
        username=username,
        role=role,
        region=region,
        posyandu=posyandu,
        read_only=read_only,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    region_code = region.code if region else (posyandu.desa_id if posyandu else "")
    user = log.create(
        actor, "create_user", user, region_code=region_code, posyandu_id=posyandu.pk if posyandu else None
    )
    if desa:
        user.desa_coverage.set(desa)
    return user
