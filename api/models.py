"""Personal API tokens: a user opens the API (`api.v1`) with a secret they created in the app and may revoke
at any time. Only the secret's sha256 is stored; the secret is shown once, when it is made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class ApiTokenQuerySet(ScopedQuerySet["ApiToken"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """A token is its owner's alone: nobody else, an administrator included, sees or revokes it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user_id=user.pk)

    def usable(self) -> Self:
        """Not revoked and not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """One personal token. It acts as its user (their scope, role and read-only flag) and may write only
    when `can_write` was chosen at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama token"), max_length=80, help_text=_("Misalnya: dasbor Dinkes"))
    # The first characters of the secret, kept to tell tokens apart on the page and in the audit log.
    prefix = models.CharField(_("awalan"), max_length=12, db_index=True)
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(_("boleh menulis"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
