"""What an item carries: its values as a form receives them, and its references to the person, opening day
or mother it names, by server id or by the `client_uuid` of the item that created them (in this batch or an
earlier one: the audit event that item wrote names the object)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from audit.retries import Submission, form_data_hash
from offline.answers import Refused

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=models.Model)


def as_form_data(
    data: Mapping[str, Any], names: Iterable[str], client_uuid: uuid.UUID
) -> MultiValueDict[str, str]:
    """The item's values as a form receives them from a page: text, a list for several choices, a checkbox
    as "true"/"false"; a missing or null value is left out, like an empty field."""
    out: MultiValueDict[str, str] = MultiValueDict()
    for name in names:
        value = data.get(name)
        if value is None:
            continue
        out.setlist(name, [_text(v) for v in value] if isinstance(value, list) else [_text(value)])
    out["client_uuid"] = str(client_uuid)
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def submission_of(client_uuid: uuid.UUID, form_data: MultiValueDict[str, str]) -> Submission:
    """The client UUID with the hash of the form data, as `audit.forms.submission` makes it for a page."""
    return Submission(client_uuid, form_data_hash(form_data, {}, ["client_uuid"]))


def stored_event(client_uuid: uuid.UUID) -> AuditEvent | None:
    """The event stored under this UUID: the item was applied before and this is a retry."""
    return AuditEvent.objects.filter(client_uuid=client_uuid).first()


def stored_pk(event: AuditEvent, model: type[models.Model]) -> int | None:
    label, _sep, pk = event.object_key.partition(":")
    return int(pk) if label == model._meta.label_lower and pk.isdigit() else None


# A reference to an item the server has not stored (refused, or not sent yet).
NOT_SAVED = {
    "person": gettext_lazy("Pendaftaran warga ini belum tersimpan di server; perbaiki pendaftarannya dulu."),
    "mother": gettext_lazy("Pendaftaran ibu ini belum tersimpan di server; perbaiki pendaftarannya dulu."),
    "opening_day": gettext_lazy(
        "Hari buka ini belum tersimpan di server; perbaiki catatan hari bukanya dulu."
    ),
}


def reference(user: User, data: Mapping[str, Any], name: str, model: type[models.Model]) -> int | None:
    """The server id an item's reference names: an id, or the `client_uuid` of an item saved before."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    try:
        ref = uuid.UUID(str(value))
    except ValueError:
        raise Refused(errors={name: [_("Rujukan tidak dikenal: %(value)s") % {"value": value}]}) from None
    event = AuditEvent.objects.filter(client_uuid=ref, actor=user).first()
    pk = stored_pk(event, model) if event is not None else None
    if pk is None:
        raise Refused(
            errors={name: [str(NOT_SAVED[name])]},
            conflict={"kind": "not_saved", "field": name, "client_uuid": str(ref)},
        )
    return pk


def required(pk: int | None, name: str, message: str) -> int:
    if pk is None:
        raise Refused(errors={name: [message]})
    return pk


def accessed(access: Callable[..., M], user: User, pk: int, name: str, *, write: bool = False) -> M:
    """The object through its access function; one outside the user's area is refused on its field."""
    try:
        return access(user, pk, write=write)
    except Http404:
        message = _("Tidak ditemukan di wilayah Anda (mungkin sudah dihapus atau pindah).")
        raise Refused(errors={name: [message]}, conflict={"kind": "not_found", "field": name}) from None


def date_of(data: Mapping[str, Any], name: str) -> datetime.date:
    try:
        value = forms.DateField().clean(data.get(name))
    except ValidationError as exc:
        raise Refused(errors={name: exc.messages}) from None
    assert isinstance(value, datetime.date)
    return value
