"""What the receiving DHIS2 calls our figures and our areas: its data set, the identifier scheme of its
codes, the level it receives reports at, and the mapping of our indicators to its data elements and of our
regions and posyandu to its org units. Set by an administrator (`/pertukaran/dhis2/pemetaan/`), mostly from
CSV files; read by `exchange.dhis2.export`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.dhis2.indicators import INDICATOR_CHOICES


class IdScheme(models.TextChoices):
    UID = "UID", _("UID (11 karakter buatan DHIS2)")
    CODE = "CODE", _("Kode (code)")


class ReportLevel(models.TextChoices):
    """The level whose units the receiver takes figures for: every unit of that level in the chosen area is
    one org unit of the file (a region's figures are the sum of its posyandu)."""

    POSYANDU = "posyandu", _("Posyandu")
    DESA = "desa", _("Desa/Kelurahan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KABKOTA = "kabkota", _("Kabupaten/Kota")
    PROVINSI = "provinsi", _("Provinsi")

    @property
    def region_level(self) -> int | None:
        """The Kemendagri level (1 provinsi … 4 desa); None for posyandu."""
        return REGION_LEVELS[self.value]


REGION_LEVELS: dict[str, int | None] = {
    "posyandu": None,
    "desa": 4,
    "kecamatan": 3,
    "kabkota": 2,
    "provinsi": 1,
}


class ExportSettings(models.Model):
    """One row (pk 1): the receiving system's data set, identifier scheme and reporting level."""

    data_set = models.CharField(
        _("data set penerima"), max_length=50, help_text=_("UID atau kode data set di DHIS2.")
    )
    id_scheme = models.CharField(
        _("skema identitas"), max_length=4, choices=IdScheme.choices, default=IdScheme.CODE
    )
    level = models.CharField(
        _("tingkat pelaporan"), max_length=10, choices=ReportLevel.choices, default=ReportLevel.DESA
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan ekspor DHIS2")
        verbose_name_plural = _("pengaturan ekspor DHIS2")

    def __str__(self) -> str:
        return f"{self.data_set} ({self.id_scheme}, {self.level})"

    @property
    def report_level(self) -> ReportLevel:
        return ReportLevel(self.level)


class DataElementMapping(models.Model):
    """Our indicator → the receiver's data element (and category option combo, empty: the default)."""

    indicator = models.CharField(_("indikator"), max_length=30, choices=INDICATOR_CHOICES, unique=True)
    data_element = models.CharField(_("data element"), max_length=50)
    category_option_combo = models.CharField(_("category option combo"), max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("pemetaan indikator DHIS2")
        verbose_name_plural = _("pemetaan indikator DHIS2")

    def __str__(self) -> str:
        return f"{self.indicator} → {self.data_element}"


class OrgUnitMapping(models.Model):
    """A region or a posyandu (exactly one) → the receiver's org unit."""

    region = models.OneToOneField(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("wilayah"),
    )
    posyandu = models.OneToOneField(
        "posyandu.Posyandu",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("posyandu"),
    )
    org_unit = models.CharField(_("org unit"), max_length=50)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "posyandu_id"]
        verbose_name = _("pemetaan org unit DHIS2")
        verbose_name_plural = _("pemetaan org unit DHIS2")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, posyandu__isnull=True)
                | Q(region__isnull=True, posyandu__isnull=False),
                name="dhis2_org_unit_of_region_or_posyandu",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id or self.posyandu_id} → {self.org_unit}"

    @property
    def local_key(self) -> str:
        """The region code, or the posyandu's id, as `reports.areas` keys its rows."""
        return self.region_id if self.region_id is not None else str(self.posyandu_id)
