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
from pokjanal.actions.actions import create_action
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
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Rakor:
    return log.create(
        actor, "plan_rakor", Rakor(body=body, **fields), client_uuid=client_uuid, **_body_region(body)
    )


@transaction.atomic
@idempotent
def update_rakor(
    actor: User, rakor: Rakor, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Rakor:
    if rakor.status != RakorStatus.PLANNED:
        raise ValidationError(_("Rakor yang sudah terlaksana atau batal tidak dapat diubah."))
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
    fields: dict[str, Any],
    action_fields: dict[str, Any] | None,
    *,
    client_uuid: uuid.UUID | None = None,
) -> Decision:
    """A decision of a held rakor, with the action that carries it out when one is given."""
    if rakor.status != RakorStatus.HELD:
        raise ValidationError(_("Keputusan dicatat setelah rakor terlaksana."))
    decision = log.create(
        actor,
        "add_rakor_decision",
        Decision(rakor=rakor, **fields),
        client_uuid=client_uuid,
        **_body_region(rakor.body),
    )
    if action_fields is not None:
        create_action(
            actor,
            rakor.body,
            {
                **action_fields,
                "origin": ActionOrigin.DECISION,
                "decision": decision,
                "category": decision.category,
            },
        )
    return decision
