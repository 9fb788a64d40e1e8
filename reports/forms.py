from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentModelForm
from regions.models import Level, Region
from reports.models import PrevalenceTarget


class TargetForm(IdempotentModelForm):
    region = forms.ModelChoiceField(
        Region.objects.filter(level__lte=Level.KABKOTA),
        required=False,
        label=_("Wilayah"),
        empty_label=_("Nasional"),
    )

    class Meta:
        model = PrevalenceTarget
        fields = ["indicator", "region", "year", "percent", "source"]
        localized_fields = ["percent"]
