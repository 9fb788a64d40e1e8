"""Report data: the prevalence targets per region and year (editable by an administrator), and the monthly
figures per posyandu that reports and dashboards read.

`MonthlyFigures` is derived data: the SKDN counts, the prevalence counts, the data-quality statistics, the
days opened and the KIA, KB and immunisation counts of one posyandu in one calendar month, computed from
visits and people by `reports.figures` and kept current by `reports.actions.refresh_stale_figures` (every
write of a visit or a person is an audit event with its posyandu, so the posyandu written since the last
refresh are known)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class Indicator(models.TextChoices):
    STUNTING = "stunting", _("Stunting (TB/U < −2 SD)")
    WASTING = "wasting", _("Wasting (BB/TB < −2 SD)")
    UNDERWEIGHT = "underweight", _("Underweight (BB/U < −2 SD)")
    OVERWEIGHT = "overweight", _("Overweight (BB/TB > +2 SD)")


INDICATOR_SHORT = {
    "stunting": _("Stunting"),
    "wasting": _("Wasting"),
    "underweight": _("Underweight"),
    "overweight": _("Overweight"),
}


class PrevalenceTarget(models.Model):
    """A prevalence target (percent) for a region and year; no region = the national default."""

    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Kosongkan untuk target nasional."),
    )
    indicator = models.CharField(_("indikator"), max_length=12, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    percent = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("dasar/sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "region_id", "year"]
        verbose_name = _("target prevalensi")
        verbose_name_plural = _("target prevalensi")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"],
                condition=Q(region__isnull=False),
                name="unique_regional_target",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(region__isnull=True), name="unique_national_target"
            ),
        ]

    def __str__(self) -> str:
        where = self.region_id or "nasional"
        return f"{self.get_indicator_display()} {where} {self.year}: {self.percent} %"


class MonthlyFiguresQuerySet(ScopedQuerySet["MonthlyFigures"]):
    pass


class MonthlyFigures(models.Model):
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.CASCADE, related_name="+")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    # SKDN
    s = models.PositiveIntegerField(default=0)
    k = models.PositiveIntegerField(default=0)
    d = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField(default=0)
    t = models.PositiveIntegerField(default=0)
    o = models.PositiveIntegerField(default=0)
    b = models.PositiveIntegerField(default=0)
    bgm = models.PositiveIntegerField(default=0)
    two_t = models.PositiveIntegerField(default=0)
    # Prevalence (each child's latest valid, unflagged z-score in the month) with the moments for the SD.
    haz_n = models.PositiveIntegerField(default=0)
    stunted = models.PositiveIntegerField(default=0)
    haz_sum = models.FloatField(default=0)
    haz_sq = models.FloatField(default=0)
    whz_n = models.PositiveIntegerField(default=0)
    wasted = models.PositiveIntegerField(default=0)
    overweight = models.PositiveIntegerField(default=0)
    whz_sum = models.FloatField(default=0)
    whz_sq = models.FloatField(default=0)
    waz_n = models.PositiveIntegerField(default=0)
    underweight = models.PositiveIntegerField(default=0)
    # Data quality over every measurement of a child 0–59 months in the month.
    measured = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    weighed = models.PositiveIntegerField(default=0)
    missing_length = models.PositiveIntegerField(default=0)
    weight_digits = models.JSONField(default=list)
    length_digits = models.JSONField(default=list)
    rule_versions = models.JSONField(default=list)
    # The days the posyandu opened in the month (`visits.opening`: an opening day or the work of the day), and
    # of them the days that name their kader on duty with the sum of those kader (strata: the mean on duty).
    days_opened = models.PositiveSmallIntegerField(default=0)
    days_with_kader = models.PositiveSmallIntegerField(default=0)
    kader_on_duty = models.PositiveIntegerField(default=0)
    # The month's services for aktif-2021's "3 of the 4 services" (`reports.figures`): KIA (pregnancies
    # ongoing in the month, of them checked at the posyandu), KB (visits with a status that counts, of them
    # aktif) and basic immunisation (children of S aged 12–23 months at the month's end, of them complete).
    kia_ongoing = models.PositiveIntegerField(default=0)
    kia_checked = models.PositiveIntegerField(default=0)
    kb_reported = models.PositiveIntegerField(default=0)
    kb_active = models.PositiveIntegerField(default=0)
    imm_cohort = models.PositiveIntegerField(default=0)
    imm_complete = models.PositiveIntegerField(default=0)

    objects = MonthlyFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["month", "posyandu_id"]
        constraints = [models.UniqueConstraint(fields=["posyandu", "month"], name="unique_posyandu_month")]
        indexes = [models.Index(fields=["month", "desa"])]

    def __str__(self) -> str:
        return f"{self.posyandu_id} {self.month:%Y-%m}"


class FiguresState(models.Model):
    """One row: the last audit event whose posyandu's figures have been recomputed, when that refresh ended,
    and since when a refresh is running (None: none is)."""

    last_event_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    running_since = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return str(self.last_event_id)
