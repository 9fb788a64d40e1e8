"""Every write to an API token: create one (its secret is returned once and never stored), revoke one, and
note when it was last used. Creating and revoking are audited like any other write."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from api import token_secrets
from api.models import ApiToken
from audit import log
from regions.codes import common_ancestor

if TYPE_CHECKING:
    from accounts.models import User

# At most this many tokens in force per user: enough for a few programs, few enough to keep track of.
MAX_TOKENS = 10


def audit_region(user: User) -> str:
    """The narrowest region holding the user's scope: the token reaches no further."""
    scope = scope_of(user)
    return "" if scope.everything else common_ancestor(scope.region_codes)


@transaction.atomic
def create_token(
    user: User, *, name: str, can_write: bool = False, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token of `user` and its secret, which the caller shows once. A token that may write is only
    for a user who may write; it still writes only what the user's role and area allow."""
    if not user.is_active or not user.role:
        raise PermissionDenied
    if can_write and not user.can_write:
        raise ValidationError({"can_write": _("Akun Anda hanya baca; token Anda juga hanya bisa membaca.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Tanggal berlaku harus sesudah hari ini.")})
    if ApiToken.objects.visible_to(user).usable().count() >= MAX_TOKENS:
        raise ValidationError(
            _("Paling banyak %(n)d token aktif; cabut token yang tidak dipakai dulu.") % {"n": MAX_TOKENS}
        )
    secret = token_secrets.new_secret()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=token_secrets.prefix_of(secret),
        secret_sha256=token_secrets.digest(secret),
        can_write=can_write,
        expires_at=expires_at,
    )
    log.create(user, "create_api_token", token, region_code=audit_region(user), subject=user)
    return token, secret


@transaction.atomic
def revoke_token(user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens: from now on it is refused (401). Revoking twice changes
    nothing."""
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    return log.update(
        user,
        "revoke_api_token",
        token,
        {"revoked_at": timezone.now()},
        region_code=audit_region(user),
        subject=user,
    )


def mark_used(token: ApiToken) -> None:
    """Note when the token was last used (shown on the token page), at most once a minute per token. Not
    audited: like a login's last login, it is a trace of use, not a change of data."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < datetime.timedelta(minutes=1):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
