"""What SATUSEHAT needs that the register does not hold (the puskesmas's ids there) and what was sent.

`Facility`: the SATUSEHAT Organization and Location of the puskesmas serving a region (a kecamatan, or a desa
where a kecamatan has several puskesmas); a posyandu belongs to the facility of the nearest region above its
desa. Administrators keep these in the admin (a handful of rows per kabupaten, as the reference lists).

`Submission`: one per visit, what was last sent (the Bundle and its hash), when, how many HTTP attempts, the
answer (status, body, the ids SATUSEHAT gave) or why it could not be sent. The credentials are never stored
(docs/interop.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from rules.region_codes import lineage


class FacilityQuerySet(ScopedQuerySet["Facility"]):
    region_field = "region_id"
    posyandu_field = None

    def for_desa(self, desa_code: str) -> Facility | None:
        """The facility of the nearest region at or above `desa_code` (a desa's own, else its kecamatan's)."""
        found = {f.region_id: f for f in self.filter(region_id__in=lineage(desa_code))}
        return next((found[code] for code in reversed(lineage(desa_code)) if code in found), None)


class Facility(models.Model):
    region = models.OneToOneField(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah kerja"),
        help_text=_("Kecamatan (atau desa) yang dilayani puskesmas ini."),
    )
    name = models.CharField(_("nama puskesmas"), max_length=120)
    organization_id = models.CharField(_("ID Organization SATUSEHAT"), max_length=64)
    location_id = models.CharField(_("ID Location SATUSEHAT"), max_length=64)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("puskesmas di SATUSEHAT")
        verbose_name_plural = _("puskesmas di SATUSEHAT")

    def __str__(self) -> str:
        return self.name


class SubmissionStatus(models.TextChoices):
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Ditolak/gagal")
    BLOCKED = "blocked", _("Belum dapat dikirim")


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    region_field = "visit__desa_id"
    posyandu_field = "visit__posyandu_id"


# A sent visit corrected after its Bundle was built is pending again.
OUTDATED = Q(status=SubmissionStatus.SENT, visit__updated_at__gt=F("visit_updated_at"))


class Submission(models.Model):
    visit = models.OneToOneField(
        "visits.Visit",
        on_delete=models.CASCADE,
        related_name="satusehat_submission",
        verbose_name=_("kunjungan"),
        # Visits are partitioned by month on PostgreSQL (visits.models.Visit): no constraint points at them.
        db_constraint=False,
    )
    status = models.CharField(_("status"), max_length=8, choices=SubmissionStatus.choices)
    reason = models.CharField(
        _("alasan"), max_length=20, blank=True, help_text="A code of bundle.NotSendable, or 'http'/'network'."
    )
    error = models.TextField(_("pesan"), blank=True)
    visit_updated_at = models.DateTimeField(help_text="The visit's updated_at when its Bundle was built.")
    bundle = models.JSONField(null=True, blank=True)
    bundle_sha256 = models.CharField(max_length=64, blank=True)
    sent_bundle = models.JSONField(
        null=True, blank=True, help_text="The last Bundle SATUSEHAT accepted (what a correction updates)."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="HTTP attempts of the last send.")
    sends = models.PositiveIntegerField(default=0, help_text="How many times the visit was tried.")
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    answer = models.JSONField(null=True, blank=True)
    resource_ids = models.JSONField(default=list, blank=True)
    tried_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiriman SATUSEHAT")
        verbose_name_plural = _("kiriman SATUSEHAT")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"SATUSEHAT · {self.visit_id}"

    @property
    def is_sent(self) -> bool:
        return self.status == SubmissionStatus.SENT

    @property
    def is_blocked(self) -> bool:
        return self.status == SubmissionStatus.BLOCKED

    @property
    def was_sent_before(self) -> bool:
        return self.sent_bundle is not None
