"""Actions (rencana aksi, rencana tindak lanjut, aksi nyata) with their follow-ups and evidence files."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet, scope_q
from pokjanal.models.bodies import Body, Member
from pokjanal.models.choices import Category, Sector
from pokjanal.models.problems import Problem
from pokjanal.models.rakor import Decision

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", pgettext_lazy("status", "Batal")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.RUNNING)


class ActionOrigin(models.TextChoices):
    PROBLEM = "masalah", _("Dari masalah posyandu")
    DECISION = "rakor", _("Dari keputusan rakor")
    REAL = "aksi_nyata", _("Aksi nyata yang dilaporkan")
    PLAN = "rencana", _("Rencana kerja tim")


class ActionQuerySet(ScopedQuerySet["Action"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Seen where it happens (its region) or by the body that owns it: a higher body sees the actions of
        every body below it (roll-up), a lower body sees what a higher body asked of its area."""
        return self.filter(
            scope_q(user, region_field="region_id") | scope_q(user, region_field="body__region_id")
        )

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today)

    def with_overdue(self, today: datetime.date) -> ActionQuerySet:
        """Each action with `is_late`: still open and past its due date on `today`."""
        late = Q(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)
        return self.annotate(is_late=ExpressionWrapper(late, output_field=BooleanField()))


class Action(models.Model):
    """A rencana aksi / rencana tindak lanjut, or an aksi nyata reported by a lower body."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="actions", verbose_name=_("tim"))
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah sasaran"),
    )
    posyandu = models.ForeignKey(
        "posyandu.Posyandu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pokjanal_actions",
        verbose_name=_("posyandu sasaran"),
    )
    origin = models.CharField(_("asal"), max_length=10, choices=ActionOrigin.choices)
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.CharField(_("uraian kegiatan"), max_length=500)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    owner_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("penanggung jawab (anggota)"),
    )
    owner_sector = models.CharField(
        _("penanggung jawab (OPD/sektor)"), max_length=14, choices=Sector.choices, blank=True
    )
    owner_partner = models.CharField(
        _("mitra"), max_length=150, blank=True, help_text=_("Misalnya perusahaan pemberi CSR")
    )
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    created_on = models.DateField(_("dibuat"))

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        indexes = [models.Index(fields=["body", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_member__isnull=True, owner_sector="", owner_partner=""),
                name="action_has_an_owner",
                violation_error_message=_("Isi penanggung jawab: anggota, OPD/sektor atau mitra."),
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date < today

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActionStatus.CANCELLED

    @property
    def owner_label(self) -> str:
        parts = []
        if self.owner_member_id is not None and self.owner_member is not None:
            parts.append(self.owner_member.name)
        if self.owner_sector:
            parts.append(str(self.get_owner_sector_display()))
        if self.owner_partner:
            parts.append(self.owner_partner)
        return " · ".join(parts)


class ActionUpdateQuerySet(ScopedQuerySet["ActionUpdate"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(action__in=Action.objects.visible_to(user))


class ActionUpdate(models.Model):
    """One follow-up of an action: its status from then on and what was done."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("tindak lanjut"))
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_status_display()}"


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(action__in=Action.objects.visible_to(user))


class Evidence(models.Model):
    """A file or photo proving an action. Stored under MEDIA_ROOT with an unguessable name and served only
    by an access-checked view (never by a public URL)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        ActionUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    path = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
