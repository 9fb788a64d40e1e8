"""The desa's commitments to its posyandu (Permendagri 18/2018 and 13/2024: posyandu as a Lembaga
Kemasyarakatan Desa): the Perdes recognising it, the SK Kades naming its pengurus, the APBDes allocation of a
year, and any other commitment a rakor decided, each with its documents."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from pokjanal.models.rakor import Decision


class CommitmentKind(models.TextChoices):
    PERDES_LKD = "perdes_lkd", _("Perdes posyandu sebagai LKD")
    SK_PENGURUS = "sk_pengurus", _("SK Kepala Desa tentang pengurus posyandu")
    APBDES = "apbdes", _("Alokasi APBDes untuk posyandu")
    OTHER = "lainnya", _("Komitmen lain")


class CommitmentStatus(models.TextChoices):
    MISSING = "belum", _("Belum ada")
    IN_PROGRESS = "proses", _("Dalam proses")
    DONE = "ada", _("Sudah ada")


def commitment_key(kind: str, year: int | None, title: str) -> str:
    """What makes a commitment one per desa: the kind, the year of an APBDes allocation, the title of any
    other commitment (compared without case or surrounding spaces)."""
    if kind == CommitmentKind.APBDES:
        return f"{kind}:{year}"
    if kind == CommitmentKind.OTHER:
        return f"{kind}:{' '.join(title.split()).casefold()}"[:220]
    return str(kind)


class CommitmentQuerySet(ScopedQuerySet["Commitment"]):
    region_field = "desa_id"
    posyandu_field = None

    def overdue(self, today: datetime.date) -> CommitmentQuerySet:
        return self.exclude(status=CommitmentStatus.DONE).filter(due_date__lt=today)


class Commitment(models.Model):
    """One commitment of one desa/kelurahan; `key` keeps it one per desa (`commitment_key`)."""

    desa = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=CommitmentKind.choices)
    key = models.CharField(max_length=220, editable=False)
    title = models.CharField(_("judul"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CommitmentStatus.choices, default=CommitmentStatus.MISSING
    )
    document_number = models.CharField(_("nomor dokumen"), max_length=120, blank=True)
    signed_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    amount_rp = models.BigIntegerField(_("jumlah (Rp)"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("keputusan rakor"),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_on = models.DateField(_("diperbarui"))

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["desa_id", "kind", "year", "title", "pk"]
        verbose_name = _("komitmen desa")
        verbose_name_plural = _("komitmen desa")
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "key"],
                name="one_commitment_per_desa_and_key",
                violation_error_message=_("Komitmen ini sudah tercatat untuk desa/kelurahan ini."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="apbdes", year__isnull=True),
                name="apbdes_commitment_has_a_year",
                violation_error_message=_("Isi tahun anggaran APBDes."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="lainnya", title=""),
                name="other_commitment_has_a_title",
                violation_error_message=_("Isi judul komitmen."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == CommitmentKind.APBDES:
            return f"{self.get_kind_display()} {self.year}"
        if self.kind == CommitmentKind.OTHER:
            return self.title
        return str(self.get_kind_display())

    @property
    def is_done(self) -> bool:
        return self.status == CommitmentStatus.DONE

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < today


class CommitmentDocumentQuerySet(ScopedQuerySet["CommitmentDocument"]):
    region_field = "commitment__desa_id"
    posyandu_field = None


class CommitmentDocument(models.Model):
    """A scanned Perdes, SK or APBDes page: stored under MEDIA_ROOT with an unguessable name and served
    only by an access-checked view, like an action's evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="documents")
    path = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitmentDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dokumen komitmen")
        verbose_name_plural = _("dokumen komitmen")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
