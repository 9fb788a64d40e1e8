"""Writes to bodies, their members and the sector role map, and the owner the map suggests for an action."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

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
    from regions.models import Region


@transaction.atomic
@idempotent
def create_body(
    actor: User,
    *,
    region: Region,
    name: str,
    sk_number: str = "",
    sk_date: datetime.date | None = None,
    sk_signed_by: str = "",
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    rakor_target_per_year: int = 2,
    client_uuid: uuid.UUID | None = None,
) -> Body:
    body = Body(
        region=region,
        name=name,
        sk_number=sk_number,
        sk_date=sk_date,
        sk_signed_by=sk_signed_by,
        term_start=term_start,
        term_end=term_end,
        rakor_target_per_year=rakor_target_per_year,
    )
    return log.create(
        actor, "create_pokjanal_body", body, region_code=body.region_id, client_uuid=client_uuid
    )


@transaction.atomic
@idempotent
def update_body(
    actor: User,
    body: Body,
    *,
    name: str,
    sk_number: str,
    sk_date: datetime.date | None,
    sk_signed_by: str,
    term_start: datetime.date | None,
    term_end: datetime.date | None,
    rakor_target_per_year: int,
    client_uuid: uuid.UUID | None = None,
) -> Body:
    """Its name, SK and term; a body stays with its region."""
    return log.update(
        actor,
        "update_pokjanal_body",
        body,
        {
            "name": name,
            "sk_number": sk_number,
            "sk_date": sk_date,
            "sk_signed_by": sk_signed_by,
            "term_start": term_start,
            "term_end": term_end,
            "rakor_target_per_year": rakor_target_per_year,
        },
        region_code=body.region_id,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def add_member(
    actor: User,
    body: Body,
    *,
    name: str,
    institution: str,
    sector: str,
    role: str,
    phone: str = "",
    user: User | None = None,
    active: bool = True,
    client_uuid: uuid.UUID | None = None,
) -> Member:
    member = Member(
        body=body,
        name=name,
        institution=institution,
        sector=sector,
        role=role,
        phone=phone,
        user=user,
        active=active,
    )
    return log.create(
        actor,
        "add_pokjanal_member",
        member,
        region_code=body.region_id,
        subject=body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def update_member(
    actor: User,
    member: Member,
    *,
    name: str,
    institution: str,
    sector: str,
    role: str,
    phone: str,
    user: User | None,
    active: bool,
    client_uuid: uuid.UUID | None = None,
) -> Member:
    return log.update(
        actor,
        "update_pokjanal_member",
        member,
        {
            "name": name,
            "institution": institution,
            "sector": sector,
            "role": role,
            "phone": phone,
            "user": user,
            "active": active,
        },
        region_code=member.body.region_id,
        subject=member.body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def set_sector_role(
    actor: User,
    body: Body,
    *,
    sector: str,
    category: str,
    programme: str = "",
    responsibility: str,
    is_lead: bool = False,
    client_uuid: uuid.UUID | None = None,
) -> SectorRole:
    """Adds a cell to the sector role map, or updates the responsibility of the same cell."""
    existing = SectorRole.objects.filter(
        body=body, sector=sector, category=category, programme=programme
    ).first()
    if existing is not None:
        return log.update(
            actor,
            "update_sector_role",
            existing,
            {"responsibility": responsibility, "is_lead": is_lead},
            region_code=body.region_id,
            subject=body,
            client_uuid=client_uuid,
        )
    role = SectorRole(
        body=body,
        sector=sector,
        category=category,
        programme=programme,
        responsibility=responsibility,
        is_lead=is_lead,
    )
    return log.create(
        actor, "add_sector_role", role, region_code=body.region_id, subject=body, client_uuid=client_uuid
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
