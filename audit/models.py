from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


def object_key(obj: models.Model) -> str:
    """`app_label.model:pk`, the name of an object in the audit log."""
    return f"{obj._meta.label_lower}:{obj.pk}"


# A logged read (the reveal of a masked number, `audit.views.reveal`: `view_nik`) rather than a write. What
# follows writes (figures, problems, a kept check) reads `AuditEvent.objects.writes()`.
READ_VERB_PREFIX = "view_"


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    region_field = "region_code"

    def writes(self) -> AuditEventQuerySet:
        return self.exclude(verb__startswith=READ_VERB_PREFIX)

    def about(self, obj: models.Model) -> AuditEventQuerySet:
        """Events on the object and on the things that belong to it (its `subject`)."""
        key = object_key(obj)
        return self.filter(models.Q(object_key=key) | models.Q(subject_key=key))


class AuditEvent(models.Model):
    """One write: who, when, which action, which object, and each changed field's old and new value; or one
    logged read of a masked number (`is_read`).

    `client_uuid` is the id a client gave the submission; it is unique, so a retried submission is stored
    once: `audit.retries.idempotent` finds the earlier event and returns its object when the actor and
    `submission_hash` match, and refuses the submission otherwise."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("oleh")
    )
    actor_name = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    verb = models.CharField(_("tindakan"), max_length=60)
    object_key = models.CharField(max_length=80, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=200)
    subject_key = models.CharField(max_length=80, blank=True, db_index=True)
    region_code = models.CharField(max_length=13, blank=True, db_index=True)
    posyandu_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    # sha256 of the action and its arguments; a UUID sent again with another hash is refused (audit.retries)
    submission_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # Which of some posyandu were written since an event (`reports.figures.current_figures`, run for each
        # posyandu the Tim Pembina's facts are refreshed for): a range of this index, not of the whole log.
        indexes = [models.Index(fields=["posyandu_id", "id"], name="audit_posyandu_since")]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.object_repr}"

    @property
    def is_read(self) -> bool:
        return self.verb.startswith(READ_VERB_PREFIX)
