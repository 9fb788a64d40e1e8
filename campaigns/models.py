"""Weighing campaigns (operasi timbang, pengukuran dan intervensi serentak, bulan penimbangan) and the
spreadsheet imports that bring their by-name-by-address results into the register.

A campaign covers a region for a period and names its target groups; its measurements are ordinary visits
(`visits.Visit.campaign`), so they count in SKDN and prevalence like any weighing. An import job keeps the
uploaded file, its sha256 (the same file is never stored twice for a campaign), its progress and the
row-level problems found."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet, scope_of
from regions.codes import within_any_q
from rules import months
from rules.region_codes import lineage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class CampaignKind(models.TextChoices):
    OPERASI_TIMBANG = "operasi_timbang", _("Operasi timbang")
    INTERVENSI_SERENTAK = "intervensi_serentak", _("Pengukuran dan intervensi serentak")
    BULAN_PENIMBANGAN = "bulan_penimbangan", _("Bulan penimbangan balita")
    OTHER = "other", _("Lainnya")


class TargetGroup(models.TextChoices):
    BALITA = "balita", _("Balita 0–59 bulan")
    BADUTA = "baduta", _("Baduta 0–23 bulan")


# Completed months of age below which a child belongs to a target group.
TARGET_GROUP_MONTHS = {TargetGroup.BALITA: 60, TargetGroup.BADUTA: 24}


def _ancestor_codes(codes: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        out.update(lineage(code)[:-1])
    return out


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Campaigns of the user's region, of regions below it, and of the regions above it (a kabupaten's
        operasi timbang is run by the kader of its posyandu)."""
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        return self.filter(
            within_any_q("region_id", scope.region_codes)
            | Q(region_id__in=_ancestor_codes(scope.region_codes))
        )


class Campaign(models.Model):
    name = models.CharField(_("nama kegiatan"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=CampaignKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    target_groups = models.JSONField(_("kelompok sasaran"), default=list)
    coverage_target_pct = models.DecimalField(
        _("target cakupan (%)"), max_digits=4, decimal_places=1, default=90
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("kampanye penimbangan")
        verbose_name_plural = _("kampanye penimbangan")

    def __str__(self) -> str:
        return self.name

    @property
    def max_age_months(self) -> int:
        """Children below this many completed months belong to the campaign's target."""
        groups = [TARGET_GROUP_MONTHS[g] for g in self.target_groups if g in TARGET_GROUP_MONTHS]
        return max(groups, default=60)

    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(g).label) for g in self.target_groups if g in TargetGroup.values]

    def period_refusal(self, date: datetime.date) -> str | None:
        """Why a measurement dated `date` is no weighing of this campaign (outside its period), or None."""
        if self.start_date <= date <= self.end_date:
            return None
        period = {"start": f"{self.start_date:%d-%m-%Y}", "end": f"{self.end_date:%d-%m-%Y}"}
        return str(_("Tanggal ukur di luar periode kegiatan (%(start)s s.d. %(end)s).") % period)

    def age_refusal(self, birth_date: datetime.date, date: datetime.date) -> str | None:
        """Why a child born on `birth_date`, measured on `date`, is no target of this campaign, or None."""
        age = months.completed_months(birth_date, date)
        if age < self.max_age_months:
            return None
        return str(
            _("Umur %(m)d bulan: bukan sasaran kegiatan ini (%(groups)s).")
            % {"m": age, "groups": ", ".join(self.target_group_labels())}
        )


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu diperiksa")
    VALIDATING = "validating", _("Sedang diperiksa")
    VALIDATED = "validated", _("Siap diimpor")
    IMPORTING = "importing", _("Sedang diimpor")
    DONE = "done", _("Selesai diimpor")
    FAILED = "failed", _("Gagal, tidak ada yang disimpan")
    CANCELLED = "cancelled", _("Dibatalkan, tidak ada yang disimpan")
    DUPLICATE = "duplicate", _("Berkas yang sama sudah diimpor")


RUNNING = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)
# Until its rows are written a job can be cancelled: waiting, being checked, checked, or being imported.
CANCELLABLE = (*RUNNING, ImportStatus.VALIDATED)


class ImportMode(models.TextChoices):
    VALID_ROWS = "valid_rows", _("Impor baris yang valid saja")
    ALL_OR_NOTHING = "all_or_nothing", _("Semua atau tidak sama sekali")


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    region_field = "region_code"


class ImportJob(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the uploader works (the narrower of their scope and the campaign's region): who may see the job.
    region_code = models.CharField(max_length=13, db_index=True)
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Path of the uploaded file in the default storage (MEDIA_ROOT): kept as text so the audit log can
    # record it like any other field.
    # Blank once the sheet is deleted: when the job ends, or after UPLOAD_RETENTION_DAYS (purge_uploads).
    stored_file = models.CharField(_("berkas"), max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    mode = models.CharField(_("cara impor"), max_length=16, choices=ImportMode.choices, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_people = models.PositiveIntegerField(default=0)
    matched_people = models.PositiveIntegerField(default=0)
    stored_visits = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)  # already stored by an earlier import
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impor data kampanye")
        verbose_name_plural = _("impor data kampanye")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def cancellable(self) -> bool:
        return self.status in CANCELLABLE

    @property
    def is_done(self) -> bool:
        """Imported: its rows are stored as visits."""
        return self.status == ImportStatus.DONE

    @property
    def progress_pct(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.VALIDATED):
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportIssue(models.Model):
    """A problem with one cell or row of an uploaded sheet (row numbers as the spreadsheet shows them). A
    warning does not stop the row (a child matched by a similar name); any other issue does."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("baris"))
    column = models.CharField(_("kolom"), max_length=60, blank=True)
    message = models.CharField(_("pesan"), max_length=300)
    warning = models.BooleanField(_("peringatan"), default=False)

    class Meta:
        ordering = ["row", "pk"]

    def __str__(self) -> str:
        return f"{self.row} {self.column}: {self.message}"
