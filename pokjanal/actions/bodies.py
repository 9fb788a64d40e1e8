"""Writes to bodies, their members and the sector role map, and the owner the map suggests for an action."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction

from audit import log
from audit.retries import idempotent
from pokjanal.models import (
    Body,
    Member,
    SectorRole,
)

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
@idempotent
def create_body(actor: User, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None) -> Body:
    body = Body(**fields)
    return log.create(
        actor, "create_pokjanal_body", body, region_code=body.region_id, client_uuid=client_uuid
    )


@transaction.atomic
@idempotent
def update_body(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Body:
    fields = {k: v for k, v in fields.items() if k != "region"}  # a body stays with its region
    return log.update(
        actor, "update_pokjanal_body", body, fields, region_code=body.region_id, client_uuid=client_uuid
    )


@transaction.atomic
@idempotent
def add_member(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Member:
    return log.create(
        actor,
        "add_pokjanal_member",
        Member(body=body, **fields),
        region_code=body.region_id,
        subject=body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def update_member(
    actor: User, member: Member, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Member:
    return log.update(
        actor,
        "update_pokjanal_member",
        member,
        fields,
        region_code=member.body.region_id,
        subject=member.body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def set_sector_role(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> SectorRole:
    """Adds a cell to the sector role map, or updates the responsibility of the same cell."""
    key = {k: fields[k] for k in ("sector", "category", "programme")}
    existing = SectorRole.objects.filter(body=body, **key).first()
    if existing is not None:
        return log.update(
            actor,
            "update_sector_role",
            existing,
            {k: v for k, v in fields.items() if k not in key},
            region_code=body.region_id,
            subject=body,
            client_uuid=client_uuid,
        )
    return log.create(
        actor,
        "add_sector_role",
        SectorRole(body=body, **fields),
        region_code=body.region_id,
        subject=body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent(replay=lambda *_args, **_kwargs: None)
def remove_sector_role(actor: User, role: SectorRole, *, client_uuid: uuid.UUID | None = None) -> None:
    before = log.snapshot(role)
    log.record(
        actor,
        "remove_sector_role",
        role,
        log.diff(before, None),
        region_code=role.body.region_id,
        subject=role.body,
        client_uuid=client_uuid,
    )
    role.delete()


def suggest_owner(body: Body, category: str, programme: str = "") -> tuple[str, Member | None]:
    """The sector the role map makes responsible for a category (and programme), and an active member of
    the body from that sector: the lead for the programme first, then the category's lead, then any."""
    roles = list(body.sector_roles.filter(category=category))
    if not roles:
        return "", None
    roles.sort(key=lambda r: (r.programme != programme, r.programme != "", not r.is_lead, r.sector))
    sector = roles[0].sector
    member = body.members.filter(sector=sector, active=True).order_by("role", "name").first()
    return sector, member
