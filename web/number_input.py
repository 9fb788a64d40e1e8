"""Numbers as people type them on a phone: `10,5` and `10.5` both mean ten and a half, in either language
(Django's localized parsing would read `10,5` as 105 under English settings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DecimalCommaField(forms.DecimalField):
    default_error_messages = {"invalid": _("Masukkan angka, misalnya 10,5.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs type it as int
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float):
            return format(value, "f").replace(".", ",")
        return value


def decimal_comma_fields(form: forms.BaseForm) -> None:
    """Replace a form's DecimalFields by DecimalCommaFields with the same label, bounds and help text."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DecimalField) and not isinstance(field, DecimalCommaField):
            form.fields[name] = DecimalCommaField(
                label=field.label,
                required=field.required,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                help_text=field.help_text,
            )
