from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import IdempotentForm, submission
from people.models import Person
from people.templatetags.people import finding_label
from posyandu.forms import DateInput, PosyanduChoiceField
from posyandu.models import Kader, KaderMembership, Posyandu
from rules import ilp, immunisation, life_stage, months
from rules.immunisation import DoseStatus
from rules.referral_urgency import REASONS
from rules.screening import SKILAS_DOMAINS
from visits.actions import check_plausible
from visits.models import (
    KbStatus,
    Position,
    ReferralQuerySet,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
    Visit,
)
from web.number_input import decimal_comma_fields

if TYPE_CHECKING:
    from accounts.models import User


class OpeningDayForm(IdempotentForm):
    posyandu = PosyanduChoiceField(label=_("Posyandu"), queryset=Posyandu.objects.none())
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    kader = forms.ModelMultipleChoiceField(
        label=_("Kader yang bertugas"),
        queryset=Kader.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_workers = forms.CharField(label=_("Tenaga kesehatan yang hadir"), max_length=250, required=False)

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["posyandu"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Posyandu.objects.visible_to(user).filter(status="active")
        # The kader offered are those currently serving the chosen posyandu (submitted, else initial).
        chosen = str(self.data.get("posyandu") or self.initial.get("posyandu") or "")
        kader = self.fields["kader"]
        assert isinstance(kader, forms.ModelMultipleChoiceField)
        if chosen.isdigit() and field.queryset.filter(pk=chosen).exists():
            current = KaderMembership.objects.filter(end_date__isnull=True, posyandu_id=chosen)
            kader.queryset = Kader.objects.filter(memberships__in=current).distinct().order_by("name")

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        return value


def visit_context(person: Person, on: datetime.date) -> tuple[str, list[str], list[immunisation.DoseStatus]]:
    """What the visit form of `person` on `on` is built from: the ILP visitor group, the services offered
    and, for a child, the status of every dose of the schedule (the page and the offline sync alike)."""
    stage = life_stage.stage(person.birth_date, on)
    pregnant = person.sex == "P" and person.pregnancies.ongoing().filter(lmp_date__lte=on).exists()
    group = ilp.group(stage, pregnant=pregnant)
    age_months = months.completed_months(person.birth_date, on)
    services = ilp.services_for(group, age_months, on)
    if person.sex == "P" and any(p.in_nifas(on) for p in person.pregnancies.all()):
        # ibu nifas: two red capsules (docs/domain.md "Supplements and immunisation")
        services = [*services, "vit_a_red"]
    doses: list[immunisation.DoseStatus] = []
    if group == ilp.CHILD:
        given = {i.vaccine: i.date for i in person.immunisations.all()}
        doses = immunisation.statuses(person.birth_date, given, on)
    return group, services, doses


def visit_form_class(visitor_group: str) -> type[VisitFormBase]:
    """A form with the fields of the ILP stations for this visitor group, in station order."""
    fields = ilp.fields_for(visitor_group)

    class Meta:
        model = Visit
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "position": forms.RadioSelect,
            "skilas": forms.CheckboxSelectMultiple(choices=list(SKILAS_DOMAINS.items())),
        }

    Meta.fields = fields  # type: ignore[attr-defined]  # set after the class body so the list is per group
    return type("VisitForm", (VisitFormBase,), {"Meta": Meta})


def stations_of(form: Any, group: str) -> list[dict[str, Any]]:
    """A visit form's fields grouped by ILP station, in station order, for the templates (the online form and
    the offline day's)."""
    out = []
    for station in ilp.STATIONS:
        names = [n for n in station.fields.get(group, ()) if n in form.fields]
        if station.number == 4:
            names += [n for n in ("vaccines", "services") if n in form.fields]
        if names:
            out.append(
                {"number": station.number, "title": _(station.title), "fields": [form[n] for n in names]}
            )
    return out


class VisitFormBase(forms.ModelForm):  # type: ignore[type-arg]  # the per-group subclasses set the model
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_client_uuid(self) -> uuid.UUID | None:
        return submission(self)

    def __init__(
        self,
        *args: Any,
        services: list[str] | None = None,
        doses: list[DoseStatus] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        decimal_comma_fields(self)
        for name in (
            "systolic_mmhg",
            "diastolic_mmhg",
            "glucose_mg_dl",
            "puma_score",
            "srq_score",
            "adl_score",
        ):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        if "position" in self.fields:
            self.fields["position"].choices = list(Position.choices)  # type: ignore[attr-defined]
        if "skilas" in self.fields:
            self.fields["skilas"] = forms.MultipleChoiceField(
                label=_("SKILAS: domain yang positif"),
                choices=[(k, _(v)) for k, v in SKILAS_DOMAINS.items()],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if "kb_status" in self.fields:
            self.fields["kb_status"].choices = [("", "—"), *KbStatus.choices]  # type: ignore[attr-defined]
        if services:
            self.fields["services"] = forms.MultipleChoiceField(
                label=_("Layanan yang diberikan"),
                choices=[(c, label) for c, label in ServiceKind.choices if c in services],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        open_doses = [d for d in doses or [] if d.is_open]
        if open_doses:
            self.fields["vaccines"] = forms.MultipleChoiceField(
                label=_("Imunisasi yang diberikan hari ini"),
                choices=[
                    (
                        d.dose.code,
                        f"{d.dose.label}" + (" — " + str(_("terlambat")) if d.is_overdue else ""),
                    )
                    for d in open_doses
                ],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        try:
            check_plausible(data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields:
                    self.add_error(field, errors)
                else:
                    self.add_error(None, errors)
        if (
            data.get("length_height_cm") is not None
            and "position" in self.fields
            and not data.get("position")
        ):
            self.add_error("position", _("Pilih cara ukur: berbaring atau berdiri."))
        return data

    def measurements(self) -> dict[str, Any]:
        meta_fields = self._meta.fields or ()
        out = {k: v for k, v in self.cleaned_data.items() if k in meta_fields}
        for key in ("position", "kb_status", "kb_method", "notes"):
            if key in out and out[key] is None:
                out[key] = ""
        if "skilas" in out:
            out["skilas"] = list(out["skilas"] or [])
        return out


class ImmunisationHistoryForm(IdempotentForm):
    """A date field for each dose not yet recorded (`doses`): the day it was given, from the Buku KIA; left
    empty when it was not given. The action checks the dates."""

    def __init__(self, *args: Any, doses: list[DoseStatus], birth_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {"min": birth_date.isoformat(), "max": timezone.localdate().isoformat()}
        for status in doses:
            self.fields[status.dose.code] = forms.DateField(
                label=status.dose.label, required=False, widget=DateInput(attrs=limits)
            )

    def given(self) -> dict[str, datetime.date]:
        return {
            code: value
            for code, value in self.cleaned_data.items()
            if code != "client_uuid" and value is not None
        }


class ReferralForm(IdempotentForm):
    """A follow-up of a referral (the action checks the date against the visit and today)."""

    status = forms.ChoiceField(
        label=_("Status tindak lanjut"), choices=[c for c in ReferralStatus.choices if c[0] != "open"]
    )
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    facility = forms.CharField(label=_("Fasilitas rujukan"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Catatan tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReferralFilterForm(forms.Form):
    """The referral list's filters (GET). An invalid value is shown as an error and that filter ignored."""

    OPEN = "open"

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Belum selesai ditangani")), *ReferralStatus.choices, ("semua", _("Semua status"))],
    )
    urgensi = forms.TypedChoiceField(
        label=_("Urgensi"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua")), *ReferralUrgency.choices],
    )
    alasan = forms.ChoiceField(label=_("Alasan"), required=False)
    posyandu = PosyanduChoiceField(
        label=_("Posyandu"), required=False, queryset=Posyandu.objects.none(), empty_label=_("Semua posyandu")
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["alasan"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [
            ("", _("Semua alasan")),
            *((code, finding_label(label)) for code, label in REASONS.items()),
        ]
        posyandu = self.fields["posyandu"]
        assert isinstance(posyandu, forms.ModelChoiceField)
        posyandu.queryset = (
            Posyandu.objects.visible_to(user).select_related("desa").order_by("desa__name", "name")
        )

    def filter(self, referrals: ReferralQuerySet) -> ReferralQuerySet:
        """The referrals the valid filters keep (status defaults to those not yet treated)."""
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or self.OPEN
        if status == self.OPEN:
            referrals = referrals.open()
        elif status in ReferralStatus.values:
            referrals = referrals.filter(status=status)
        if data.get("urgensi") is not None:
            referrals = referrals.filter(urgency=data["urgensi"])
        if data.get("alasan"):
            referrals = referrals.with_reason(data["alasan"])
        if data.get("posyandu") is not None:
            referrals = referrals.filter(posyandu=data["posyandu"])
        return referrals
