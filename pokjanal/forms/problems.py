"""Forms of problems and supervision visits."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from pokjanal import checklist
from pokjanal.forms.fields import (
    not_in_future,
)
from pokjanal.models import (
    Problem,
    ProblemKind,
    ProblemStatus,
)
from posyandu.forms import DateInput


class ProblemForm(IdempotentModelForm):
    class Meta:
        model = Problem
        fields = ["kind", "category", "severity", "description", "found_on"]
        widgets = {"found_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        self.fields["found_on"].initial = timezone.localdate()
        self.fields["kind"].initial = ProblemKind.OTHER

    def clean_found_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["found_on"]
        not_in_future(value)
        return value


class ProblemStatusForm(IdempotentForm):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)


class SupervisionVisitForm(IdempotentForm):
    date = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput())
    visitors = forms.CharField(label=_("Petugas yang berkunjung"), max_length=250)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(checklist.YES, _("Ya")), (checklist.NO, _("Tidak"))]
        for item in checklist.ITEMS:
            self.fields[f"q_{item.code}"] = forms.ChoiceField(
                label=str(item.question), choices=choices, widget=forms.RadioSelect, required=False
            )

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        not_in_future(value)
        return value

    def answers(self) -> dict[str, str]:
        return {
            item.code: self.cleaned_data[f"q_{item.code}"]
            for item in checklist.ITEMS
            if self.cleaned_data.get(f"q_{item.code}")
        }

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{item.code}"] for item in checklist.ITEMS]
