"""The administrator's forms: the receiver's settings and a mapping file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.dhis2.mapping_files import MAX_BYTES
from exchange.dhis2.models import IdScheme, ReportLevel


class SettingsForm(forms.Form):
    data_set = forms.CharField(
        label=_("Data set penerima"), max_length=50, help_text=_("UID atau kode data set di DHIS2.")
    )
    id_scheme = forms.ChoiceField(
        label=_("Skema identitas"),
        choices=IdScheme.choices,
        help_text=_("Cara DHIS2 mengenali data set, data element dan org unit di berkas ini."),
    )
    level = forms.ChoiceField(
        label=_("Tingkat pelaporan"),
        choices=ReportLevel.choices,
        help_text=_("Setiap unit tingkat ini menjadi satu org unit di berkas."),
    )


class MappingFileForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas pemetaan (.csv)"),
        help_text=_(
            "Kolom “indikator”, “dataElement”, “categoryOptionCombo”, atau kolom “kode” dan “orgUnit”. "
            "Isian kosong menghapus pemetaannya."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Gunakan berkas .csv."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 2 MB. Bagi ke beberapa berkas."))
        return upload
