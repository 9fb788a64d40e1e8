"""Forms of bodies, their members and the sector role map."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from accounts.models import User as UserModel
from audit.forms import IdempotentModelForm
from pokjanal.forms.fields import (
    not_in_future,
    set_queryset,
)
from pokjanal.models import (
    Body,
    Member,
    SectorRole,
)
from posyandu.forms import DateInput
from regions.codes import within_q
from regions.filters import filter_options
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import User


class BodyForm(IdempotentModelForm):
    class Meta:
        model = Body
        fields = [
            "region",
            "name",
            "sk_number",
            "sk_date",
            "sk_signed_by",
            "term_start",
            "term_end",
            "rakor_target_per_year",
        ]
        widgets = {"sk_date": DateInput(), "term_start": DateInput(), "term_end": DateInput()}
        error_messages = {"region": {"unique": _("Wilayah ini sudah punya Tim Pembina.")}}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [r.code for r in filter_options(user)]
        set_queryset(self, "region", Region.objects.filter(code__in=codes))
        if self.instance.pk:
            self.fields["region"].disabled = True

    def clean_sk_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("sk_date")
        not_in_future(value)
        return value


class MemberForm(IdempotentModelForm):
    class Meta:
        model = Member
        fields = ["name", "institution", "sector", "role", "phone", "user", "active"]

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "user",
            UserModel.objects.filter(within_q("region_id", body.region_id), is_active=True).order_by(
                "username"
            ),
        )
        self.fields["user"].help_text = _("Akun pengguna anggota ini, jika ada.")


class SectorRoleForm(IdempotentModelForm):
    class Meta:
        model = SectorRole
        fields = ["sector", "category", "programme", "responsibility", "is_lead"]
