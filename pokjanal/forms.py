from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User as UserModel
from audit.forms import IdempotentForm, IdempotentModelForm
from pokjanal import checklist
from pokjanal.actions import validate_evidence
from pokjanal.models import (
    ActionStatus,
    AdditionalProgramme,
    Body,
    Category,
    FundingSource,
    Member,
    Need,
    NeedStatus,
    Problem,
    ProblemKind,
    ProblemStatus,
    Rakor,
    Sector,
    SectorRole,
    StrataAssessment,
)
from posyandu.forms import DateInput
from posyandu.models import Posyandu
from regions.codes import child_level, within_q
from regions.filters import filter_options
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import User


def _not_in_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RupiahField(forms.IntegerField):
    """Whole rupiah, written as people write them: "12.000.000", "12 000 000" or "Rp 12.000.000"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        kwargs.setdefault(
            "error_messages", {"invalid": _("Tulis jumlah rupiah dengan angka, misalnya 12.000.000.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().removeprefix("Rp").removeprefix("rp").replace(".", "").replace(" ", "")
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Zero or more photos or PDF files (Django's documented pattern for a multiple file input)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(EvidenceFilesField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_evidence(upload)
        return cleaned


def _set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class BodyForm(IdempotentModelForm):
    class Meta:
        model = Body
        fields = [
            "region",
            "name",
            "sk_number",
            "sk_date",
            "sk_signed_by",
            "term_start",
            "term_end",
            "rakor_target_per_year",
        ]
        widgets = {"sk_date": DateInput(), "term_start": DateInput(), "term_end": DateInput()}
        error_messages = {"region": {"unique": _("Wilayah ini sudah punya Tim Pembina.")}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [r.code for r in filter_options(user)]
        _set_queryset(self, "region", Region.objects.filter(code__in=codes))
        if self.instance.pk:
            self.fields["region"].disabled = True

    def clean_sk_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("sk_date")
        _not_in_future(value)
        return value


class MemberForm(IdempotentModelForm):
    class Meta:
        model = Member
        fields = ["name", "institution", "sector", "role", "phone", "user", "active"]

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "user",
            UserModel.objects.filter(within_q("region_id", body.region_id), is_active=True).order_by(
                "username"
            ),
        )
        self.fields["user"].help_text = _("Akun pengguna anggota ini, jika ada.")


class SectorRoleForm(IdempotentModelForm):
    class Meta:
        model = SectorRole
        fields = ["sector", "category", "programme", "responsibility", "is_lead"]


class ProblemForm(IdempotentModelForm):
    class Meta:
        model = Problem
        fields = ["kind", "category", "severity", "description", "found_on"]
        widgets = {"found_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        self.fields["found_on"].initial = timezone.localdate()
        self.fields["kind"].initial = ProblemKind.OTHER

    def clean_found_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["found_on"]
        _not_in_future(value)
        return value


class ProblemStatusForm(IdempotentForm):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)


class SupervisionVisitForm(IdempotentForm):
    date = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput())
    visitors = forms.CharField(label=_("Petugas yang berkunjung"), max_length=250)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(checklist.YES, _("Ya")), (checklist.NO, _("Tidak"))]
        for item in checklist.ITEMS:
            self.fields[f"q_{item.code}"] = forms.ChoiceField(
                label=str(item.question), choices=choices, widget=forms.RadioSelect, required=False
            )

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        _not_in_future(value)
        return value

    def answers(self) -> dict[str, str]:
        return {
            item.code: self.cleaned_data[f"q_{item.code}"]
            for item in checklist.ITEMS
            if self.cleaned_data.get(f"q_{item.code}")
        }

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{item.code}"] for item in checklist.ITEMS]


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
        _set_queryset(self, "attendees", rakor.body.members.filter(active=True).order_by("role", "name"))

    def clean_held_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["held_on"]
        _not_in_future(value)
        return value


class OwnerFieldsMixin(forms.Form):
    """The owner of an action: a member of the body, an OPD/sector, or a partner; at least one."""

    def setup_owner(self, body: Body) -> None:
        _set_queryset(self, "owner_member", body.members.filter(active=True).order_by("role", "name"))
        _set_queryset(
            self,
            "region",
            Region.objects.filter(
                within_q("code", body.region_id), level__lte=child_level(body.region_id)
            ).order_by("code"),
        )
        _set_queryset(
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


def _owner_fields() -> dict[str, forms.Field]:
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
        self.fields.update(_owner_fields())
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


class DecisionForm(OwnerFieldsMixin, IdempotentForm):
    text = forms.CharField(label=_("Keputusan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("Kategori pembinaan"), choices=Category.choices)
    make_action = forms.BooleanField(label=_("Jadikan rencana aksi"), required=False, initial=True)
    due_date = forms.DateField(label=_("Tenggat aksi"), widget=DateInput(), required=False)

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_owner_fields())
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

    def action_fields(self) -> dict[str, Any] | None:
        if not self.cleaned_data.get("make_action"):
            return None
        keys = ["owner_member", "owner_sector", "owner_partner", "due_date", "posyandu"]
        fields = {k: self.cleaned_data[k] for k in keys}
        fields["description"] = self.cleaned_data["text"]
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
        _not_in_future(value)
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
        self.fields.update(_owner_fields())
        self.setup_owner(body)

    def clean_done_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["done_on"]
        _not_in_future(value)
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


class NeedForm(IdempotentModelForm):
    estimated_cost_rp = RupiahField(label=_("Perkiraan biaya (Rp)"), required=False)

    class Meta:
        model = Need
        fields = ["kind", "description", "priority", "estimated_cost_rp"]


class HandleNeedForm(IdempotentModelForm):
    class Meta:
        model = Need
        fields = ["status", "assigned_sector", "sponsor", "funding_source", "met_on", "note"]
        widgets = {"met_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if data.get("status") in (NeedStatus.ASSIGNED, NeedStatus.MET) and not (
            data.get("assigned_sector") or data.get("sponsor")
        ):
            self.add_error("assigned_sector", _("Pilih OPD/sektor atau isi pemberi dukungan."))
        return data


class FundingForm(IdempotentForm):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)
    amount_rp = RupiahField(label=_("Jumlah (Rp)"))
    note = forms.CharField(label=_("Catatan"), max_length=200, required=False)


class AssessmentInputsForm(IdempotentModelForm):
    additional_programmes = forms.MultipleChoiceField(
        label=_("Program tambahan yang berjalan"),
        choices=AdditionalProgramme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = StrataAssessment
        fields = ["additional_programmes", "households", "dana_sehat_households"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        households, covered = data.get("households"), data.get("dana_sehat_households")
        if covered is not None and households is not None and covered > households:
            self.add_error(
                "dana_sehat_households", _("KK peserta dana sehat tidak boleh melebihi jumlah KK.")
            )
        return data


class TransitionForm(IdempotentForm):
    note = forms.CharField(label=_("Catatan/alasan"), max_length=300, required=False)
