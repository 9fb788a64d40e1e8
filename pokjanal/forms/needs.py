"""Forms of needs and funding."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, IdempotentModelForm
from pokjanal.forms.fields import (
    RupiahField,
)
from pokjanal.models import (
    FundingSource,
    Need,
    NeedStatus,
)
from posyandu.forms import DateInput


class NeedForm(IdempotentModelForm):
    estimated_cost_rp = RupiahField(label=_("Perkiraan biaya (Rp)"), required=False)

    class Meta:
        model = Need
        fields = ["kind", "description", "priority", "estimated_cost_rp"]


class HandleNeedForm(IdempotentModelForm):
    class Meta:
        model = Need
        fields = ["status", "assigned_sector", "sponsor", "funding_source", "met_on", "note"]
        widgets = {"met_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if data.get("status") in (NeedStatus.ASSIGNED, NeedStatus.MET) and not (
            data.get("assigned_sector") or data.get("sponsor")
        ):
            self.add_error("assigned_sector", _("Pilih OPD/sektor atau isi pemberi dukungan."))
        return data


class FundingForm(IdempotentForm):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)
    amount_rp = RupiahField(label=_("Jumlah (Rp)"))
    note = forms.CharField(label=_("Catatan"), max_length=200, required=False)
