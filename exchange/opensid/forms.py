from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm
from campaigns.imports.read import EXTENSIONS
from posyandu.models import Posyandu
from regions.models import LocalUnit, Region

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(IdempotentForm):
    file = forms.FileField(
        label=_("Berkas ekspor penduduk OpenSID"),
        help_text=_("Format impor penduduk OpenSID (.xlsx, .xls, .ods atau .csv), satu desa per berkas."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv.")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 50 MB."))
        return upload


class StartForm(IdempotentForm):
    """The confirmation after the check."""


class ServedUnitForm(IdempotentForm):
    unit = forms.ModelChoiceField(label=_("Dusun/RW/RT"), queryset=LocalUnit.objects.none())
    posyandu = forms.ModelChoiceField(label=_("Posyandu yang melayani"), queryset=Posyandu.objects.none())

    def __init__(self, desa: Region, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            LocalUnit.objects.filter(desa=desa, kind__in=["dusun", "lingkungan", "rw", "rt"])
            .select_related("parent__parent")
            .order_by("parent_id", "name")
        )
        self.fields["posyandu"].queryset = Posyandu.objects.filter(desa=desa, status="active")  # type: ignore[attr-defined]
