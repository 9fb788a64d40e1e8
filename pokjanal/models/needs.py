"""What a posyandu needs (equipment, training, budget, facilities) and its funding by year and source."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from pokjanal.models.choices import SEVERITY_RANK, Sector, Severity, by_rank


class NeedKind(models.TextChoices):
    EQUIPMENT = "alat", _("Alat")
    TRAINING = "pelatihan", _("Pelatihan")
    BUDGET = "anggaran", _("Anggaran")
    FACILITY = "sarana", _("Sarana/tempat")


class NeedStatus(models.TextChoices):
    REQUESTED = "requested", _("Diajukan")
    ASSIGNED = "assigned", _("Ditangani")
    MET = "met", _("Terpenuhi")
    REJECTED = "rejected", _("Tidak dapat dipenuhi")


OPEN_NEED_STATUSES = (NeedStatus.REQUESTED, NeedStatus.ASSIGNED)
# Open needs first, the highest priority first, requested before assigned, met before refused, newest first.
NEED_ORDERING = (
    by_rank("status", {NeedStatus.REQUESTED: 0, NeedStatus.ASSIGNED: 0}),
    by_rank("priority", SEVERITY_RANK),
    by_rank("status", {NeedStatus.REQUESTED: 0, NeedStatus.ASSIGNED: 1, NeedStatus.MET: 2}),
    F("requested_on").desc(),
    F("pk").asc(),
)


class FundingSource(models.TextChoices):
    APBDES = "apbdes", _("APBDes")
    APBD = "apbd", _("APBD")
    CSR = "csr", _("CSR perusahaan")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    OTHER = "lainnya", _("Lainnya")


class NeedQuerySet(ScopedQuerySet["Need"]):
    region_field = "posyandu__desa_id"

    def open(self) -> NeedQuerySet:
        """Needs not yet met or refused: requested, or assigned to an OPD or sponsor."""
        return self.filter(status__in=OPEN_NEED_STATUSES)

    def funded(self) -> NeedQuerySet:
        """Needs met with a named source of funds (CSR, APBDes, ...): support the posyandu received, shown
        with its funding at the estimated cost, the latest first."""
        return self.filter(status=NeedStatus.MET).exclude(funding_source="").order_by("-met_on", "-pk")


class Need(models.Model):
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="needs", verbose_name=_("posyandu")
    )
    kind = models.CharField(_("jenis kebutuhan"), max_length=10, choices=NeedKind.choices)
    description = models.CharField(_("uraian"), max_length=300)
    priority = models.CharField(_("prioritas"), max_length=7, choices=Severity.choices)
    estimated_cost_rp = models.PositiveBigIntegerField(_("perkiraan biaya (Rp)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_on = models.DateField(_("tanggal pengajuan"))
    assigned_sector = models.CharField(
        _("OPD/sektor yang menangani"), max_length=14, choices=Sector.choices, blank=True
    )
    sponsor = models.CharField(_("pemberi dukungan"), max_length=150, blank=True)
    funding_source = models.CharField(
        _("sumber dana"), max_length=8, choices=FundingSource.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.REQUESTED
    )
    met_on = models.DateField(_("tanggal terpenuhi"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = NEED_ORDERING
        verbose_name = _("kebutuhan posyandu")
        verbose_name_plural = _("kebutuhan posyandu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NEED_STATUSES

    @property
    def is_high_priority(self) -> bool:
        return self.priority == Severity.HIGH

    @property
    def is_medium_priority(self) -> bool:
        return self.priority == Severity.MEDIUM


class FundingQuerySet(ScopedQuerySet["Funding"]):
    region_field = "posyandu__desa_id"


class Funding(models.Model):
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("sumber dana"), max_length=8, choices=FundingSource.choices)
    amount_rp = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "source"]
        verbose_name = _("pendanaan posyandu")
        verbose_name_plural = _("pendanaan posyandu")
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "year", "source"], name="unique_funding_source")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: Rp {self.amount_rp}"
