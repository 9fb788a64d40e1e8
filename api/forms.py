from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken

# How long a new token may be valid, in days (empty: until revoked).
VALIDITY_CHOICES = [
    ("", _("Sampai dicabut")),
    ("30", _("30 hari")),
    ("90", _("90 hari")),
    ("365", _("1 tahun")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"), max_length=80, help_text=_("Untuk apa token ini, mis. dasbor Dinkes")
    )
    can_write = forms.BooleanField(
        label=_("Boleh mencatat kunjungan"),
        required=False,
        help_text=_("Tanpa centang, token hanya bisa membaca data wilayah Anda."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Berlaku"), choices=VALIDITY_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, may_write: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_write:
            del self.fields["can_write"]  # a read-only login makes read-only tokens only

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data.get("valid_days")
        return timezone.now() + datetime.timedelta(days=days) if days else None


class RevokeForm(forms.Form):
    token = forms.ModelChoiceField(queryset=ApiToken.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["token"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ApiToken.objects.visible_to(user)
