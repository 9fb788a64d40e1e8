from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
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


# How far up a role reaches, as a region level (0 = the whole country). Nobody grants a role that reaches
# higher than their own: kader and bidan work inside one desa or a set of desa, so they reach a desa.
ROLE_REACH = {Role.ADMIN: 0, **ROLE_REGION_LEVEL, Role.BIDAN: 4, Role.KADER: 4}

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User | AnonymousUser) -> UserQuerySet:
        """The logins a user manages: everyone for an administrator; for an officer (Pokja, Tim Pembina), the
        logins whose whole scope lies within the officer's region (a kader through the posyandu's desa, a
        bidan through every desa of the set), never an administrator or staff login; nobody for the rest.
        Read-only officers are included so that a write to a login they can see is a 403, not a 404."""
        from accounts.scope import scope_of
        from regions.codes import within_any_q

        if not user.is_authenticated or not user.is_active or user.role not in OFFICER_ROLES:
            return self.none()
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        codes = scope.region_codes
        coverage = User.desa_coverage.through.objects.filter(user_id=OuterRef("pk"))
        bidan = (
            Q(role=Role.BIDAN)
            & Exists(coverage)
            & ~Exists(coverage.exclude(within_any_q("region_id", codes)))
        )
        in_scope = (
            (Q(role__in=ROLE_REGION_LEVEL) & within_any_q("region_id", codes))
            | (Q(role=Role.KADER) & within_any_q("posyandu__desa_id", codes))
            | bidan
        )
        return self.filter(in_scope, is_staff=False, is_superuser=False)


class ProjectUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]  # django-stubs cannot follow from_queryset in a base
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        """`manage.py createsuperuser` makes the first administrator of the application, who then creates
        every other login on the user pages (a superuser without a role could write nothing)."""
        extra_fields.setdefault("role", Role.ADMIN)
        user: User = super().create_superuser(username, email, password, **extra_fields)
        return user


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

    objects: ClassVar[ProjectUserManager] = ProjectUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def can_write(self) -> bool:
        return self.is_active and bool(self.role) and not self.read_only

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def is_kader(self) -> bool:
        return self.role == Role.KADER

    @property
    def is_bidan(self) -> bool:
        return self.role == Role.BIDAN

    @property
    def area_label(self) -> str:
        """The login's area in words: its posyandu, desa or region (prefetch `desa_coverage` in lists)."""
        if self.role == Role.KADER and self.posyandu is not None:
            return f"{self.posyandu.name} — {self.posyandu.desa.display_name}"
        if self.role == Role.BIDAN:
            return ", ".join(d.display_name for d in sorted(self.desa_coverage.all(), key=lambda d: d.code))
        if self.role == Role.ADMIN:
            return str(_("Seluruh wilayah"))
        return self.region.display_name if self.region is not None else ""

    @property
    def can_manage_users(self) -> bool:
        """Administrators, and officers who may write, create and change the logins of their area."""
        return self.can_write and self.is_officer
