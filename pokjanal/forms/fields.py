"""Form fields and widgets the Tim Pembina's forms share: a date not in the future, a text the public page
shows, a local date-time input, rupiah as people write them, evidence files, and a model choice limited to
what the user may pick."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pokjanal.actions import validate_evidence
from rules.personal_data import holds_identity_number


def not_in_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))


PUBLISHED_TEXT_HELP = _("Tampil di halaman publik: jangan menulis nama, NIK atau alamat warga.")


def no_identity_number(value: str) -> None:
    """A text the public page shows (a rakor decision, a commitment's title) holds no NIK or No. KK."""
    if holds_identity_number(value):
        raise forms.ValidationError(
            _("Teks ini tampil di halaman publik dan tampaknya memuat NIK atau No. KK. Hapus nomor itu.")
        )


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


def set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
