"""The posyandu day: opening days, visits with their measurements and computed results, services given,
immunisations and the referral list.

A visit stores the raw measurements as entered (weight, length or height with the position) and, computed
when it is saved, the WHO z-scores with their flags, the PMK 2/2020 categories, the weight-gain status and
the findings, with the rule versions that produced them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from rules import referral_urgency, stored_findings
from rules.plausibility import is_reason
from rules.screening import Finding


class OpeningDayQuerySet(ScopedQuerySet["OpeningDay"]):
    region_field = "posyandu__desa_id"


class OpeningDay(models.Model):
    """Hari buka: one day a posyandu opened, who served and which health workers came."""

    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.PROTECT, related_name="opening_days", verbose_name=_("posyandu")
    )
    date = models.DateField(_("tanggal"))
    kader_on_duty = models.ManyToManyField(
        "posyandu.Kader", blank=True, related_name="duty_days", verbose_name=_("kader yang bertugas")
    )
    health_workers = models.CharField(
        _("tenaga kesehatan yang hadir"), max_length=250, blank=True, help_text=_("Misalnya: Bidan Sari")
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpeningDayQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("hari buka")
        verbose_name_plural = _("hari buka")
        constraints = [models.UniqueConstraint(fields=["posyandu", "date"], name="unique_opening_day")]

    def __str__(self) -> str:
        return f"{self.posyandu} · {self.date:%d-%m-%Y}"


class Position(models.TextChoices):
    LYING = "l", _("Berbaring (panjang badan)")
    STANDING = "h", _("Berdiri (tinggi badan)")


class Place(models.TextChoices):
    POSYANDU = "posyandu", _("Di posyandu")
    HOME = "home", _("Kunjungan rumah")
    CAMPAIGN = "campaign", _("Operasi timbang / kampanye")


class WeightGain(models.TextChoices):
    NAIK = "N", _("N (naik)")
    TIDAK_NAIK = "T", _("T (tidak naik)")
    OLD = "O", _("O (tidak ditimbang bulan lalu)")
    BARU = "B", _("B (baru pertama ditimbang)")


class KbStatus(models.TextChoices):
    NONE = "none", _("Tidak ber-KB")
    ACTIVE = "active", _("Peserta KB aktif")
    PREGNANT = "pregnant", _("Sedang hamil")
    NOT_PUS = "not_pus", _("Bukan PUS")


class CheckStatus(models.TextChoices):
    """rules.plausibility: a measurement held as "perlu dicek ulang" counts in nothing until confirmed (the
    value is real) or corrected."""

    NONE = "", _("Wajar")
    HELD = "held", _("Perlu dicek ulang")
    CONFIRMED = "confirmed", _("Sudah dipastikan benar")


# The one condition of a visit that counts in reports (SKDN, D/S, prevalence, coverage, the KMS chart and the
# next month's weight gain): not held for a re-check.
COUNTED = ~models.Q(check_status=CheckStatus.HELD)
# The same as a column, for readers that need the held visits too: `.annotate(is_counted=IS_COUNTED)`.
IS_COUNTED = models.ExpressionWrapper(COUNTED, output_field=models.BooleanField())


class RuleVersion(models.Model):
    """A version of the rules a visit was assessed with (rules.assessment.rule_version), stored once: a visit
    keeps its key (rules.stored_findings.rule_version_key), four bytes instead of the name."""

    key = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.name


# Key → name of the rule versions this process has met: a key is a hash of its name, so this never goes stale.
_rule_version_names: dict[int, str] = {}


def rule_version_key(version: str) -> int:
    key = stored_findings.rule_version_key(version)
    _rule_version_names[key] = version
    return key


def rule_version_name(key: int | None) -> str:
    """The name of a stored rule version (each process reads the few names once)."""
    if key is None:
        return ""
    if key not in _rule_version_names:
        _rule_version_names.update(RuleVersion.objects.values_list("key", "name"))
    return _rule_version_names.get(key, "")


def register_rule_versions(names: Iterable[str]) -> None:
    """Store the rule versions of visits about to be written, in their transaction (those stored already are
    left): a visit's `rule_version_ref` must name a stored one."""
    RuleVersion.objects.bulk_create(
        [RuleVersion(key=rule_version_key(name), name=name) for name in sorted(set(names))],
        ignore_conflicts=True,
    )


def stored_results(findings: Iterable[Finding], rule_version: str) -> dict[str, Any]:
    """A visit's columns of its findings and rule version, for the bulk writers that build many visits."""
    codes, details = stored_findings.pack(findings)
    return {
        "finding_codes": codes,
        "finding_details": details,
        "rule_version_ref_id": rule_version_key(rule_version),
    }


class VisitQuerySet(ScopedQuerySet["Visit"]):
    def counted(self) -> VisitQuerySet:
        """The visits that count: those not held as "perlu dicek ulang" (`COUNTED`)."""
        return self.filter(COUNTED)

    def held(self) -> VisitQuerySet:
        return self.filter(check_status=CheckStatus.HELD)


class Visit(models.Model):
    """One visit's measurements and results. On PostgreSQL the table is partitioned by `month` (migration
    0010, `visits.partitions`): its primary key there is (id, month), so no foreign key constraint can point
    at it and the models referring to a visit declare `db_constraint=False`; Django's deletion collector
    still applies their `on_delete` (nothing relies on the database's cascade)."""

    # person, posyandu, desa and campaign lead the composite indexes of Meta, which serve their lookups: no
    # single-column index of their own (each index is written at every one of a campaign's 50,000 inserts).
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    # Partial indexes (Meta): a campaign's or a home visit has no opening day, and few visits a pregnancy.
    opening_day = models.ForeignKey(
        OpeningDay, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", db_index=False
    )
    pregnancy = models.ForeignKey(
        "people.Pregnancy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        db_index=False,
    )
    date = models.DateField(_("tanggal"))
    month = models.DateField(editable=False, help_text="The first day of the visit's month (reports).")
    place = models.CharField(_("tempat"), max_length=10, choices=Place.choices, default=Place.POSYANDU)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("kampanye penimbangan"),
        db_index=False,
    )
    age_days = models.IntegerField(editable=False)
    life_stage = models.CharField(max_length=16, editable=False)

    # Measurements as entered.
    weight_kg = models.DecimalField(
        _("berat badan (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    length_height_cm = models.DecimalField(
        _("panjang/tinggi badan (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    position = models.CharField(_("cara ukur"), max_length=1, choices=Position.choices, blank=True)
    head_circumference_cm = models.DecimalField(
        _("lingkar kepala (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    muac_cm = models.DecimalField(_("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    oedema = models.BooleanField(_("edema kedua punggung kaki"), default=False)
    waist_cm = models.DecimalField(
        _("lingkar perut (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    systolic_mmhg = models.PositiveSmallIntegerField(_("tekanan darah sistolik"), null=True, blank=True)
    diastolic_mmhg = models.PositiveSmallIntegerField(_("tekanan darah diastolik"), null=True, blank=True)
    glucose_mg_dl = models.PositiveSmallIntegerField(_("gula darah (mg/dL)"), null=True, blank=True)
    glucose_fasting = models.BooleanField(_("gula darah puasa"), default=False)
    hb_g_dl = models.DecimalField(_("Hb (g/dL)"), max_digits=3, decimal_places=1, null=True, blank=True)
    iron_tablets = models.PositiveSmallIntegerField(_("tablet tambah darah diberikan"), null=True, blank=True)
    puma_score = models.PositiveSmallIntegerField(_("skor PUMA"), null=True, blank=True)
    srq_score = models.PositiveSmallIntegerField(_("skor SRQ-20 (jawaban ya)"), null=True, blank=True)
    skilas = models.JSONField(_("SKILAS: domain positif"), default=list, blank=True)
    adl_score = models.PositiveSmallIntegerField(_("skor ADL (Barthel)"), null=True, blank=True)
    kb_status = models.CharField(_("status KB"), max_length=10, choices=KbStatus.choices, blank=True)
    kb_method = models.CharField(_("metode KB"), max_length=40, blank=True)
    notes = models.TextField(_("catatan konseling"), blank=True)

    # Computed when saved (WHO z-scores rounded as WHO reports them; flags are WHO's).
    waz = models.FloatField(null=True, editable=False)
    haz = models.FloatField(null=True, editable=False)
    whz = models.FloatField(null=True, editable=False)
    baz = models.FloatField(null=True, editable=False)
    hcz = models.FloatField(null=True, editable=False)
    acz = models.FloatField(null=True, editable=False)
    flagged = models.JSONField(default=list, editable=False)  # indices WHO flags as implausible
    needs_remeasure = models.BooleanField(default=False, editable=False)
    check_status = models.CharField(
        _("status cek ulang"), max_length=10, choices=CheckStatus.choices, blank=True, default=""
    )
    weight_gain = models.CharField(max_length=1, choices=WeightGain.choices, blank=True, editable=False)
    is_2t = models.BooleanField(default=False, editable=False)
    is_bgm = models.BooleanField(default=False, editable=False)
    # The findings and the rule version, stored compactly (rules.stored_findings); read them as `findings` and
    # `rule_version`.
    finding_codes = models.CharField(max_length=40, blank=True, default="", editable=False)
    finding_details = models.TextField(blank=True, default="", editable=False)
    rule_version_ref = models.ForeignKey(
        "visits.RuleVersion", on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        # A person's visits are found through the unique index of (person, posyandu, date, month) below.
        indexes = [
            models.Index(fields=["posyandu", "month"]),
            models.Index(fields=["desa", "month"]),
            models.Index(
                fields=["opening_day"],
                condition=models.Q(opening_day__isnull=False),
                name="visit_opening_day",
            ),
            models.Index(
                fields=["pregnancy"], condition=models.Q(pregnancy__isnull=False), name="visit_pregnancy"
            ),
        ]
        constraints = [
            # A campaign stores one measurement per child and day, whatever is uploaded again.
            # The month in both is implied by the date: PostgreSQL needs it in every unique index of the table
            # partitioned by month (web.partitions), and it changes nothing of what is unique.
            models.UniqueConstraint(
                fields=["campaign", "person", "date", "month"],
                condition=models.Q(campaign__isnull=False),
                name="unique_campaign_visit",
            ),
            # One visit per person, day and posyandu, whoever records it (kader, home visit, campaign): a
            # second attempt opens the visit already recorded (`visits.actions.VisitAlreadyRecorded`).
            models.UniqueConstraint(
                fields=["person", "posyandu", "date", "month"], name="one_visit_per_person_day_posyandu"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.date:%d-%m-%Y}"

    @property
    def weighed(self) -> bool:
        return self.weight_kg is not None

    @property
    def held(self) -> bool:
        return self.check_status == CheckStatus.HELD

    @property
    def confirmed(self) -> bool:
        return self.check_status == CheckStatus.CONFIRMED

    @property
    def not_gaining(self) -> bool:
        """Weighed "T": the monthly gain was below the KBM (docs/domain.md)."""
        return self.weight_gain == WeightGain.TIDAK_NAIK

    @property
    def findings(self) -> list[dict[str, Any]]:
        """Each finding as code, label (a message id), detail, refer and level (rules.screening.Finding)."""
        z = {"waz": self.waz, "haz": self.haz, "whz": self.whz, "baz": self.baz}
        return [
            {"code": f.code, "label": f.label, "detail": f.detail, "refer": f.refer, "level": f.level}
            for f in stored_findings.unpack(self.finding_codes, self.finding_details, z)
        ]

    @findings.setter
    def findings(self, findings: Iterable[Finding]) -> None:
        self.finding_codes, self.finding_details = stored_findings.pack(findings)

    @property
    def referral_reasons(self) -> list[str]:
        """The codes of the findings that put the person on the referral list."""
        return stored_findings.referral_reasons(self.finding_codes)

    @property
    def rule_version(self) -> str:
        return rule_version_name(self.rule_version_ref_id)

    @rule_version.setter
    def rule_version(self, version: str) -> None:
        """The writer registers the version too (`register_rule_versions`), in the same transaction."""
        self.rule_version_ref_id = rule_version_key(version)

    @property
    def check_findings(self) -> list[dict[str, Any]]:
        """The reasons this visit is (or was) held: WHO's flags and the monthly gain or loss."""
        return [f for f in self.findings if is_reason(str(f["code"]))]


class ServiceKind(models.TextChoices):
    VITAMIN_A_BLUE = "vit_a_blue", _("Vitamin A biru (100.000 IU)")
    VITAMIN_A_RED = "vit_a_red", _("Vitamin A merah (200.000 IU)")
    DEWORMING = "deworming", _("Obat cacing")
    ORS = "ors", _("Oralit")
    ZINC = "zinc", _("Zinc")
    SUPPLEMENTARY_FOOD = "pmt", _("Makanan tambahan (PMT)")
    IRON = "iron", _("Tablet tambah darah")
    COUNSELLING = "counselling", _("Konseling / penyuluhan")


class Service(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="services", db_constraint=False)
    kind = models.CharField(_("layanan"), max_length=12, choices=ServiceKind.choices)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="unique_visit_service")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ImmunisationQuerySet(ScopedQuerySet["Immunisation"]):
    region_field = "person__desa_id"
    posyandu_field = "person__posyandu_id"


class Immunisation(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="immunisations")
    vaccine = models.CharField(_("vaksin"), max_length=8)
    date = models.DateField(_("tanggal"))
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )

    objects = ImmunisationQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["person", "vaccine"], name="unique_dose")]

    def __str__(self) -> str:
        return f"{self.vaccine} {self.date}"


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Perlu dirujuk")
    REFERRED = "referred", _("Dirujuk")
    EXAMINED = "examined", _("Diperiksa")
    TREATED = "treated", _("Ditangani")


class ReferralUrgency(models.IntegerChoices):
    """How urgently the health worker should see the person (`rules.referral_urgency`; smaller is sooner)."""

    SEGERA = referral_urgency.SEGERA, _("Segera")
    BIASA = referral_urgency.BIASA, _("Biasa")


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.exclude(status=ReferralStatus.TREATED)

    def with_reason(self, code: str) -> ReferralQuerySet:
        """Referrals that name this reason. `reasons` is a JSON list of codes; its text holds each code in
        quotes on SQLite and PostgreSQL alike, and no code is another's quoted substring."""
        return self.filter(reasons__icontains=f'"{code}"')

    def by_urgency(self) -> ReferralQuerySet:
        """Segera first, then the newest visit first."""
        return self.order_by("urgency", "-visit__date", "-pk")


class Referral(models.Model):
    """A person on the posyandu's referral list for the health worker, raised by a visit's findings. The
    current status (and the facility referred to) is kept here; each follow-up is a `ReferralUpdate`."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, related_name="referral", db_constraint=False
    )
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.PROTECT, related_name="referrals")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)  # finding codes
    urgency = models.PositiveSmallIntegerField(
        _("urgensi"), choices=ReferralUrgency.choices, default=ReferralUrgency.BIASA
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    facility = models.CharField(_("fasilitas rujukan"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at"]
        indexes = [
            # The open referrals of an area (dashboards, the bidan's list) from the index alone; the status is
            # in it because Django binds "treated" as a parameter, which SQLite then checks row by row.
            models.Index(
                fields=["desa", "status"], condition=~models.Q(status="treated"), name="referral_open_desa"
            ),
        ]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")

    def __str__(self) -> str:
        return str(_("Rujukan %(name)s") % {"name": self.person.name})

    @property
    def is_urgent(self) -> bool:
        return self.urgency == ReferralUrgency.SEGERA


class ReferralUpdate(models.Model):
    """One follow-up of a referral: the status it moved to, when, where and the note. The referral's timeline
    is these entries; nothing replaces an earlier one."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices)
    date = models.DateField(_("tanggal tindak lanjut"))
    facility = models.CharField(_("fasilitas rujukan"), max_length=120, blank=True)
    note = models.TextField(_("catatan tindak lanjut"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "at", "pk"]
        verbose_name = _("tindak lanjut rujukan")
        verbose_name_plural = _("tindak lanjut rujukan")

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.date:%d-%m-%Y}"
