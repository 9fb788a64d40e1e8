from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    KADER = "kader", _("Kader posyandu")
    BIDAN = "bidan", _("Bidan/Puskesmas")
    POKJA_DESA = "pokja_desa", _("Pokja desa/kelurahan")
    POKJANAL_KECAMATAN = "pokjanal_kecamatan", _("Tim Pembina kecamatan")
    POKJANAL_KABKOTA = "pokjanal_kabkota", _("Tim Pembina kabupaten/kota")
    POKJANAL_PROVINSI = "pokjanal_provinsi", _("Tim Pembina provinsi")
    ADMIN = "admin", _("Administrator")


# The region level a role's `region` must have (kader and bidan are scoped otherwise).
ROLE_REGION_LEVEL = {
    Role.POKJA_DESA: 4,
    Role.POKJANAL_KECAMATAN: 3,
    Role.POKJANAL_KABKOTA: 2,
    Role.POKJANAL_PROVINSI: 1,
}

# Roles that run the registry of posyandu (create, edit, deactivate); kader keep their own posyandu's data.
OFFICER_ROLES = {
    Role.POKJA_DESA,
    Role.POKJANAL_KECAMATAN,
    Role.POKJANAL_KABKOTA,
    Role.POKJANAL_PROVINSI,
    Role.ADMIN,
}


class User(AbstractUser):
    """A login. Its scope is one posyandu (kader), a set of desa (bidan), one region (Pokja, Tim Pembina) or
    everything (administrator); `read_only` users may look but never write."""

    role = models.CharField(_("peran"), max_length=24, choices=Role.choices, blank=True)
    read_only = models.BooleanField(_("hanya baca"), default=False)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah"),
    )
    posyandu = models.ForeignKey(
        "posyandu.Posyandu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kader_users",
        verbose_name=_("posyandu"),
    )
    desa_coverage = models.ManyToManyField(
        "regions.Region", blank=True, related_name="bidan_users", verbose_name=_("desa wilayah kerja")
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def can_write(self) -> bool:
        return self.is_active and bool(self.role) and not self.read_only

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES
