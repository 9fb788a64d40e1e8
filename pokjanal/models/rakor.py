"""Coordination meetings (rapat koordinasi) of a body and their decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet
from pokjanal.models.bodies import Body, Member
from pokjanal.models.choices import Category


class RakorStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    HELD = "held", _("Terlaksana")
    CANCELLED = "cancelled", pgettext_lazy("status", "Batal")


class RakorQuerySet(ScopedQuerySet["Rakor"]):
    region_field = "body__region_id"
    posyandu_field = None


class Rakor(models.Model):
    """A coordination meeting (rapat koordinasi) of a body. While planned its agenda is built live from the
    body's open actions and its region's data; holding it freezes that agenda into `agenda`."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rakor_set")
    title = models.CharField(_("judul"), max_length=200)
    theme = models.CharField(_("tema"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=200)
    invitation_number = models.CharField(_("nomor undangan"), max_length=100, blank=True)
    extra_agenda = models.TextField(
        _("agenda tambahan"), blank=True, help_text=_("Satu butir per baris; agenda utama disusun otomatis.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RakorStatus.choices, default=RakorStatus.PLANNED
    )
    agenda = models.JSONField(_("agenda saat rapat"), default=dict, blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    guests = models.TextField(_("peserta lain"), blank=True, help_text=_("Satu nama/instansi per baris"))
    attendees = models.ManyToManyField(Member, blank=True, related_name="rakor_attended")
    held_on = models.DateField(_("tanggal terlaksana"), null=True, blank=True)

    objects = RakorQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")

    def __str__(self) -> str:
        return self.title

    @property
    def is_planned(self) -> bool:
        return self.status == RakorStatus.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == RakorStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == RakorStatus.CANCELLED


class DecisionQuerySet(ScopedQuerySet["Decision"]):
    region_field = "rakor__body__region_id"
    posyandu_field = None


class Decision(models.Model):
    rakor = models.ForeignKey(Rakor, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("keputusan"), max_length=500)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("keputusan rakor")
        verbose_name_plural = _("keputusan rakor")

    def __str__(self) -> str:
        return self.text
