from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm
from regions.models import Level, LocalUnit, Region, UnitKind

if TYPE_CHECKING:
    from accounts.models import User

# Above this many choices a select is unusable on a phone; the user types the code instead.
SELECT_LIMIT = 1500


class DesaField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A desa/kelurahan within the user's scope: a select when the list is short, a code box otherwise."""

    def __init__(self, user: User, **kwargs: Any) -> None:
        qs = Region.objects.visible_to(user).filter(level=Level.DESA).select_related("parent")
        kwargs.setdefault("label", _("Desa/kelurahan"))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Desa/kelurahan tidak ditemukan di wilayah Anda.")}
        )
        super().__init__(queryset=qs, **kwargs)
        if qs.count() > SELECT_LIMIT:
            self.widget = forms.TextInput(attrs={"placeholder": "64.74.01.1001", "inputmode": "decimal"})
            self.help_text = _("Tulis kode desa/kelurahan Kemendagri, misalnya 64.74.01.1001.")

    def label_from_instance(self, obj: Region) -> str:
        parent = obj.parent.name if obj.parent else ""
        return f"{obj.display_name} — {parent}"


class LocalUnitForm(IdempotentForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=UnitKind.choices)
    name = forms.CharField(
        label=_("Nama/nomor"), max_length=80, help_text=_("Misalnya: 003 untuk RT 003, Melati")
    )
    parent = forms.ModelChoiceField(
        label=_("Berada di bawah"),
        queryset=LocalUnit.objects.none(),
        required=False,
        empty_label=_("(langsung di bawah desa)"),
    )

    def __init__(self, desa: Region, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = LocalUnit.objects.filter(desa=desa).select_related("parent")


class RenameLocalUnitForm(IdempotentForm):
    name = forms.CharField(label=_("Nama/nomor"), max_length=80)
