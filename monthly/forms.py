from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from monthly.actions import PosyanduInputs
from monthly.models import MonthlyReport

SAVE = "simpan"
SUBMIT = "kirim"


class ReportForm(IdempotentModelForm):
    """What only the posyandu knows, and the kader's note; `step` says whether to keep or send it."""

    step = forms.ChoiceField(choices=[(SAVE, SAVE), (SUBMIT, SUBMIT)], required=False)  # the button pressed

    class Meta:
        model = MonthlyReport
        fields = ["kader_present", "pmt_recipients", "counselling_topic", "additional_activities", "note"]
        widgets = {
            "kader_present": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "pmt_recipients": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def inputs(self) -> PosyanduInputs:
        data = self.cleaned_data
        return PosyanduInputs(
            kader_present=data["kader_present"],
            pmt_recipients=data["pmt_recipients"],
            counselling_topic=data["counselling_topic"],
            additional_activities=data["additional_activities"],
            note=data["note"],
        )


class ReasonForm(IdempotentForm):
    reason = forms.CharField(label=_("Alasan"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
