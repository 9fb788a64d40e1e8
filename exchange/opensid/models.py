"""What the OpenSID import keeps beside the register: which posyandu serves which dusun/RW/RT of a desa, the
residents of each desa's latest export (linked to their register record, or waiting for a posyandu), and the
import jobs with their check row by row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from exchange.opensid import codes


class ServedUnitQuerySet(ScopedQuerySet["ServedUnit"]):
    posyandu_field = "posyandu_id"


class ServedUnit(models.Model):
    """The desa's word on which posyandu serves a dusun, RW or RT: a household is served by the posyandu of
    its RT, else of its RW, else of its dusun."""

    unit = models.OneToOneField("regions.LocalUnit", on_delete=models.CASCADE, related_name="+")
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    objects = ServedUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah layanan posyandu")
        verbose_name_plural = _("wilayah layanan posyandu")

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.posyandu_id}"


class ResidentQuerySet(ScopedQuerySet["Resident"]):
    posyandu_field = "person__posyandu_id"

    def waiting(self) -> ResidentQuerySet:
        """Alive in the export, not in the register yet: their dusun/RW/RT has no posyandu."""
        return self.filter(person__isnull=True, status_dasar=codes.HIDUP)


class Resident(models.Model):
    """A resident of the desa's latest OpenSID export, as it said (the next export is compared with it), and
    the register record it is (none while waiting for a posyandu). KB method and pregnancy are kept here: the
    register records KB per visit and a pregnancy with its HPHT, which OpenSID does not know."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=80)
    fingerprint = models.CharField(max_length=32)
    nik = models.CharField(max_length=16, blank=True)
    kk_number = models.CharField(max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=120)
    sex = models.CharField(max_length=1)
    birth_date = models.DateField(_("tanggal lahir"))
    kk_level = models.PositiveSmallIntegerField(null=True, blank=True)
    mother_nik = models.CharField(max_length=16, blank=True)
    mother_name = models.CharField(max_length=120, blank=True)
    dusun = models.CharField(max_length=80, blank=True)
    rw = models.CharField(max_length=80, blank=True)
    rt = models.CharField(max_length=80, blank=True)
    unit = models.ForeignKey("regions.LocalUnit", on_delete=models.PROTECT, null=True, related_name="+")
    address = models.CharField(max_length=250, blank=True)
    kb_method = models.PositiveSmallIntegerField(_("cara KB"), null=True, blank=True)
    pregnant = models.BooleanField(_("hamil menurut OpenSID"), default=False)
    status_dasar = models.PositiveSmallIntegerField(default=codes.HIDUP)
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penduduk OpenSID")
        verbose_name_plural = _("penduduk OpenSID")
        constraints = [models.UniqueConstraint(fields=["desa", "key"], name="opensid_resident_key")]

    def __str__(self) -> str:
        return self.name

    @property
    def kb_label(self) -> str:
        return codes.CARA_KB.get(self.kb_method or 0, "")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu diperiksa")
    CHECKING = "checking", _("Sedang diperiksa")
    CHECKED = "checked", _("Siap diimpor")
    IMPORTING = "importing", _("Sedang diimpor")
    DONE = "done", _("Selesai diimpor")
    FAILED = "failed", _("Gagal, tidak ada yang disimpan")
    CANCELLED = "cancelled", _("Dibatalkan, tidak ada yang disimpan")


RUNNING = (JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.IMPORTING)


class ExportImportQuerySet(ScopedQuerySet["ExportImport"]):
    posyandu_field = None


class ExportImport(models.Model):
    """One uploaded export of a desa: its check, then (when confirmed) its import."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stored_file = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # outcome → rows
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impor penduduk OpenSID")
        verbose_name_plural = _("impor penduduk OpenSID")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_checked(self) -> bool:
        return self.status == JobStatus.CHECKED

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def progress_pct(self) -> int:
        if self.status in (JobStatus.DONE, JobStatus.CHECKED):
            return 100
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0


class Outcome(models.TextChoices):
    CREATE = "create", _("Dibuat baru")
    UPDATE = "update", _("Diperbarui")
    MATCH = "match", _("Cocok dengan register")
    UNCHANGED = "unchanged", _("Tidak berubah")
    WAIT = "wait", _("Menunggu posyandu")
    SKIP = "skip", _("Tidak didaftarkan")
    REFUSE = "refuse", _("Ditolak")


class CheckRow(models.Model):
    """What the check found for one row of the sheet (row numbers as the spreadsheet shows them)."""

    job = models.ForeignKey(ExportImport, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField(_("baris"))
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    name = models.CharField(_("nama"), max_length=120)
    reason = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        ordering = ["row", "pk"]

    def __str__(self) -> str:
        return f"{self.row} {self.outcome}"
