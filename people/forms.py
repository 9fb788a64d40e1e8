from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from audit.refusals import NIK_UNUSABLE, refuse_nik
from people.models import Household, Person, PersonStatus, Pregnancy, PregnancyOutcome
from posyandu.forms import DateInput, PosyanduChoiceField
from posyandu.models import Posyandu, Sex
from regions.models import LocalUnit, Region
from rules.nik import check_nik, normalize

if TYPE_CHECKING:
    from accounts.models import User
    from people.actions import HouseholdFields, PersonFields, PregnancyFields


def _not_in_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))


def _region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


class _ByHeadName(ModelChoiceIterator):
    def __init__(self, field: forms.ModelChoiceField) -> None:  # type: ignore[type-arg]  # of Household
        super().__init__(field)
        # RT or dasa wisma → RW → dusun/lingkungan: the whole path in the one query.
        self.queryset = self.queryset.select_related("unit__parent__parent__parent").order_by(
            "head_name", F("unit__name").asc(nulls_last=True), "pk"
        )


class HouseholdSearch(forms.Widget):
    """The household picker as a search (htmx): hundreds of look-alike households make a useless select.
    The results are radio buttons of the field's name; the chosen household stays shown."""

    template_name = "people/widgets/household_search.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = None
        choices = getattr(self, "choices", None)  # the field's choices, over its scoped queryset
        if choices is not None and str(value or "").isdigit():
            household = choices.queryset.filter(pk=value).first()
            chosen = choices.choice(household) if household is not None else None
        context["widget"]["chosen"] = chosen
        return context


class HouseholdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # of Household
    """A household picker. Many households look alike by the head's name alone, so each choice reads
    "Kepala KK — RT 03 / RW 01, Dusun Melati" (the address when no RT is recorded), in name order."""

    iterator = _ByHeadName

    def label_from_instance(self, obj: Household) -> str:
        units = []
        unit = obj.unit
        while unit is not None:
            units.append(f"{unit.get_kind_display()} {unit.name}")
            unit = unit.parent
        where = " / ".join(units[:2]) + "".join(f", {u}" for u in units[2:])
        return f"{obj.head_name} — {where or obj.address or '—'}"


class HouseholdForm(IdempotentModelForm):
    class Meta:
        model = Household
        fields = ["head_name", "kk_number", "address", "posyandu", "unit"]
        field_classes = {"posyandu": PosyanduChoiceField}
        widgets = {"kk_number": forms.TextInput(attrs={"inputmode": "numeric"})}
        error_messages = {"kk_number": {"unique": _("No. KK ini sudah terdaftar.")}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posyandu = self.fields["posyandu"]
        assert isinstance(posyandu, forms.ModelChoiceField)
        posyandu.queryset = Posyandu.objects.visible_to(user).filter(status="active")
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = (
            LocalUnit.objects.visible_to(user).filter(kind__in=["rt", "dasa_wisma"]).select_related("parent")
        )
        unit.label_from_instance = lambda u: u.label  # type: ignore[method-assign,assignment]  # show the full path
        unit.help_text = _("RT atau dasa wisma tempat keluarga ini tinggal.")

    def clean_kk_number(self) -> str:
        return normalize(self.cleaned_data.get("kk_number") or "")

    def household_fields(self) -> HouseholdFields:
        """The cleaned fields as the household actions' keyword arguments (the form's fields are theirs)."""
        return cast("HouseholdFields", self.model_fields())


class PersonForm(IdempotentModelForm):
    confirm_new = forms.BooleanField(
        label=_("Saya sudah memeriksa: ini orang yang berbeda"), required=False, widget=forms.CheckboxInput
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "nik",
            "sex",
            "birth_date",
            "household",
            "posyandu",
            "mother",
            "has_kia_book",
            "phone",
        ]
        field_classes = {"household": HouseholdChoiceField, "posyandu": PosyanduChoiceField}
        widgets = {"birth_date": DateInput(), "nik": forms.TextInput(attrs={"inputmode": "numeric"})}
        error_messages = {"nik": {"unique": NIK_UNUSABLE}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.nik_warnings: list[str] = []
        household = self.fields["household"]
        assert isinstance(household, forms.ModelChoiceField)
        household.queryset = Household.objects.visible_to(user)
        household.widget = HouseholdSearch()
        household.widget.choices = household.choices  # read by the widget
        household.help_text = _(
            "Ketik nama kepala keluarga, No. KK atau alamat lalu pilih; kosongkan bila belum ada dan pilih "
            "posyandu di bawah."
        )
        posyandu = self.fields["posyandu"]
        assert isinstance(posyandu, forms.ModelChoiceField)
        posyandu.queryset = Posyandu.objects.visible_to(user).filter(status="active")
        posyandu.required = False
        posyandu.help_text = _("Diisi otomatis dari rumah tangga bila rumah tangga dipilih.")
        mother = self.fields["mother"]
        assert isinstance(mother, forms.ModelChoiceField)
        mother.queryset = Person.objects.visible_to(user).filter(sex=Sex.FEMALE, merged_into__isnull=True)
        mother.widget = forms.HiddenInput()  # chosen on the household/mother page, or given in the URL
        if self.instance.pk:
            del self.fields["confirm_new"]

    def clean_nik(self) -> str | None:
        nik = normalize(self.cleaned_data.get("nik") or "") or None
        # Checked here rather than by the unique constraint so that the refusal is logged; the message does
        # not say whether the NIK is registered outside the user's area (audit.refusals).
        if nik and Person.objects.filter(nik=nik).exclude(pk=self.saved_pk()).exists():
            raise forms.ValidationError(refuse_nik(self.user.pk, nik, where="person_form"))
        return nik

    def clean_birth_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["birth_date"]
        _not_in_future(value)
        if value < datetime.date(1900, 1, 1):
            raise forms.ValidationError(_("Tanggal lahir tidak masuk akal."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if not data.get("household") and not data.get("posyandu"):
            self.add_error("posyandu", _("Pilih rumah tangga atau posyandu."))
        nik = data.get("nik")
        if nik:
            result = check_nik(
                nik, sex=data.get("sex"), birth_date=data.get("birth_date"), region_exists=_region_exists
            )
            for error in result.errors:
                self.add_error("nik", error)
            self.nik_warnings = result.warnings
        return data

    def model_fields(self) -> dict[str, object]:
        fields = super().model_fields()
        if fields.get("household"):
            fields.pop("posyandu", None)
        return fields

    def person_fields(self) -> PersonFields:
        """The cleaned fields as the person actions' keyword arguments (the form's fields are theirs)."""
        return cast("PersonFields", self.model_fields())


class StatusForm(IdempotentForm):
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        _not_in_future(value)
        return value


class MergeForm(IdempotentForm):
    """The record to merge into, chosen on the merge page and confirmed after comparing both."""

    other = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput(),
        error_messages={
            "required": _("Pilih data tujuan penggabungan."),
            "invalid_choice": _("Pilih data yang ada di wilayah Anda."),
        },
    )

    def __init__(self, candidates: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = self.fields["other"]
        assert isinstance(other, forms.ModelChoiceField)
        other.queryset = candidates


class PregnancyForm(IdempotentModelForm):
    # Shown only when the register asks for it (an HPHT within nifas after the previous pregnancy).
    confirm_soon_after_end = forms.BooleanField(
        label=_("Saya sudah memeriksa: HPHT ini benar"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Pregnancy
        fields = ["lmp_date", "gravida", "para", "abortus", "risk_notes"]
        widgets = {"lmp_date": DateInput(), "risk_notes": forms.Textarea(attrs={"rows": 3})}

    def clean_lmp_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["lmp_date"]
        _not_in_future(value)
        if (timezone.localdate() - value).days > 45 * 7:
            raise forms.ValidationError(_("HPHT lebih dari 45 minggu yang lalu; periksa kembali."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        gravida, para, abortus = data.get("gravida"), data.get("para"), data.get("abortus")
        if gravida is not None and para is not None and abortus is not None and para + abortus >= gravida:
            self.add_error(
                "gravida", _("Kehamilan ke- harus lebih besar dari jumlah persalinan dan keguguran.")
            )
        return data

    def pregnancy_fields(self) -> PregnancyFields:
        """The cleaned fields as `register_pregnancy`'s keyword arguments (the form's fields are theirs)."""
        return cast("PregnancyFields", self.model_fields())

    def ask_confirmation(self, error: ValidationError) -> None:
        """Show the confirmation the register asked for, with its reason next to it."""
        self.fields["confirm_soon_after_end"].widget = forms.CheckboxInput()
        self.add_error("confirm_soon_after_end", error)


class OutcomeForm(IdempotentForm):
    outcome = forms.ChoiceField(
        label=_("Hasil kehamilan"), choices=[c for c in PregnancyOutcome.choices if c[0] != "ongoing"]
    )
    outcome_date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    child_name = forms.CharField(label=_("Nama bayi"), max_length=120, required=False)
    child_sex = forms.ChoiceField(
        label=_("Jenis kelamin bayi"), choices=[("", "—"), *Sex.choices], required=False
    )
    child_has_kia_book = forms.BooleanField(label=_("Bayi punya Buku KIA"), required=False, initial=True)

    def clean_outcome_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["outcome_date"]
        _not_in_future(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if data.get("outcome") == PregnancyOutcome.LIVE_BIRTH:
            if not data.get("child_name"):
                self.add_error("child_name", _("Isi nama bayi (boleh sementara, misalnya 'Bayi Ny. Sari')."))
            if not data.get("child_sex"):
                self.add_error("child_sex", _("Pilih jenis kelamin bayi."))
        return data
