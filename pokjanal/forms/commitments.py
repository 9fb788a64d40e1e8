"""Forms of the desa's commitments: one commitment with its documents, and the commitment a rakor decision
asks of every desa of the body's area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm
from pokjanal.actions import CommitmentTerms, validate_document
from pokjanal.forms.fields import (
    PUBLISHED_TEXT_HELP,
    MultipleFileInput,
    RupiahField,
    no_identity_number,
    not_in_future,
)
from pokjanal.models import CommitmentKind, CommitmentStatus, Decision, Rakor
from posyandu.forms import DateInput


class DocumentFilesField(forms.FileField):
    """Zero or more scanned documents: PDF, JPG or PNG (told by their content), at most 8 MB each."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(DocumentFilesField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_document(upload)
        return cleaned


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year + 1, this_year - 6, -1)]


class KindFieldsMixin(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        kind = data.get("kind")
        if kind == CommitmentKind.OTHER and not (data.get("title") or "").strip():
            self.add_error("title", _("Isi judul komitmen."))
        if kind == CommitmentKind.APBDES and not data.get("year"):
            self.add_error("year", _("Pilih tahun anggaran APBDes."))
        return data


def _title_field() -> forms.CharField:
    """The title of an "other" commitment, which the public page shows."""
    return forms.CharField(
        label=_("Judul (untuk komitmen lain)"),
        max_length=200,
        required=False,
        help_text=PUBLISHED_TEXT_HELP,
        validators=[no_identity_number],
    )


class CommitmentForm(KindFieldsMixin, IdempotentForm):
    kind = forms.ChoiceField(label=_("Jenis komitmen"), choices=CommitmentKind.choices)
    title = _title_field()
    year = forms.TypedChoiceField(
        label=_("Tahun anggaran (untuk APBDes)"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    document_number = forms.CharField(label=_("Nomor dokumen"), max_length=120, required=False)
    signed_on = forms.DateField(
        label=_("Tanggal ditetapkan"), widget=DateInput(), required=False, validators=[not_in_future]
    )
    amount_rp = RupiahField(label=_("Jumlah alokasi APBDes (Rp)"), required=False)
    due_date = forms.DateField(label=_("Tenggat"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)
    document_files = DocumentFilesField(label=_("Dokumen (PDF, JPG atau PNG)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", "—"), *_year_choices()]

    def terms(self) -> CommitmentTerms:
        data = self.cleaned_data
        return CommitmentTerms(
            status=data["status"],
            document_number=data["document_number"],
            signed_on=data["signed_on"],
            due_date=data["due_date"],
            amount_rp=data["amount_rp"],
            note=data["note"],
        )


class FromDecisionForm(KindFieldsMixin, IdempotentForm):
    decision = forms.ModelChoiceField(label=_("Keputusan rakor"), queryset=Decision.objects.none())
    kind = forms.ChoiceField(label=_("Jenis komitmen"), choices=CommitmentKind.choices)
    title = _title_field()
    year = forms.TypedChoiceField(
        label=_("Tahun anggaran (untuk APBDes)"), coerce=int, required=False, empty_value=None
    )
    due_date = forms.DateField(label=_("Tenggat bagi setiap desa/kelurahan"), widget=DateInput())

    def __init__(self, rakor: Rakor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = rakor.decisions.order_by("pk")
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", "—"), *_year_choices()]
