from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from regions.codes import lineage, within_q


class Level(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    DESA_ADAT = "desa_adat", _("Desa adat")


class RegionQuerySet(ScopedQuerySet["Region"]):
    region_field = "code"
    posyandu_field = None

    def within(self, code: str) -> RegionQuerySet:
        return self.filter(within_q("code", code))


class Region(models.Model):
    """An official administrative region; the primary key is the dotted Kemendagri code."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        # Menus built from regions (form choices) show the same name as the pages.
        return self.display_name

    @property
    def display_name(self) -> str:
        # Kabupaten and kota names in the official list already start with their kind ("Kota Bontang"), so
        # the kind is not put in front of them again.
        if self.level == Level.KABKOTA or self.level == Level.PROVINSI:
            return self.name
        return f"{self.get_kind_display()} {self.name}"

    def ancestors(self) -> list[Region]:
        """Parents from the province down, one query."""
        codes = lineage(self.code)[:-1]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class RegionBoundary(models.Model):
    """A region's polygon (GeoJSON geometry), kept apart so region lists never load it."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="boundary")
    geometry = models.JSONField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")

    def __str__(self) -> str:
        return self.region_id


class UnitKind(models.TextChoices):
    DUSUN = "dusun", _("Dusun")
    LINGKUNGAN = "lingkungan", _("Lingkungan")
    RW = "rw", _("RW")
    RT = "rt", _("RT")
    DASA_WISMA = "dasa_wisma", _("Dasa wisma")


# Which kind may sit under which: dusun/lingkungan under the desa, RW under the desa or a dusun, RT under a
# RW (or straight under a dusun where a desa has no RW), dasa wisma under a RT.
ALLOWED_UNIT_PARENTS: dict[str, set[str | None]] = {
    UnitKind.DUSUN: {None},
    UnitKind.LINGKUNGAN: {None},
    UnitKind.RW: {None, UnitKind.DUSUN, UnitKind.LINGKUNGAN},
    UnitKind.RT: {UnitKind.RW, UnitKind.DUSUN, UnitKind.LINGKUNGAN},
    UnitKind.DASA_WISMA: {UnitKind.RT},
}


class LocalUnitQuerySet(ScopedQuerySet["LocalUnit"]):
    posyandu_field = None


class LocalUnit(models.Model):
    """A unit below the desa that users create: dusun/lingkungan, RW, RT, dasa wisma."""

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="local_units", verbose_name=_("desa")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=UnitKind.choices)
    name = models.CharField(_("nama"), max_length=80)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )

    objects = LocalUnitQuerySet.as_manager()

    class Meta:
        ordering = ["desa_id", "kind", "name"]
        verbose_name = _("satuan wilayah lokal")
        verbose_name_plural = _("satuan wilayah lokal")
        constraints = [
            models.UniqueConstraint(fields=["desa", "parent", "kind", "name"], name="unique_local_unit_name"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        names: list[str] = []
        unit: LocalUnit | None = self
        while unit is not None:
            names.append(f"{unit.get_kind_display()} {unit.name}")
            unit = unit.parent
        return " / ".join(reversed(names))

    @property
    def region_code(self) -> str:
        return self.desa_id
