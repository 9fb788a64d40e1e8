"""The posyandu monthly report: for one posyandu and calendar month, what the ketua/kader sends to the
puskesmas (the figures the system computes, frozen when sent, plus what only the posyandu knows), and its
verification by the bidan.

A report sent (`submitted`) or verified locks its month: the posyandu's visits dated in it cannot be
recorded or corrected until the bidan returns or reopens it (`monthly.locks`), as an approved strata year is
locked until the kabupaten reopens it."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikirim, menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    RETURNED = "returned", _("Dikembalikan")


# Sent and not returned: counted as reported, and the month is locked.
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


class MonthlyReportQuerySet(ScopedQuerySet["MonthlyReport"]):
    region_field = "posyandu__desa_id"

    def reported(self) -> MonthlyReportQuerySet:
        return self.filter(status__in=REPORTED)


class MonthlyReport(models.Model):
    posyandu = models.ForeignKey(
        "posyandu.Posyandu",
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name=_("posyandu"),
    )
    month = models.DateField(_("bulan"), help_text="The first day of the reported month.")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # What only the posyandu knows (ILP, Panduan Pengelolaan Posyandu 2023).
    kader_present = models.PositiveSmallIntegerField(
        _("jumlah kader hadir"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    pmt_recipients = models.PositiveIntegerField(
        _("sasaran yang menerima PMT"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(9999)],
        help_text=_("Pemberian makanan tambahan (penyuluhan atau pemulihan)."),
    )
    counselling_topic = models.CharField(
        _("topik penyuluhan"), max_length=200, blank=True, help_text=_("Misalnya: MP-ASI, cuci tangan")
    )
    additional_activities = models.CharField(
        _("kegiatan tambahan"),
        max_length=250,
        blank=True,
        help_text=_("Misalnya: kelas ibu hamil, BKB, PAUD, TOGA"),
    )
    note = models.TextField(_("catatan"), max_length=1000, blank=True)
    # The computed figures of the month as they were when the report was sent (monthly.snapshot).
    figures = models.JSONField(_("angka saat dikirim"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("pertama dikirim"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    return_reason = models.CharField(_("alasan dikembalikan"), max_length=300, blank=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "posyandu_id"]
        verbose_name = _("laporan bulanan posyandu")
        verbose_name_plural = _("laporan bulanan posyandu")
        constraints = [models.UniqueConstraint(fields=["posyandu", "month"], name="unique_monthly_report")]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"{self.posyandu} {self.month:%m-%Y}"

    @property
    def is_locked(self) -> bool:
        return self.status in REPORTED

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_verified(self) -> bool:
        return self.status == ReportStatus.VERIFIED

    @property
    def is_returned(self) -> bool:
        return self.status == ReportStatus.RETURNED
