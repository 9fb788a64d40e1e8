"""The three kinds of item a phone sends (docs/offline.md "Sync"), each applied through the form and the
action of the online page: open a posyandu day, register a visitor, record a visit.

An item whose `client_uuid` the server has stored already is a retry: it goes to the action that stored it,
which answers with what it stored when the actor and the data are the same (and refuses it otherwise),
without validating the form again: a form's choices may depend on what the first sending stored (the doses
given that day are no longer due), and a person merged or moved since does not undo a visit already saved.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.retries import Submission
from campaigns.access import access_campaign
from campaigns.models import Campaign
from offline.answers import SAVED, Answer, Refused, visit_result
from offline.references import (
    accessed,
    as_form_data,
    date_of,
    reference,
    required,
    stored_event,
    stored_pk,
    submission_of,
)
from people import actions as people_actions
from people.access import access_person
from people.duplicates import likely_duplicates
from people.forms import PersonForm
from people.models import Person, PersonStatus
from posyandu.access import access_posyandu
from regions.codes import code_is_within
from rules.personal_data import masked
from visits import actions as visit_actions
from visits.access import access_opening_day
from visits.forms import OpeningDayForm, visit_context, visit_form_class
from visits.models import OpeningDay, Visit

if TYPE_CHECKING:
    from accounts.models import User

# --- open_day ---------------------------------------------------------------------------------------------

OPEN_DAY_FIELDS = ("posyandu", "date", "kader", "health_workers")


def open_day(user: User, client_uuid: uuid.UUID, data: dict[str, Any]) -> Answer:
    """Open the posyandu's day (`visits.actions.open_day`). A day another kader opened meanwhile is joined
    instead (`update_day`: this phone's kader on duty are added): two phones offline at one posyandu each
    opened it, and their visits belong to the one day."""
    form_data = as_form_data(data, OPEN_DAY_FIELDS, client_uuid)
    earlier = stored_event(client_uuid)
    if earlier is not None:
        day = _replay_day(user, earlier, data, submission_of(client_uuid, form_data))
        return _day_answer(client_uuid, day, joined=earlier.verb == "update_day")
    form = OpeningDayForm(user, form_data)
    if not form.is_valid():
        raise Refused(errors=form.errors)
    cleaned = form.cleaned_data
    existing = OpeningDay.objects.filter(posyandu=cleaned["posyandu"], date=cleaned["date"]).first()
    if existing is None:
        day = visit_actions.open_day(
            user,
            cleaned["posyandu"],
            cleaned["date"],
            cleaned["kader"],
            cleaned["health_workers"],
            client_uuid=cleaned["client_uuid"],
        )
        return _day_answer(client_uuid, day, joined=False)
    day = visit_actions.update_day(
        user,
        existing,
        kader_on_duty={k.pk: k for k in [*existing.kader_on_duty.all(), *cleaned["kader"]]}.values(),
        health_workers=existing.health_workers or cleaned["health_workers"],
        client_uuid=cleaned["client_uuid"],
    )
    return _day_answer(client_uuid, day, joined=True)


def _replay_day(user: User, earlier: AuditEvent, data: Mapping[str, Any], sent: Submission) -> OpeningDay:
    pk = stored_pk(earlier, OpeningDay)
    if earlier.verb == "update_day" and pk is not None:
        day = accessed(access_opening_day, user, pk, "opening_day", write=True)
        return visit_actions.update_day(user, day, kader_on_duty=[], health_workers="", client_uuid=sent)
    posyandu_pk = required(_reference_id(data, "posyandu"), "posyandu", _("Pilih posyandu."))
    posyandu = accessed(access_posyandu, user, posyandu_pk, "posyandu")
    return visit_actions.open_day(user, posyandu, date_of(data, "date"), client_uuid=sent)


def _reference_id(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _day_answer(client_uuid: uuid.UUID, day: OpeningDay, *, joined: bool) -> Answer:
    message = (
        _("Hari buka ini sudah dibuka kader lain; kader yang bertugas ditambahkan.")
        if joined
        else _("Tersimpan.")
    )
    result = {
        "id": day.pk,
        "posyandu": day.posyandu_id,
        "date": day.date.isoformat(),
        "kader_on_duty": sorted(k.pk for k in day.kader_on_duty.all()),
        "health_workers": day.health_workers,
        "joined": joined,
    }
    return Answer(str(client_uuid), SAVED, id=day.pk, message=message, result=result)


# --- register_person --------------------------------------------------------------------------------------

PERSON_FIELDS = (
    "name",
    "nik",
    "sex",
    "birth_date",
    "household",
    "posyandu",
    "has_kia_book",
    "phone",
    "confirm_new",
)


def register_person(user: User, client_uuid: uuid.UUID, data: dict[str, Any]) -> Answer:
    """Register a visitor (`people.actions.register_person`, the register form's checks and its duplicate
    rule): in a household, or a walk-in with only the posyandu. `mother` may name the item that registered
    her."""
    mother = reference(user, data, "mother", Person)
    form_data = as_form_data(data, PERSON_FIELDS, client_uuid)
    if mother is not None:
        form_data["mother"] = str(mother)
    if stored_event(client_uuid) is not None:
        person = people_actions.register_person(user, client_uuid=submission_of(client_uuid, form_data))
        return _person_answer(client_uuid, person, [])
    form = PersonForm(user, form_data)
    if not form.is_valid():
        raise Refused(errors=form.errors)
    cleaned = form.cleaned_data
    if not cleaned.get("nik") and not cleaned.get("confirm_new"):
        _refuse_duplicates(user, cleaned, form.retried_pk())
    person = people_actions.register_person(user, client_uuid=cleaned["client_uuid"], **form.person_fields())
    return _person_answer(client_uuid, person, form.nik_warnings)


def _refuse_duplicates(user: User, cleaned: Mapping[str, Any], retried: int | None) -> None:
    """The register form's check: someone with a similar name and birth date (or mother) is registered."""
    found = likely_duplicates(
        Person.objects.visible_to(user),
        name=cleaned["name"],
        birth_date=cleaned["birth_date"],
        mother=cleaned.get("mother"),
        exclude_id=retried,
    )
    if not found:
        return
    message = _(
        "Mungkin sudah terdaftar: %(names)s. Catat kunjungan pada data itu, atau kirim lagi dengan "
        "confirm_new bila memang orang yang berbeda."
    ) % {"names": ", ".join(f"{p.name} ({p.birth_date:%d-%m-%Y})" for p in found[:5])}
    people = [{"id": p.pk, "name": p.name, "birth_date": p.birth_date.isoformat()} for p in found[:5]]
    raise Refused(
        message, errors={"confirm_new": [message]}, conflict={"kind": "duplicates", "people": people}
    )


def _person_answer(client_uuid: uuid.UUID, person: Person, warnings: list[str]) -> Answer:
    result = {
        "id": person.pk,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "household": person.household_id,
        "mother": person.mother_id,
        "posyandu": person.posyandu_id,
        "nik": masked("nik", person.nik) or None,
        "warnings": [str(w) for w in warnings],
    }
    return Answer(str(client_uuid), SAVED, id=person.pk, message=_("Tersimpan."), result=result)


# --- record_visit -----------------------------------------------------------------------------------------

# What a visit item carries beside the visit form's fields.
VISIT_REFERENCES = ("person", "opening_day", "date", "campaign")


def record_visit(user: User, client_uuid: uuid.UUID, data: dict[str, Any]) -> Answer:
    """Record a visit (`visits.actions.record_visit`, validated by the visit form of the person's ILP group
    on that date, as on the page), at an opening day, optionally as a weighing of a campaign."""
    person_pk = required(reference(user, data, "person", Person), "person", _("Pilih warga yang dilayani."))
    day_pk = required(reference(user, data, "opening_day", OpeningDay), "opening_day", _("Pilih hari buka."))
    person = accessed(access_person, user, person_pk, "person")
    day = accessed(access_opening_day, user, day_pk, "opening_day", write=True)
    date = date_of(data, "date")
    campaign = _campaign(user, data)
    fields = [name for name in data if name not in VISIT_REFERENCES]
    form_data = as_form_data(data, fields, client_uuid)
    if stored_event(client_uuid) is not None:
        sent = submission_of(client_uuid, form_data)
        visit = visit_actions.record_visit(
            user, person, date, {}, opening_day=day, campaign=campaign, client_uuid=sent
        )
        return _visit_answer(client_uuid, visit)
    _refuse_unavailable(user, person)
    if campaign is not None:
        _refuse_outside_campaign(campaign, day, person, date)
    group, services, doses = visit_context(person, date)
    form = visit_form_class(group)(form_data, services=services, doses=doses)
    _refuse_unused(form, data, fields, group)
    if not form.is_valid():
        raise Refused(errors=form.errors)
    cleaned = form.cleaned_data
    visit = visit_actions.record_visit(
        user,
        person,
        date,
        form.measurements(),
        opening_day=day,
        services=cleaned.get("services", []),
        vaccines=cleaned.get("vaccines", []),
        campaign=campaign,
        client_uuid=cleaned["client_uuid"],
    )
    return _visit_answer(client_uuid, visit)


def _campaign(user: User, data: Mapping[str, Any]) -> Campaign | None:
    pk = _reference_id(data, "campaign")
    if pk is None:
        if data.get("campaign") not in (None, ""):
            raise Refused(errors={"campaign": [_("Kegiatan tidak dikenal.")]})
        return None
    return accessed(access_campaign, user, pk, "campaign")


def _refuse_outside_campaign(
    campaign: Campaign, day: OpeningDay, person: Person, date: datetime.date
) -> None:
    """The campaign's own rules, as its sheet import applies them: its region, its period, its targets."""
    if not code_is_within(day.posyandu.desa_id, campaign.region_id):
        raise Refused(
            errors={"campaign": [_("Posyandu ini di luar wilayah kegiatan %(name)s.") % {"name": campaign}]}
        )
    for refusal in (campaign.period_refusal(date), campaign.age_refusal(person.birth_date, date)):
        if refusal is not None:
            raise Refused(errors={"campaign": [refusal]})


def _refuse_unavailable(user: User, person: Person) -> None:
    """A person merged into another record, moved away or dead is not served any more: the phone learnt it
    too late. A merged record names the one kept, when the user may see it, so the phone can move the
    visit there."""
    if person.merged_into_id is not None:
        kept = _kept(person)
        shown = Person.objects.visible_to(user).filter(pk=kept).values("id", "name").first()
        if shown is None:
            message = _(
                "Data warga ini sudah digabungkan ke data lain di luar wilayah Anda; hubungi bidan desa."
            )
        else:
            message = _(
                "Data warga ini sudah digabungkan ke data %(name)s (ID %(id)d). Pindahkan kunjungan ke "
                "data itu."
            ) % {"name": shown["name"], "id": shown["id"]}
        conflict = {"kind": "merged", "kept_id": shown["id"] if shown else None}
        raise Refused(errors={"person": [message]}, conflict=conflict)
    if person.status != PersonStatus.ACTIVE:
        when = f"{person.status_date:%d-%m-%Y}" if person.status_date else "—"
        if person.status == PersonStatus.DIED:
            message = _("%(name)s tercatat meninggal (%(date)s); kunjungan tidak disimpan.")
        else:
            message = _("%(name)s tercatat pindah (%(date)s); kunjungan tidak disimpan.")
        raise Refused(
            errors={"person": [message % {"name": person.name, "date": when}]},
            conflict={"kind": str(person.status)},
        )


def _kept(person: Person) -> int:
    """The record a merged one lives on in (a kept record merged later in its turn is followed)."""
    pk = person.merged_into_id
    assert pk is not None
    for _step in range(10):
        further = Person.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
        if further is None:
            break
        pk = further
    return pk


def _refuse_unused(form: forms.BaseForm, data: Mapping[str, Any], fields: list[str], group: str) -> None:
    """A value the visit form of this visitor has no field for would be dropped without a word: refused, so
    the phone and the server never disagree silently about what a visit holds."""
    unused = sorted(name for name in fields if name not in form.fields and not _is_empty(data.get(name)))
    if unused:
        raise Refused(
            errors={
                NON_FIELD_ERRORS: [
                    _("Isian %(names)s tidak dipakai untuk pengunjung ini (%(group)s).")
                    % {"names": ", ".join(unused), "group": group}
                ]
            }
        )


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def _visit_answer(client_uuid: uuid.UUID, visit: Visit) -> Answer:
    return Answer(str(client_uuid), SAVED, id=visit.pk, message=_("Tersimpan."), result=visit_result(visit))


HANDLERS: dict[str, Callable[[User, uuid.UUID, dict[str, Any]], Answer]] = {
    "open_day": open_day,
    "register_person": register_person,
    "record_visit": record_visit,
}
