from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SwitchForm(forms.Form):
    wilayah = forms.CharField(max_length=20, widget=forms.HiddenInput)
    is_public = forms.TypedChoiceField(
        label=_("Halaman publik"),
        choices=[("1", _("Aktif")), ("0", _("Tidak aktif"))],
        coerce=lambda value: value == "1",
    )
