"""Forms of actions: the owner fields, a new action, its follow-up and an aksi nyata."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm
from pokjanal.forms.fields import (
    EvidenceFilesField,
    not_in_future,
    set_queryset,
)
from pokjanal.models import (
    ActionStatus,
    Body,
    Category,
    Member,
    Sector,
)
from posyandu.forms import DateInput
from posyandu.models import Posyandu
from regions.codes import child_level, within_q
from regions.models import Region


class OwnerFieldsMixin(forms.Form):
    """The owner of an action: a member of the body, an OPD/sector, or a partner; at least one."""

    def setup_owner(self, body: Body) -> None:
        set_queryset(self, "owner_member", body.members.filter(active=True).order_by("role", "name"))
        set_queryset(
            self,
            "region",
            Region.objects.filter(
                within_q("code", body.region_id), level__lte=child_level(body.region_id)
            ).order_by("code"),
        )
        set_queryset(
            self,
            "posyandu",
            Posyandu.objects.filter(within_q("desa_id", body.region_id), status="active").order_by("name"),
        )
        self.fields["owner_sector"].help_text = role_map_hint(body)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if not (data.get("owner_member") or data.get("owner_sector") or data.get("owner_partner")):
            raise ValidationError(_("Isi penanggung jawab: anggota, OPD/sektor atau mitra."))
        return data


def role_map_hint(body: Body) -> str:
    """The body's sector role map in one line, shown under the owner so the suggestion can be checked."""
    leads: dict[str, list[str]] = {}
    for role in body.sector_roles.all():
        leads.setdefault(role.get_category_display(), []).append(
            f"{role.get_sector_display()}{' *' if role.is_lead else ''}"
        )
    if not leads:
        return ""
    parts = [f"{category}: {', '.join(sectors)}" for category, sectors in leads.items()]
    return _("Peta peran sektor (* = penanggung jawab utama) — %(map)s") % {"map": "; ".join(parts)}


def owner_fields() -> dict[str, forms.Field]:
    return {
        "owner_member": forms.ModelChoiceField(
            label=_("Penanggung jawab (anggota)"), queryset=Member.objects.none(), required=False
        ),
        "owner_sector": forms.ChoiceField(
            label=_("Penanggung jawab (OPD/sektor)"),
            choices=[("", "---------"), *Sector.choices],
            required=False,
        ),
        "owner_partner": forms.CharField(label=_("Mitra (mis. perusahaan)"), max_length=150, required=False),
        "region": forms.ModelChoiceField(
            label=_("Wilayah sasaran"),
            queryset=Region.objects.none(),
            required=False,
            help_text=_("Kosongkan bila sasaran adalah seluruh wilayah tim."),
        ),
        "posyandu": forms.ModelChoiceField(
            label=_("Posyandu sasaran"), queryset=Posyandu.objects.none(), required=False
        ),
    }


class ActionForm(OwnerFieldsMixin, IdempotentForm):
    description = forms.CharField(
        label=_("Uraian kegiatan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Kategori pembinaan"), choices=Category.choices)
    due_date = forms.DateField(label=_("Tenggat"), widget=DateInput())

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(owner_fields())
        self.order_fields(
            ["description", "category", "owner_member", "owner_sector", "owner_partner", "due_date"]
        )
        self.setup_owner(body)

    def action_fields(self) -> dict[str, Any]:
        keys = [
            "description",
            "category",
            "owner_member",
            "owner_sector",
            "owner_partner",
            "due_date",
            "posyandu",
        ]
        fields = {k: self.cleaned_data[k] for k in keys}
        if self.cleaned_data.get("region"):
            fields["region"] = self.cleaned_data["region"]
        return fields


class FollowUpForm(IdempotentForm):
    status = forms.ChoiceField(label=_("Status sekarang"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Tindak lanjut yang dilakukan"), widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    evidence_files = EvidenceFilesField(label=_("Bukti (foto atau PDF)"))
    caption = forms.CharField(label=_("Keterangan bukti"), max_length=200, required=False)

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        not_in_future(value)
        return value


class RealActionForm(OwnerFieldsMixin, IdempotentForm):
    description = forms.CharField(
        label=_("Aksi nyata"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Kategori pembinaan"), choices=Category.choices)
    done_on = forms.DateField(label=_("Tanggal dilaksanakan"), widget=DateInput())
    evidence_files = EvidenceFilesField(label=_("Bukti (foto atau PDF)"))

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(owner_fields())
        self.setup_owner(body)

    def clean_done_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["done_on"]
        not_in_future(value)
        return value

    def action_fields(self) -> dict[str, Any]:
        keys = [
            "description",
            "category",
            "owner_member",
            "owner_sector",
            "owner_partner",
            "posyandu",
            "done_on",
        ]
        fields = {k: self.cleaned_data[k] for k in keys}
        if self.cleaned_data.get("region"):
            fields["region"] = self.cleaned_data["region"]
        return fields
