"""Writes to user accounts, and the one place that decides who may grant what.

A login's role decides which area it needs (`ROLE_REGION_LEVEL`: a region of that level; a kader one
posyandu; a bidan a set of desa). An administrator manages every login; an officer (Pokja desa, Tim Pembina)
who may write manages the logins whose scope lies within their region, and grants only roles that reach no
higher than their own (`ROLE_REACH`) and areas within their own region, so nobody grants more than they
hold, themselves included. `actor=None` is the system (fixtures, the demo seed, benchmarks): it passes the
level rule but neither the officer's limits nor the password validators.

Audit events never carry a password or its hash (`audit.log` skips the field): a password write is recorded
by its verb alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ROLE_REACH, ROLE_REGION_LEVEL, Role, User
from accounts.scope import scope_of
from audit import log
from audit.retries import idempotent
from regions.codes import common_ancestor
from regions.models import Level

if TYPE_CHECKING:
    from posyandu.models import Posyandu
    from regions.models import Region


def _area_codes(
    role: Role, region: Region | None, posyandu: Posyandu | None, desa: list[Region]
) -> list[str]:
    """The region codes a login of `role` with this area would cover (empty for an administrator)."""
    if role == Role.KADER:
        return [posyandu.desa_id] if posyandu is not None else []
    if role == Role.BIDAN:
        return sorted(d.code for d in desa)
    return [region.code] if region is not None and role in ROLE_REGION_LEVEL else []


def _audit_region(codes: list[str]) -> str:
    """The narrowest region holding all of `codes` (a bidan's desa may span kecamatan)."""
    return common_ancestor(codes)


def _ensure_manages(actor: User | None, target: User | None = None) -> None:
    """Only an administrator or an officer who may write manages logins, and only those of their area."""
    if actor is None:
        return
    if not actor.can_manage_users:
        raise PermissionDenied
    if target is not None and not User.objects.visible_to(actor).filter(pk=target.pk).exists():
        raise ValidationError(_("Pengguna ini berada di luar wilayah Anda."))


def _check_grant(
    actor: User | None, role: Role, region: Region | None, posyandu: Posyandu | None, desa: list[Region]
) -> None:
    """The role's area has the level the role needs, and the actor holds the role's reach and the area."""
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    role = Role(role)
    if role == Role.KADER and posyandu is None:
        raise ValidationError({"posyandu": _("Pengguna kader harus terhubung ke satu posyandu.")})
    if role == Role.BIDAN and not desa:
        raise ValidationError({"desa": _("Pengguna bidan harus punya minimal satu desa wilayah kerja.")})
    if role == Role.BIDAN and any(d.level != Level.DESA for d in desa):
        raise ValidationError({"desa": _("Wilayah kerja bidan harus berupa desa/kelurahan.")})
    if role in ROLE_REGION_LEVEL and (region is None or region.level != ROLE_REGION_LEVEL[role]):
        raise ValidationError(
            {
                "region": _("Peran %(role)s memerlukan wilayah tingkat %(level)s.")
                % {"role": role.label, "level": Level(ROLE_REGION_LEVEL[role]).label}
            }
        )
    if actor is None:
        return
    if ROLE_REACH[role] < ROLE_REACH[Role(actor.role)]:
        raise ValidationError(
            {"role": _("Anda tidak dapat memberikan peran yang lebih tinggi dari peran Anda.")}
        )
    scope = scope_of(actor)
    if not all(scope.covers(code) for code in _area_codes(role, region, posyandu, desa)):
        field = {Role.KADER: "posyandu", Role.BIDAN: "desa"}.get(role, "region")
        raise ValidationError({field: _("Wilayah ini berada di luar wilayah Anda.")})


def _check_password(actor: User | None, password: str, user: User) -> None:
    if actor is None:
        return
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def _split_name(full_name: str) -> tuple[str, str]:
    first, _sep, last = full_name.strip().partition(" ")
    return first[:150], last.strip()[:150]


@transaction.atomic
@idempotent
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
    phone: str = "",
    client_uuid: uuid.UUID | None = None,
) -> User:
    """A login with its scope; the role decides which of region / posyandu / desa it keeps."""
    desa = list(desa) if role == Role.BIDAN else []
    region = region if role in ROLE_REGION_LEVEL else None
    posyandu = posyandu if role == Role.KADER else None
    _ensure_manages(actor)
    _check_grant(actor, role, region, posyandu, desa)
    first, last = _split_name(full_name)
    user = User(
        username=username.strip(),
        role=role,
        region=region,
        posyandu=posyandu,
        read_only=read_only,
        first_name=first,
        last_name=last,
        phone=phone,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    _check_password(actor, password, user)
    user.set_password(password)
    return log.create(
        actor,
        "create_user",
        user,
        region_code=_audit_region(_area_codes(role, region, posyandu, desa)),
        m2m={"desa_coverage": desa},
        client_uuid=client_uuid,
    )


@transaction.atomic
def update_user(
    actor: User,
    user: User,
    *,
    role: Role,
    full_name: str,
    region: Region | None = None,
    posyandu: Posyandu | None = None,
    desa: Iterable[Region] = (),
    read_only: bool = False,
    phone: str = "",
) -> User:
    """Change a login's name, role, area and read-only flag. An officer editing their own login may narrow
    their scope but never widen it: the same limits apply as to anyone else's."""
    desa = list(desa) if role == Role.BIDAN else []
    region = region if role in ROLE_REGION_LEVEL else None
    posyandu = posyandu if role == Role.KADER else None
    _ensure_manages(actor, user)
    _check_grant(actor, role, region, posyandu, desa)
    first, last = _split_name(full_name)
    return log.update(
        actor,
        "update_user",
        user,
        {
            "role": role,
            "region": region,
            "posyandu": posyandu,
            "desa_coverage": desa,
            "read_only": read_only,
            "first_name": first,
            "last_name": last,
            "phone": phone,
            "is_staff": role == Role.ADMIN,
            "is_superuser": role == Role.ADMIN,
        },
        region_code=_audit_region(_area_codes(role, region, posyandu, desa)),
    )


def _user_region(user: User) -> str:
    desa = list(user.desa_coverage.all()) if user.role == Role.BIDAN else []
    return _audit_region(_area_codes(Role(user.role), user.region, user.posyandu, desa)) if user.role else ""


@transaction.atomic
def set_user_active(actor: User, user: User, *, active: bool) -> User:
    """Deactivate a login (it can no longer log in, its sessions end) or reactivate it. Nobody deactivates
    their own login: the last administrator of a place would lock everyone out."""
    _ensure_manages(actor, user)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    verb = "reactivate_user" if active else "deactivate_user"
    return log.update(actor, verb, user, {"is_active": active}, region_code=_user_region(user))


@transaction.atomic
def reset_password(actor: User, user: User, *, password: str) -> User:
    """Set a temporary password for another login; its open sessions end (Django ties a session to the
    password hash). One's own password is changed with the old one (`change_own_password`): an unattended
    open session must not be enough to take over a login."""
    _ensure_manages(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("Ubah kata sandi Anda sendiri lewat halaman Ubah kata sandi."))
    _check_password(actor, password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # A kader who forgot her password has usually locked her user name by trying; the new password must work
    # now, not after the cool-off. Locks of addresses stay: they stop a guesser, not her.
    axes_reset(username=user.get_username())
    log.record(actor, "reset_password", user, {}, region_code=_user_region(user))
    return user


@transaction.atomic
def change_own_password(user: User, *, password: str) -> User:
    """A user's new password of their own choosing."""
    _check_password(user, password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    log.record(user, "change_password", user, {}, region_code=_user_region(user))
    return user
