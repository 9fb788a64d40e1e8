"""Whether a region's public page is on. A region without a row follows the default: on for a provinsi and a
kabupaten/kota, off for a kecamatan and a desa (a small area's figures come near to its families) until an
officer of the region switches it on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from regions.models import Level, Region

PUBLIC_BY_DEFAULT_UP_TO = Level.KABKOTA


class PublicPageQuerySet(ScopedQuerySet["PublicPage"]):
    region_field = "region_id"
    posyandu_field = None


class PublicPage(models.Model):
    region = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("wilayah")
    )
    is_public = models.BooleanField(_("halaman publik aktif"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("diubah"))

    objects = PublicPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("halaman publik")
        verbose_name_plural = _("halaman publik")

    def __str__(self) -> str:
        return f"{self.region_id}: {'on' if self.is_public else 'off'}"


def public_by_default(region: Region) -> bool:
    return region.level <= PUBLIC_BY_DEFAULT_UP_TO


def is_public(region: Region) -> bool:
    """The officer's choice for the region, else the default of its level."""
    choice = PublicPage.objects.filter(region=region).values_list("is_public", flat=True).first()
    return public_by_default(region) if choice is None else choice


def public_codes(regions: list[Region]) -> set[str]:
    """The codes of those of `regions` whose public page is on (one query)."""
    chosen = dict(PublicPage.objects.filter(region__in=regions).values_list("region_id", "is_public"))
    return {r.code for r in regions if chosen.get(r.code, public_by_default(r))}


DEFAULT_CARD_MESSAGE = _(
    "Ayo bawa balita ke posyandu setiap bulan: ditimbang, diukur, dan dapat vitamin A serta imunisasi."
)


class CardMessageQuerySet(ScopedQuerySet["CardMessage"]):
    region_field = "region_id"
    posyandu_field = None


class CardMessage(models.Model):
    """The message of a region's Tim Pembina printed on the monthly kartu posyandu of its posyandu (issue 17);
    the nearest region above a posyandu that has one speaks for it."""

    region = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("wilayah")
    )
    text = models.CharField(_("pesan Tim Pembina"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("diubah"))

    objects = CardMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("pesan kartu posyandu")
        verbose_name_plural = _("pesan kartu posyandu")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.text[:30]}"


def card_message(region_codes: list[str]) -> str:
    """The message of the nearest of `region_codes` (nearest first) that has one, else the default."""
    found = dict(CardMessage.objects.filter(region_id__in=region_codes).values_list("region_id", "text"))
    return next((found[c] for c in region_codes if c in found), str(DEFAULT_CARD_MESSAGE))
