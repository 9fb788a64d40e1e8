"""Forms of coordination meetings (rakor) and their decisions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from pokjanal.actions import ActionTerms
from pokjanal.forms.actions import OwnerFieldsMixin, owner_fields
from pokjanal.forms.fields import (
    PUBLISHED_TEXT_HELP,
    DateTimeInput,
    no_identity_number,
    not_in_future,
    set_queryset,
)
from pokjanal.models import (
    Body,
    Category,
    Member,
    Rakor,
)
from posyandu.forms import DateInput


class RakorForm(IdempotentModelForm):
    class Meta:
        model = Rakor
        fields = ["title", "theme", "starts_at", "place", "invitation_number", "extra_agenda"]
        widgets = {"starts_at": DateTimeInput(), "extra_agenda": forms.Textarea(attrs={"rows": 3})}


class HoldRakorForm(IdempotentForm):
    held_on = forms.DateField(label=_("Tanggal terlaksana"), widget=DateInput())
    attendees = forms.ModelMultipleChoiceField(
        label=_("Anggota yang hadir"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guests = forms.CharField(
        label=_("Peserta lain (satu per baris)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, rakor: Rakor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "attendees", rakor.body.members.filter(active=True).order_by("role", "name"))

    def clean_held_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["held_on"]
        not_in_future(value)
        return value


class DecisionForm(OwnerFieldsMixin, IdempotentForm):
    text = forms.CharField(
        label=_("Keputusan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=PUBLISHED_TEXT_HELP,
        validators=[no_identity_number],
    )
    category = forms.ChoiceField(label=_("Kategori pembinaan"), choices=Category.choices)
    make_action = forms.BooleanField(label=_("Jadikan rencana aksi"), required=False, initial=True)
    due_date = forms.DateField(label=_("Tenggat aksi"), widget=DateInput(), required=False)

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(owner_fields())
        self.setup_owner(body)

    def clean(self) -> dict[str, Any]:
        if not self.data.get("make_action"):
            plain = forms.Form.clean(self)  # a decision without an action needs no owner
            assert plain is not None
            return plain
        data = super().clean()
        if not data.get("due_date"):
            self.add_error("due_date", _("Tenggat wajib diisi untuk rencana aksi."))
        return data

    def follow_up(self) -> ActionTerms | None:
        """The action that carries the decision out, when one was asked for."""
        if not self.cleaned_data.get("make_action"):
            return None
        data = self.cleaned_data
        return ActionTerms(
            description=data["text"],
            due_date=data["due_date"],
            owner_member=data["owner_member"],
            owner_sector=data["owner_sector"],
            owner_partner=data["owner_partner"],
            posyandu=data["posyandu"],
            region=data.get("region") or None,
        )
