"""Visits with their results (z-scores, categories, N/T/O/B, findings) and recording one: through the visit
form of the person's ILP group and `visits.actions.record_visit`, as the page and the offline sync do, so
the same checks, results, referral and audit event follow."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Query
from pydantic import Field

from accounts.access import ensure_can_write
from api.models import ApiToken
from api.v1.months import MONTH_PATTERN, first_day
from api.v1.paging import Pages
from api.v1.schemas import ErrorOut, VisitDetailOut, VisitOut
from audit.models import AuditEvent
from audit.retries import Submission, form_data_hash
from people.access import access_person
from posyandu.access import access_posyandu
from visits import actions as visit_actions
from visits.access import access_opening_day, access_visit
from visits.forms import visit_context, visit_form_class
from visits.models import Visit

router = Router(tags=["visits"])


@router.get("/visits", response=list[VisitOut], summary="Visits with their computed results")
@paginate(Pages)
def list_visits(
    request: HttpRequest,
    person: int | None = None,
    posyandu: int | None = None,
    month: str | None = Query(None, pattern=MONTH_PATTERN, description="YYYY-MM"),
) -> QuerySet[Visit]:
    """Newest first. `person`, `posyandu` (404 outside the area) and `month` narrow the list. Held
    measurements (`check_status` "held") are listed too; reports leave them out."""
    qs = Visit.objects.visible_to(request.user).prefetch_related("services").order_by("-date", "-pk")
    if person is not None:
        qs = qs.filter(person=access_person(request.user, person))
    if posyandu is not None:
        qs = qs.filter(posyandu=access_posyandu(request.user, posyandu))
    if month:
        qs = qs.filter(month=first_day(month))
    return qs


@router.get("/visits/{int:visit_id}", response=VisitDetailOut)
def get_visit(request: HttpRequest, visit_id: int) -> Visit:
    return access_visit(request.user, visit_id)


class VisitIn(Schema):
    client_uuid: uuid.UUID = Field(description="made by the client; the same request sent again is a retry")
    person: int
    opening_day: int = Field(description="the posyandu's opening day (hari buka) the visit belongs to")
    date: datetime.date
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="the visit form's fields for this person's ILP group: weight_kg, length_height_cm, "
        "position (l or h), muac_cm, … (decimals with a point or a comma)",
    )
    services: list[str] = []
    vaccines: list[str] = []


class Refused(Exception):
    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or {}


def _form_data(body: VisitIn) -> MultiValueDict[str, str]:
    data: MultiValueDict[str, str] = MultiValueDict()
    for name, value in body.values.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        data.setlist(name, ["true" if v is True else "false" if v is False else str(v) for v in values])
    if body.services:
        data.setlist("services", list(body.services))
    if body.vaccines:
        data.setlist("vaccines", list(body.vaccines))
    data["client_uuid"] = str(body.client_uuid)
    return data


def _record(request: HttpRequest, body: VisitIn) -> Visit:
    user: Any = request.user
    person = access_person(user, body.person)
    day = access_opening_day(user, body.opening_day, write=True)
    form_data = _form_data(body)
    if AuditEvent.objects.filter(client_uuid=body.client_uuid).exists():
        # A retry: the action answers with what it stored (or refuses other data under the same UUID),
        # without the form, whose choices may depend on what the first sending stored.
        sent = Submission(body.client_uuid, form_data_hash(form_data, {}, ["client_uuid"]))
        return visit_actions.record_visit(user, person, body.date, {}, opening_day=day, client_uuid=sent)
    if person.merged_into_id is not None or not person.is_active:
        raise Refused(400, _("Warga ini sudah digabungkan, pindah atau meninggal; kunjungan tidak disimpan."))
    group, services, doses = visit_context(person, body.date)
    form = visit_form_class(group)(form_data, services=services, doses=doses)
    unused = sorted(set(form_data) - set(form.fields))
    if unused:
        message = _("Isian %(names)s tidak dipakai untuk pengunjung ini (%(group)s).")
        raise Refused(400, message % {"names": ", ".join(unused), "group": group})
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        raise Refused(400, _("Periksa isian kunjungan."), errors)
    cleaned = form.cleaned_data
    return visit_actions.record_visit(
        user,
        person,
        body.date,
        form.measurements(),
        opening_day=day,
        services=cleaned.get("services", []),
        vaccines=cleaned.get("vaccines", []),
        client_uuid=cleaned["client_uuid"],
    )


@router.post(
    "/visits",
    response={201: VisitDetailOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Record a visit (a token that may write)",
)
def record_visit(request: HttpRequest, body: VisitIn) -> Status[Any]:
    """Needs a token created with "boleh menulis" by a user who may write, at a posyandu of the user's area
    (404 otherwise). The visit is validated by the form of the person's ILP group on that date, computed and
    audited as on the page. 409: the person already has a visit that day at that posyandu."""
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken) or not token.can_write:
        raise PermissionDenied
    ensure_can_write(request.user)
    try:
        with transaction.atomic():
            visit = _record(request, body)
    except Refused as refused:
        return Status(refused.status, {"detail": refused.detail, "errors": refused.errors})
    except visit_actions.VisitAlreadyRecorded as exc:
        detail = _("Kunjungan warga ini pada tanggal itu sudah tercatat (ID %(id)d).") % {"id": exc.visit.pk}
        return Status(409, {"detail": detail, "errors": {}})
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Status(400, {"detail": " ".join(m for ms in errors.values() for m in ms), "errors": errors})
    return Status(201, Visit.objects.prefetch_related("services").get(pk=visit.pk))
