from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scope import scope_of
from audit.forms import IdempotentForm, IdempotentModelForm
from campaigns.imports.read import EXTENSIONS
from campaigns.models import Campaign, ImportMode, TargetGroup
from regions.codes import within_any_q
from regions.models import Level, Region


class CampaignForm(IdempotentModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Kelompok sasaran"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TargetGroup.BALITA],
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "region",
            "start_date",
            "end_date",
            "target_groups",
            "coverage_target_pct",
            "notes",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        localized_fields = ["coverage_target_pct"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        regions = (
            Region.objects.filter(level__lte=Level.KECAMATAN)
            if scope.everything
            else Region.objects.filter(within_any_q("code", scope.region_codes), level__lte=Level.DESA)
        )
        self.fields["region"].queryset = regions.order_by("code")  # type: ignore[attr-defined]


class UploadForm(IdempotentForm):
    file = forms.FileField(
        label=_("Berkas hasil penimbangan"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) atau CSV dengan kolom seperti templat."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv.")
            )
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari 50 MB."))
        return upload


class StartImportForm(IdempotentForm):
    mode = forms.ChoiceField(label=_("Cara impor"), choices=ImportMode.choices, widget=forms.RadioSelect)
