from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet, scope_of, scope_q
from rules import months as month_rules
from rules import service as service_rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))


class SpmField(models.Model):
    """One of the six SPM fields a posyandu serves since Permendagri 13/2024."""

    code = models.SlugField(primary_key=True, max_length=30)
    name = models.CharField(_("nama"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("bidang SPM")
        verbose_name_plural = _("bidang SPM")

    def __str__(self) -> str:
        return self.name


class PosyanduStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif beroperasi")
    INACTIVE = "inactive", _("Tidak aktif")


class PosyanduQuerySet(ScopedQuerySet["Posyandu"]):
    posyandu_field = "pk"


class Posyandu(models.Model):
    code = models.CharField(_("kode posyandu"), max_length=24, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    desa = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="posyandu_set",
        verbose_name=_("desa/kelurahan"),
    )
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    rw_rt_covered = models.CharField(
        _("RW/RT yang dilayani"), max_length=200, blank=True, help_text=_("Misalnya: RW 01 (RT 01–05), RW 02")
    )
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    opening_day = models.PositiveSmallIntegerField(
        _("tanggal buka tiap bulan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    opening_time = models.TimeField(
        _("jam buka"), null=True, blank=True, help_text=_("Jam mulai pelayanan, misalnya 08.00.")
    )
    sk_number = models.CharField(_("nomor SK pembentukan"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    spm_fields = models.ManyToManyField(SpmField, blank=True, verbose_name=_("bidang SPM yang dilayani"))
    status = models.CharField(
        _("status"), max_length=10, choices=PosyanduStatus.choices, default=PosyanduStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PosyanduQuerySet.as_manager()

    class Meta:
        ordering = ["desa_id", "name"]
        verbose_name = _("posyandu")
        verbose_name_plural = _("posyandu")
        indexes = [models.Index(fields=["desa", "status"])]

    def __str__(self) -> str:
        return f"Posyandu {self.name}"

    def next_opening(self, today: datetime.date) -> datetime.date | None:
        """The next monthly opening date from `today` (today included), None when no day is set."""
        return month_rules.next_monthly_date(self.opening_day, today) if self.opening_day else None

    @property
    def is_active(self) -> bool:
        return self.status == PosyanduStatus.ACTIVE


class EquipmentItem(models.Model):
    """A kind of equipment kept in inventories; administrators add items."""

    name = models.CharField(_("nama alat"), max_length=100, unique=True)
    is_essential = models.BooleanField(_("alat esensial"), default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jenis alat")
        verbose_name_plural = _("jenis alat")

    def __str__(self) -> str:
        return self.name


class Condition(models.TextChoices):
    GOOD = "baik", _("Baik")
    DAMAGED = "rusak_ringan", _("Rusak ringan")
    BROKEN = "rusak_berat", _("Rusak berat")


class PosyanduEquipment(models.Model):
    posyandu = models.ForeignKey(Posyandu, on_delete=models.CASCADE, related_name="equipment")
    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, verbose_name=_("alat"))
    count = models.PositiveSmallIntegerField(_("jumlah"), default=0)
    condition = models.CharField(
        _("kondisi"), max_length=14, choices=Condition.choices, default=Condition.GOOD
    )

    class Meta:
        ordering = ["item__order", "item__name"]
        verbose_name = _("inventaris alat")
        verbose_name_plural = _("inventaris alat")
        constraints = [models.UniqueConstraint(fields=["posyandu", "item"], name="unique_equipment_item")]

    def __str__(self) -> str:
        return f"{self.item} ({self.count})"

    @property
    def in_good_condition(self) -> bool:
        return self.condition == Condition.GOOD


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class KaderLevel(models.TextChoices):
    PURWA = "purwa", _("Purwa")
    MADYA = "madya", _("Madya")
    UTAMA = "utama", _("Utama")


class KaderQuerySet(ScopedQuerySet["Kader"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """A kader is seen where a posyandu they serve (or served) is seen, or where they live."""
        memberships = KaderMembership.objects.visible_to(user).values("kader_id")
        if scope_of(user).posyandu_id is not None:
            return self.filter(pk__in=memberships)
        return self.filter(models.Q(pk__in=memberships) | scope_q(user, region_field="desa_id"))


class Kader(models.Model):
    nik = models.CharField(
        _("NIK"), max_length=16, unique=True, null=True, blank=True, validators=[nik_validator]
    )
    name = models.CharField(_("nama lengkap"), max_length=120)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    desa = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan domisili"),
    )
    level = models.CharField(_("jenjang kader"), max_length=6, choices=KaderLevel.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KaderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kader")
        verbose_name_plural = _("kader")

    def __str__(self) -> str:
        return self.name

    def service(self, as_of: datetime.date) -> service_rules.Service:
        return service_rules.service(((m.start_date, m.end_date) for m in self.memberships.all()), as_of)


class BoardRole(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    ANGGOTA = "anggota", _("Anggota")


class KaderMembershipQuerySet(ScopedQuerySet["KaderMembership"]):
    region_field = "posyandu__desa_id"


class KaderMembership(models.Model):
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="memberships")
    posyandu = models.ForeignKey(
        Posyandu, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("posyandu")
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    board_role = models.CharField(
        _("jabatan"), max_length=12, choices=BoardRole.choices, default=BoardRole.ANGGOTA
    )
    spm_field = models.ForeignKey(
        SpmField, on_delete=models.PROTECT, default="kesehatan", verbose_name=_("bidang SPM")
    )

    objects = KaderMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("keanggotaan kader")
        verbose_name_plural = _("keanggotaan kader")
        indexes = [models.Index(fields=["posyandu", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kader} @ {self.posyandu}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class CompetencyGroup(models.TextChoices):
    """The five Kemenkes kader competency groups (Kurikulum Pelatihan Kader Posyandu 2023)."""

    MANAGEMENT = "pengelolaan", _("Pengelolaan posyandu")
    INFANT = "bayi_balita", _("Bayi dan balita")
    PREGNANCY = "ibu_hamil", _("Ibu hamil dan menyusui")
    SCHOOL = "usia_sekolah", _("Usia sekolah dan remaja")
    ADULT = "dewasa_lansia", _("Usia dewasa dan lansia")


class KaderTrainingQuerySet(ScopedQuerySet["KaderTraining"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(kader__in=Kader.objects.visible_to(user))


class KaderTraining(models.Model):
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="trainings")
    competency_group = models.CharField(
        _("kelompok kompetensi"), max_length=14, choices=CompetencyGroup.choices
    )
    topic = models.CharField(_("materi"), max_length=200)
    date = models.DateField(_("tanggal"))
    organiser = models.CharField(_("penyelenggara"), max_length=150, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)

    objects = KaderTrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("pelatihan kader")
        verbose_name_plural = _("pelatihan kader")

    def __str__(self) -> str:
        return f"{self.topic} ({self.date})"
