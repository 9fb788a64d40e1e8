"""The Tim Pembina Posyandu (Pokjanal) and Pokja desa: a body per region, its members and the sector role
map."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from pokjanal.models.choices import Category, Programme, Sector


class BodyQuerySet(ScopedQuerySet["Body"]):
    region_field = "region_id"
    posyandu_field = None


class Body(models.Model):
    """A Tim Pembina Posyandu / Pokjanal (provinsi, kabupaten/kota, kecamatan) or Pokja (desa/kelurahan)."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="pokjanal_body", verbose_name=_("wilayah")
    )
    name = models.CharField(_("nama"), max_length=200)
    sk_number = models.CharField(_("nomor SK"), max_length=120, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    sk_signed_by = models.CharField(
        _("ditetapkan oleh"), max_length=120, blank=True, help_text=_("Misalnya: Wali Kota Bontang")
    )
    term_start = models.DateField(_("masa kerja mulai"), null=True, blank=True)
    term_end = models.DateField(_("masa kerja selesai"), null=True, blank=True)
    rakor_target_per_year = models.PositiveSmallIntegerField(
        _("target rakor per tahun"), default=2, validators=[MaxValueValidator(24)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Tim Pembina Posyandu")
        verbose_name_plural = _("Tim Pembina Posyandu")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="body_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    PEMBINA = "pembina", _("Pembina/penasehat")
    KETUA = "ketua", _("Ketua")
    WAKIL = "wakil", _("Wakil ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    KOORDINATOR = "koordinator", _("Koordinator bidang")
    ANGGOTA = "anggota", _("Anggota")


class MemberQuerySet(ScopedQuerySet["Member"]):
    region_field = "body__region_id"
    posyandu_field = None


class Member(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(
        _("instansi/OPD"), max_length=150, help_text=_("Misalnya: Dinas Kesehatan, Puskesmas Bontang Utara")
    )
    sector = models.CharField(_("sektor"), max_length=14, choices=Sector.choices)
    role = models.CharField(_("jabatan dalam tim"), max_length=12, choices=MemberRole.choices)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pokjanal_memberships",
        verbose_name=_("akun pengguna"),
    )
    active = models.BooleanField(_("aktif"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "role", "name"]
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class SectorRoleQuerySet(ScopedQuerySet["SectorRole"]):
    region_field = "body__region_id"
    posyandu_field = None


class SectorRole(models.Model):
    """One cell of the sector role map: what a sector has agreed to do for a category (and programme)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sector_roles")
    sector = models.CharField(_("sektor"), max_length=14, choices=Sector.choices)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    programme = models.CharField(_("program"), max_length=10, choices=Programme.choices, blank=True)
    responsibility = models.CharField(_("tanggung jawab yang disepakati"), max_length=300)
    is_lead = models.BooleanField(_("penanggung jawab utama"), default=False)

    objects = SectorRoleQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "category", "-is_lead", "sector"]
        verbose_name = _("peran sektor")
        verbose_name_plural = _("peta peran sektor")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "sector", "category", "programme"], name="unique_sector_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} · {self.get_category_display()}"
