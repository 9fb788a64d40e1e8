"""The yearly strata assessment of a posyandu: the inputs recorded nowhere else, the result frozen when the
Pokja desa proposes it, and the tiered verification. The rule itself is `rules.strata`."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from rules import percentages
from rules import strata as strata_rules


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PROPOSED = "proposed", _("Diajukan desa/kelurahan")
    VERIFIED = "verified", _("Diverifikasi kecamatan")
    APPROVED = "approved", _("Disetujui kabupaten/kota")


class AdditionalProgramme(models.TextChoices):
    """Programmes integrated into the posyandu besides the five main ones (Permendagri 19/2011 list)."""

    PAUD = "paud", _("PAUD")
    BKB = "bkb", _("Bina Keluarga Balita (BKB)")
    BKR = "bkr", _("Bina Keluarga Remaja (BKR)")
    LANSIA = "lansia", _("Bina Keluarga Lansia / posbindu")
    PHBS = "phbs", _("PHBS dan kesehatan lingkungan")
    PANGAN = "pangan", _("Penganekaragaman pangan (P2KP)")
    KESPRO = "kespro", _("Kesehatan reproduksi")
    EKONOMI = "ekonomi", _("Peningkatan ekonomi keluarga (UP2K)")
    TOGA = "toga", _("Tanaman obat keluarga (TOGA)")


class StrataAssessmentQuerySet(ScopedQuerySet["StrataAssessment"]):
    region_field = "posyandu__desa_id"


class StrataAssessment(models.Model):
    """One posyandu-year: the inputs recorded nowhere else, the computed result frozen when the Pokja desa
    proposes it, and the tiered verification (desa proposes, kecamatan verifies, kabupaten/kota approves)."""

    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="strata_assessments"
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    additional_programmes = models.JSONField(_("program tambahan"), default=list, blank=True)
    households = models.PositiveIntegerField(_("jumlah KK di wilayah posyandu"), null=True, blank=True)
    dana_sehat_households = models.PositiveIntegerField(_("KK peserta dana sehat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    result = models.JSONField(_("hasil saat diajukan"), default=dict, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StrataAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "posyandu_id"]
        verbose_name = _("penilaian strata posyandu")
        verbose_name_plural = _("penilaian strata posyandu")
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "year"], name="unique_strata_assessment"),
            models.CheckConstraint(
                condition=Q(dana_sehat_households__isnull=True)
                | Q(households__isnull=True)
                | Q(dana_sehat_households__lte=models.F("households")),
                name="dana_sehat_within_households",
                violation_error_message=_("KK peserta dana sehat tidak boleh melebihi jumlah KK."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posyandu.name} {self.year}"

    @property
    def is_draft(self) -> bool:
        """Its result is computed live from the data until the Pokja desa proposes it."""
        return self.status == AssessmentStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.APPROVED

    @property
    def dana_sehat_share(self) -> float | None:
        """% of households in dana sehat, unrounded: what the strata rule judges
        (docs/domain.md "Targets")."""
        if not self.households or self.dana_sehat_households is None:
            return None
        return 100.0 * self.dana_sehat_households / self.households

    @property
    def dana_sehat_pct(self) -> float | None:
        """The share as shown: never rounded up onto the strata threshold it does not reach."""
        threshold = strata_rules.DEFAULT_THRESHOLDS.min_dana_sehat_pct
        return percentages.shown(self.dana_sehat_share, against=threshold)
