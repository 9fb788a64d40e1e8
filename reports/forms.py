from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentModelForm
from regions.models import Level, Region
from reports.models import PrevalenceTarget

if TYPE_CHECKING:
    from reports.actions import TargetFields


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

    def target_fields(self) -> TargetFields:
        """The cleaned fields as `set_target`'s keyword arguments (the form's fields are theirs)."""
        return cast("TargetFields", self.model_fields())
