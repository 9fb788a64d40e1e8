"""Forms of the strata assessment: its entered inputs and a step of the verification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from pokjanal.models import (
    AdditionalProgramme,
    StrataAssessment,
)


class AssessmentInputsForm(IdempotentModelForm):
    additional_programmes = forms.MultipleChoiceField(
        label=_("Program tambahan yang berjalan"),
        choices=AdditionalProgramme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = StrataAssessment
        fields = ["additional_programmes", "households", "dana_sehat_households"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        households, covered = data.get("households"), data.get("dana_sehat_households")
        if covered is not None and households is not None and covered > households:
            self.add_error(
                "dana_sehat_households", _("KK peserta dana sehat tidak boleh melebihi jumlah KK.")
            )
        return data


class TransitionForm(IdempotentForm):
    note = forms.CharField(label=_("Catatan/alasan"), max_length=300, required=False)
