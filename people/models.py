"""The life-cycle register: households and the people of a posyandu's area, and pregnancies.

A person belongs to one posyandu's area (through their household); the desa code is kept on the row so that
region scoping is one indexed range filter at any level."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from posyandu.models import Sex, nik_validator
from rules import life_stage

kk_validator = RegexValidator(r"^\d{16}$", _("No. KK harus 16 digit angka."))


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    def matching(self, q: str) -> HouseholdQuerySet:
        """Households whose head's name or address contains `q`, or whose No. KK is `q`."""
        return self.filter(
            models.Q(head_name__icontains=q) | models.Q(kk_number=q) | models.Q(address__icontains=q)
        )


class Household(models.Model):
    kk_number = models.CharField(_("No. KK"), max_length=16, blank=True, validators=[kk_validator])
    head_name = models.CharField(_("nama kepala keluarga"), max_length=120)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.PROTECT, related_name="households", verbose_name=_("posyandu")
    )
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "regions.LocalUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("RT / dasa wisma"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["head_name"]
        verbose_name = _("rumah tangga")
        verbose_name_plural = _("rumah tangga")
        constraints = [
            models.UniqueConstraint(
                fields=["kk_number"], condition=~models.Q(kk_number=""), name="unique_household_kk"
            )
        ]

    def __str__(self) -> str:
        return str(_("Keluarga %(name)s") % {"name": self.head_name})


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    MOVED = "moved", _("Pindah")
    DIED = "died", _("Meninggal")


class PersonQuerySet(ScopedQuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """Alive, not moved away, not merged into another record."""
        return self.filter(status=PersonStatus.ACTIVE, merged_into__isnull=True)

    def in_stage(self, stage: life_stage.Stage, on: datetime.date) -> PersonQuerySet:
        oldest, youngest = life_stage.birth_date_range(stage, on)
        qs = self.filter(birth_date__lte=youngest)
        return qs.filter(birth_date__gte=oldest) if oldest is not None else qs

    def under_five(self, on: datetime.date) -> PersonQuerySet:
        oldest, _youngest = life_stage.birth_date_range(life_stage.Stage.BALITA, on)
        assert oldest is not None
        return self.filter(birth_date__gte=oldest, birth_date__lte=on)


class Person(models.Model):
    nik = models.CharField(
        _("NIK"), max_length=16, unique=True, null=True, blank=True, validators=[nik_validator]
    )
    name = models.CharField(_("nama lengkap"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False, db_index=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("rumah tangga"),
    )
    mother = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ibu kandung"),
    )
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.PROTECT, related_name="people", verbose_name=_("posyandu")
    )
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=6, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    status_date = models.DateField(_("tanggal status"), null=True, blank=True)
    has_kia_book = models.BooleanField(_("punya Buku KIA/KMS"), default=False)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # Indexed only where set (Meta): "merged_into IS NULL" holds for nearly every row, and a full index made
    # SQLite's planner pick it over the NIK index for "this NIK, not merged".
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("warga sasaran")
        verbose_name_plural = _("warga sasaran")
        indexes = [
            models.Index(fields=["posyandu", "birth_date"]),
            models.Index(fields=["desa", "birth_date"]),
            models.Index(
                fields=["merged_into"], name="person_merged_into", condition=Q(merged_into__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's keyword arguments

    @property
    def is_active(self) -> bool:
        """Still served: not moved away or dead."""
        return self.status == PersonStatus.ACTIVE

    def stage(self, on: datetime.date) -> life_stage.Stage:
        return life_stage.stage(self.birth_date, on)

    def age_label(self, on: datetime.date) -> str:
        months = life_stage.completed_months(self.birth_date, on)
        if months < 24:
            return str(_("%(n)d bln") % {"n": months})
        return str(_("%(n)d th") % {"n": months // 12})


class PersonMerge(models.Model):
    """A merge in force: `merged` was merged into `kept`. It holds what the merge moved and changed, so that
    `actions.unmerge_people` restores both records exactly; un-merging deletes it (the audit log keeps both
    events). One per merged record: a record is merged away at most once at a time."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="merge_record")
    # The ids of the rows moved to `kept`, by kind ("visits", "referrals", "immunisations", "pregnancies",
    # "children", "birth_pregnancy").
    moved = models.JSONField(default=dict)
    # The fields of `kept` the merge filled from `merged`: {attname: [before, after]}.
    kept_filled = models.JSONField(default=dict)
    merged_nik = models.CharField(max_length=16, blank=True)  # the NIK `merged` handed to `kept`, or gave up
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


def name_key(name: str) -> str:
    """A comparison key for duplicate search: lower case, letters only, single spaces."""
    letters = "".join(ch if ch.isalpha() else " " for ch in name.lower())
    return " ".join(letters.split())


class PregnancyOutcome(models.TextChoices):
    ONGOING = "ongoing", _("Sedang hamil")
    LIVE_BIRTH = "live_birth", _("Lahir hidup")
    STILLBIRTH = "stillbirth", _("Lahir mati")
    MISCARRIAGE = "miscarriage", _("Keguguran")


class PregnancyQuerySet(ScopedQuerySet["Pregnancy"]):
    region_field = "mother__desa_id"
    posyandu_field = "mother__posyandu_id"

    def ongoing(self) -> PregnancyQuerySet:
        return self.filter(outcome=PregnancyOutcome.ONGOING)


class Pregnancy(models.Model):
    mother = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="pregnancies", verbose_name=_("ibu")
    )
    lmp_date = models.DateField(_("HPHT (hari pertama haid terakhir)"))
    due_date = models.DateField(_("taksiran persalinan"), editable=False)
    gravida = models.PositiveSmallIntegerField(_("kehamilan ke- (G)"), default=1)
    para = models.PositiveSmallIntegerField(_("persalinan sebelumnya (P)"), default=0)
    abortus = models.PositiveSmallIntegerField(_("keguguran (A)"), default=0)
    risk_notes = models.TextField(_("catatan risiko"), blank=True)
    outcome = models.CharField(
        _("hasil"), max_length=12, choices=PregnancyOutcome.choices, default=PregnancyOutcome.ONGOING
    )
    outcome_date = models.DateField(_("tanggal persalinan/berakhir"), null=True, blank=True)
    child = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="birth_pregnancy"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PregnancyQuerySet.as_manager()

    class Meta:
        ordering = ["-lmp_date"]
        verbose_name = _("kehamilan")
        verbose_name_plural = _("kehamilan")

    def __str__(self) -> str:
        return str(
            _("Kehamilan %(name)s (HPHT %(date)s)") % {"name": self.mother.name, "date": self.lmp_date}
        )

    def save(self, *args: object, **kwargs: object) -> None:
        self.due_date = due_date(self.lmp_date)
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's keyword arguments

    @property
    def is_ongoing(self) -> bool:
        return self.outcome == PregnancyOutcome.ONGOING

    def weeks_on(self, day: datetime.date) -> int:
        return (day - self.lmp_date).days // 7

    def in_nifas(self, day: datetime.date) -> bool:
        """The 42 days after delivery (docs/domain.md "Age and life stages")."""
        if self.outcome_date is None or self.outcome == PregnancyOutcome.ONGOING:
            return False
        return 0 <= (day - self.outcome_date).days <= life_stage.NIFAS_DAYS


def due_date(lmp: datetime.date) -> datetime.date:
    """Naegele's rule: 280 days after the first day of the last menstrual period."""
    return lmp + datetime.timedelta(days=280)
