"""Forms of the user pages. They offer only what the officer may grant (roles that reach no higher than
their own, areas within their region); `accounts.actions` decides again, so a forged request gains nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ROLE_REACH, Role
from audit.forms import IdempotentForm
from posyandu.forms import PosyanduChoiceField
from posyandu.models import Posyandu
from regions.forms import SELECT_LIMIT
from regions.models import Level, Region

if TYPE_CHECKING:
    from accounts.models import User

# Above this many desa a list of checkboxes is unusable on a phone; the officer types the codes instead.
CHECKBOX_LIMIT = 100


class CodeListInput(forms.TextInput):
    """Region codes typed into one box, separated by commas or spaces."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", str(data.get(name, ""))) if code]

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return super().format_value(value)


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # of Region
    def label_from_instance(self, obj: Region) -> str:
        parent = f" — {obj.parent.name}" if obj.parent else ""
        return f"{obj.display_name}{parent}"


class DesaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # of Region
    def label_from_instance(self, obj: Region) -> str:
        parent = f" — {obj.parent.name}" if obj.parent else ""
        return f"{obj.display_name}{parent}"


def grantable_roles(actor: User) -> list[tuple[str, str]]:
    """The roles `actor` may give: those that reach no higher than the actor's own."""
    reach = ROLE_REACH[Role(actor.role)]
    return [(value, str(label)) for value, label in Role.choices if ROLE_REACH[Role(value)] >= reach]


class UserForm(IdempotentForm):
    """A login's name, role, area and read-only flag; with `new=True` also its user name and password."""

    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_("Untuk masuk; huruf, angka dan @ . + - _ saja, tanpa spasi."),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=300)
    phone = forms.CharField(
        label=_("Telepon"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    role = forms.ChoiceField(
        label=_("Peran"),
        error_messages={
            "invalid_choice": _("Anda tidak dapat memberikan peran yang lebih tinggi dari peran Anda.")
        },
    )
    region = RegionChoiceField(
        label=_("Wilayah (untuk Pokja desa dan Tim Pembina)"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Tingkatnya mengikuti peran: desa/kelurahan, kecamatan, kabupaten/kota atau provinsi."),
        error_messages={"invalid_choice": _("Wilayah tidak ditemukan di wilayah Anda.")},
    )
    posyandu = PosyanduChoiceField(
        label=_("Posyandu (untuk kader)"),
        queryset=Posyandu.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Posyandu tidak ditemukan di wilayah Anda.")},
    )
    desa = DesaChoiceField(
        label=_("Desa wilayah kerja (untuk bidan)"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Desa/kelurahan %(value)s tidak ditemukan di wilayah Anda.")},
    )
    read_only = forms.BooleanField(label=_("Hanya baca (tidak dapat mengubah data)"), required=False)
    password = forms.CharField(
        label=_("Kata sandi sementara"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Sampaikan kepada pengguna secara langsung; minta ia menggantinya setelah masuk."),
    )
    password_again = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, actor: User, *args: Any, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            for name in ("username", "password", "password_again"):
                del self.fields[name]
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = grantable_roles(actor)
        reach = ROLE_REACH[Role(actor.role)]
        visible = Region.objects.visible_to(actor).select_related("parent")
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = visible.filter(level__gte=max(reach, Level.PROVINSI)).order_by("code")
        if region_field.queryset.count() > SELECT_LIMIT:
            region_field.widget = forms.TextInput(attrs={"placeholder": "64.74.01", "inputmode": "decimal"})
            region_field.help_text = _("Tulis kode wilayah Kemendagri, misalnya 64.74.01 untuk kecamatan.")
        posyandu_field = self.fields["posyandu"]
        assert isinstance(posyandu_field, forms.ModelChoiceField)
        posyandu_field.queryset = Posyandu.objects.visible_to(actor)
        desa_field = self.fields["desa"]
        assert isinstance(desa_field, forms.ModelMultipleChoiceField)
        desa_field.queryset = visible.filter(level=Level.DESA).order_by("code")
        if desa_field.queryset.count() > CHECKBOX_LIMIT:
            desa_field.widget = CodeListInput(attrs={"placeholder": "64.74.01.1001, 64.74.01.1002"})
            desa_field.help_text = _("Tulis kode desa/kelurahan Kemendagri, dipisah koma.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data


class ResetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Kata sandi sementara baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Sampaikan kepada pengguna secara langsung; minta ia menggantinya setelah masuk."),
    )
    password_again = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data
