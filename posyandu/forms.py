from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from audit.refusals import NIK_UNUSABLE, refuse_nik
from posyandu.models import (
    BoardRole,
    Condition,
    Kader,
    KaderTraining,
    Posyandu,
    SpmField,
)
from regions.forms import DesaField
from regions.models import Region
from rules.nik import check_nik, normalize

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.actions import KaderFields, PosyanduFields, TrainingFields


class _ByNameAndDesa(ModelChoiceIterator):
    def __init__(self, field: forms.ModelChoiceField) -> None:  # type: ignore[type-arg]  # of Posyandu
        super().__init__(field)
        self.queryset = self.queryset.select_related("desa").order_by("name", "desa__name", "pk")


class PosyanduChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # of Posyandu
    """A posyandu picker. Names repeat across desa (many a "Melati"), so each choice reads "Nama — Desa", in
    name order, then desa."""

    iterator = _ByNameAndDesa

    def label_from_instance(self, obj: Posyandu) -> str:
        return f"{obj.name} — {obj.desa.name}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))


class PosyanduForm(IdempotentModelForm):
    class Meta:
        model = Posyandu
        fields = [
            "code",
            "name",
            "desa",
            "address",
            "rw_rt_covered",
            "opening_day",
            "opening_time",
            "sk_number",
            "sk_date",
            "spm_fields",
            "latitude",
            "longitude",
        ]
        widgets = {
            "spm_fields": forms.CheckboxSelectMultiple,
            "sk_date": DateInput(),
            "opening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        error_messages = {"code": {"unique": _("Kode posyandu ini sudah dipakai.")}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"] = DesaField(user)
        self.fields["latitude"].localize = True
        self.fields["longitude"].localize = True
        if not self.instance.pk:
            self.fields["spm_fields"].initial = ["kesehatan"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        return code

    def clean_sk_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("sk_date")
        _not_in_future(value)
        return value

    def posyandu_fields(self) -> PosyanduFields:
        """The cleaned fields as the posyandu actions' keyword arguments (the form's fields are theirs)."""
        return cast("PosyanduFields", self.model_fields())


class EquipmentForm(forms.Form):
    count = forms.IntegerField(label=_("Jumlah"), min_value=0, max_value=999)
    condition = forms.ChoiceField(label=_("Kondisi"), choices=Condition.choices)


def _region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


class KaderForm(IdempotentModelForm):
    class Meta:
        model = Kader
        fields = ["name", "nik", "sex", "birth_date", "phone", "address", "desa", "level"]
        widgets = {"birth_date": DateInput(), "nik": forms.TextInput(attrs={"inputmode": "numeric"})}
        error_messages = {"nik": {"unique": NIK_UNUSABLE}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"] = DesaField(user, label=_("Desa/kelurahan domisili"))
        self.user = user
        self.nik_warnings: list[str] = []

    def clean_nik(self) -> str | None:
        nik = normalize(self.cleaned_data.get("nik") or "") or None
        # Checked here rather than by the unique constraint so that the refusal is logged; the message does
        # not say whether the NIK is registered outside the user's area (audit.refusals).
        if nik and Kader.objects.filter(nik=nik).exclude(pk=self.saved_pk()).exists():
            raise forms.ValidationError(refuse_nik(self.user.pk, nik, where="kader_form"))
        return nik

    def clean_birth_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("birth_date")
        _not_in_future(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        nik = data.get("nik")
        if nik:
            result = check_nik(
                nik, sex=data.get("sex"), birth_date=data.get("birth_date"), region_exists=_region_exists
            )
            for error in result.errors:
                self.add_error("nik", error)
            self.nik_warnings = result.warnings
        return data

    def kader_fields(self) -> KaderFields:
        """The cleaned fields as the kader actions' keyword arguments (the form's fields are theirs)."""
        return cast("KaderFields", self.model_fields())


class MembershipForm(IdempotentForm):
    posyandu = PosyanduChoiceField(label=_("Posyandu"), queryset=Posyandu.objects.none())
    start_date = forms.DateField(label=_("Mulai bertugas"), widget=DateInput())
    board_role = forms.ChoiceField(label=_("Jabatan"), choices=BoardRole.choices, initial=BoardRole.ANGGOTA)
    spm_field = forms.ModelChoiceField(
        label=_("Bidang SPM"), queryset=SpmField.objects.all(), initial="kesehatan"
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posyandu_field = self.fields["posyandu"]
        assert isinstance(posyandu_field, forms.ModelChoiceField)
        posyandu_field.queryset = Posyandu.objects.visible_to(user).filter(status="active")

    def clean_start_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["start_date"]
        _not_in_future(value)
        return value


class KaderRegistrationForm(KaderForm):
    """A new kader with the posyandu they join."""

    posyandu = PosyanduChoiceField(label=_("Posyandu"), queryset=Posyandu.objects.none())
    start_date = forms.DateField(label=_("Mulai bertugas"), widget=DateInput())
    board_role = forms.ChoiceField(label=_("Jabatan"), choices=BoardRole.choices, initial=BoardRole.ANGGOTA)
    spm_field = forms.ModelChoiceField(
        label=_("Bidang SPM"), queryset=SpmField.objects.all(), initial="kesehatan"
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        posyandu_field = self.fields["posyandu"]
        assert isinstance(posyandu_field, forms.ModelChoiceField)
        posyandu_field.queryset = Posyandu.objects.visible_to(user).filter(status="active")

    def clean_start_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["start_date"]
        _not_in_future(value)
        return value


class EndMembershipForm(IdempotentForm):
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DateInput())

    def clean_end_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["end_date"]
        _not_in_future(value)
        return value


class TrainingForm(IdempotentModelForm):
    class Meta:
        model = KaderTraining
        fields = ["competency_group", "topic", "date", "organiser", "certificate_number"]
        widgets = {"date": DateInput()}

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        _not_in_future(value)
        return value

    def training_fields(self) -> TrainingFields:
        """The cleaned fields as `add_training`'s keyword arguments (the form's fields are theirs)."""
        return cast("TrainingFields", self.model_fields())
