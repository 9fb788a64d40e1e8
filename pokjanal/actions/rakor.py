"""Writes to coordination meetings (rakor) and their decisions."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal.actions.actions import ActionTerms, create_action
from pokjanal.models import (
    ActionOrigin,
    Body,
    Decision,
    Member,
    Rakor,
    RakorStatus,
)

if TYPE_CHECKING:
    from accounts.models import User


def _body_region(body: Body) -> dict[str, Any]:
    return {"region_code": body.region_id, "subject": body}


@transaction.atomic
@idempotent
def plan_rakor(
    actor: User,
    body: Body,
    *,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    theme: str = "",
    invitation_number: str = "",
    extra_agenda: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Rakor:
    rakor = Rakor(
        body=body,
        title=title,
        theme=theme,
        starts_at=starts_at,
        place=place,
        invitation_number=invitation_number,
        extra_agenda=extra_agenda,
    )
    return log.create(actor, "plan_rakor", rakor, client_uuid=client_uuid, **_body_region(body))


@transaction.atomic
@idempotent
def update_rakor(
    actor: User,
    rakor: Rakor,
    *,
    title: str,
    theme: str,
    starts_at: datetime.datetime,
    place: str,
    invitation_number: str,
    extra_agenda: str,
    client_uuid: uuid.UUID | None = None,
) -> Rakor:
    if rakor.status != RakorStatus.PLANNED:
        raise ValidationError(_("Rakor yang sudah terlaksana atau batal tidak dapat diubah."))
    fields = {
        "title": title,
        "theme": theme,
        "starts_at": starts_at,
        "place": place,
        "invitation_number": invitation_number,
        "extra_agenda": extra_agenda,
    }
    return log.update(
        actor, "update_rakor", rakor, fields, client_uuid=client_uuid, **_body_region(rakor.body)
    )


@transaction.atomic
@idempotent
def hold_rakor(
    actor: User,
    rakor: Rakor,
    *,
    held_on: datetime.date,
    attendees: Iterable[Member],
    guests: str,
    minutes: str,
    agenda: dict[str, Any],
    client_uuid: uuid.UUID | None = None,
) -> Rakor:
    """Records that the meeting took place: attendance, minutes, and the agenda as it stood (frozen)."""
    if rakor.status == RakorStatus.CANCELLED:
        raise ValidationError(_("Rakor ini sudah dibatalkan."))
    members = list(attendees)
    if any(m.body_id != rakor.body_id for m in members):
        raise ValidationError(_("Peserta harus anggota tim ini."))
    fields: dict[str, Any] = {
        "status": RakorStatus.HELD,
        "held_on": held_on,
        "guests": guests,
        "minutes": minutes,
        "attendees": members,
    }
    if rakor.status == RakorStatus.PLANNED:
        fields["agenda"] = agenda  # later corrections of the minutes keep the agenda of the day
    return log.update(actor, "hold_rakor", rakor, fields, client_uuid=client_uuid, **_body_region(rakor.body))


@transaction.atomic
@idempotent
def cancel_rakor(actor: User, rakor: Rakor, *, client_uuid: uuid.UUID | None = None) -> Rakor:
    if rakor.status == RakorStatus.CANCELLED:
        return rakor
    if rakor.status == RakorStatus.HELD:
        raise ValidationError(_("Rakor yang sudah terlaksana tidak dapat dibatalkan."))
    return log.update(
        actor,
        "cancel_rakor",
        rakor,
        {"status": RakorStatus.CANCELLED},
        client_uuid=client_uuid,
        **_body_region(rakor.body),
    )


@transaction.atomic
@idempotent
def add_decision(
    actor: User,
    rakor: Rakor,
    *,
    text: str,
    category: str,
    follow_up: ActionTerms | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Decision:
    """A decision of a held rakor, with the action that carries it out when one is given."""
    if rakor.status != RakorStatus.HELD:
        raise ValidationError(_("Keputusan dicatat setelah rakor terlaksana."))
    decision = log.create(
        actor,
        "add_rakor_decision",
        Decision(rakor=rakor, text=text, category=category),
        client_uuid=client_uuid,
        **_body_region(rakor.body),
    )
    if follow_up is not None:
        create_action(
            actor,
            rakor.body,
            description=follow_up.description,
            category=decision.category,
            origin=ActionOrigin.DECISION,
            decision=decision,
            due_date=follow_up.due_date,
            owner_member=follow_up.owner_member,
            owner_sector=follow_up.owner_sector,
            owner_partner=follow_up.owner_partner,
            posyandu=follow_up.posyandu,
            region=follow_up.region,
        )
    return decision
