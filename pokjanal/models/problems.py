"""Problems of a posyandu (found in its data, recorded by hand or at a supervision visit) and the supervision
visits (kunjungan pembinaan) with their checklist."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet
from pokjanal.models.bodies import Body
from pokjanal.models.choices import SEVERITY_RANK, Category, Severity, by_rank
from rules import problems as problem_rules


class ProblemSource(models.TextChoices):
    DATA = "data", _("Dari data")
    MANUAL = "manual", _("Dicatat petugas")
    SUPERVISION = "kunjungan", _("Kunjungan pembinaan")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    HANDLED = "handled", _("Sedang ditangani")
    RESOLVED = "resolved", _("Selesai")


OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.HANDLED)
# Open problems first, the most severe first, untouched before handled, the latest found first.
PROBLEM_ORDERING = (
    by_rank("status", {ProblemStatus.OPEN: 0, ProblemStatus.HANDLED: 0}),
    by_rank("severity", SEVERITY_RANK),
    by_rank("status", {ProblemStatus.OPEN: 0, ProblemStatus.HANDLED: 1}),
    F("found_on").desc(),
    F("pk").asc(),
)


class ProblemKind(models.TextChoices):
    FEW_KADER = problem_rules.FEW_KADER, _("Kader aktif kurang dari 5")
    FEW_OPENING_DAYS = problem_rules.FEW_OPENING_DAYS, _("Hari buka kurang dari 8 dalam 12 bulan")
    LOW_DS = problem_rules.LOW_DS, _("D/S di bawah 50 %")
    EQUIPMENT = problem_rules.EQUIPMENT, _("Alat esensial tidak ada atau rusak")
    MEASUREMENT_QUALITY = problem_rules.MEASUREMENT_QUALITY, _("Mutu pengukuran kurang")
    STUNTING = problem_rules.STUNTING, _("Stunting di atas target")
    REPEATED_2T = problem_rules.REPEATED_2T, _("Balita 2T (tidak naik dua kali berturut-turut)")
    UNTRAINED_GROUP = problem_rules.UNTRAINED_GROUP, _("Kelompok kompetensi tanpa kader terlatih")
    OTHER = "lainnya", _("Masalah lain")


class ProblemQuerySet(ScopedQuerySet["Problem"]):
    region_field = "posyandu__desa_id"

    def open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_PROBLEM_STATUSES)


class Problem(models.Model):
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="problems", verbose_name=_("posyandu")
    )
    kind = models.CharField(_("jenis masalah"), max_length=22, choices=ProblemKind.choices)
    source = models.CharField(_("sumber"), max_length=10, choices=ProblemSource.choices)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    severity = models.CharField(_("tingkat"), max_length=7, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    description = models.CharField(_("uraian"), max_length=500, blank=True)
    evidence = models.JSONField(_("bukti"), default=dict, blank=True)
    rule_version = models.CharField(max_length=20, blank=True)
    visit = models.ForeignKey(
        "SupervisionVisit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name=_("kunjungan pembinaan"),
    )
    found_on = models.DateField(_("ditemukan"))
    resolved_on = models.DateField(pgettext_lazy("masalah", "selesai"), null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = PROBLEM_ORDERING
        verbose_name = _("masalah posyandu")
        verbose_name_plural = _("masalah posyandu")
        indexes = [models.Index(fields=["posyandu", "status"]), models.Index(fields=["kind", "status"])]
        constraints = [
            # The detector keeps one open problem per posyandu and kind, even if two runs race.
            models.UniqueConstraint(
                fields=["posyandu", "kind"],
                condition=Q(source="data", status__in=["open", "handled"]),
                name="one_open_data_problem_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.posyandu.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATUSES

    @property
    def is_high_severity(self) -> bool:
        return self.severity == Severity.HIGH

    @property
    def is_medium_severity(self) -> bool:
        return self.severity == Severity.MEDIUM


class SupervisionVisitQuerySet(ScopedQuerySet["SupervisionVisit"]):
    region_field = "posyandu__desa_id"


class SupervisionVisit(models.Model):
    """A kunjungan pembinaan: a member's visit to a posyandu with the checklist (`pokjanal.checklist`)."""

    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="supervision_visits"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits", verbose_name=_("tim")
    )
    date = models.DateField(_("tanggal kunjungan"))
    visitors = models.CharField(_("petugas yang berkunjung"), max_length=250)
    answers = models.JSONField(_("daftar tilik"), default=dict)  # checklist item code → "ya" / "tidak"
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SupervisionVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kunjungan pembinaan")
        verbose_name_plural = _("kunjungan pembinaan")

    def __str__(self) -> str:
        return f"{self.posyandu.name} · {self.date:%d-%m-%Y}"
