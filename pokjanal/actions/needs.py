"""Writes to the needs of posyandu and their funding."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit import log
from audit.retries import idempotent
from pokjanal.models import (
    Funding,
    Need,
    NeedStatus,
)
from posyandu.models import Posyandu

if TYPE_CHECKING:
    from accounts.models import User


def _posyandu_audit(posyandu: Posyandu) -> dict[str, Any]:
    return {"region_code": posyandu.desa_id, "posyandu_id": posyandu.pk, "subject": posyandu}


@transaction.atomic
@idempotent
def request_need(
    actor: User,
    posyandu: Posyandu,
    *,
    kind: str,
    description: str,
    priority: str,
    estimated_cost_rp: int | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Need:
    need = Need(
        posyandu=posyandu,
        kind=kind,
        description=description,
        priority=priority,
        estimated_cost_rp=estimated_cost_rp,
        requested_by=actor,
        requested_on=timezone.localdate(),
    )
    return log.create(actor, "request_need", need, client_uuid=client_uuid, **_posyandu_audit(posyandu))


@transaction.atomic
@idempotent
def handle_need(
    actor: User,
    need: Need,
    *,
    status: str,
    assigned_sector: str = "",
    sponsor: str = "",
    funding_source: str = "",
    met_on: datetime.date | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Need:
    """Assign an OPD or sponsor, record fulfilment (the date it was met is kept: an earlier one, else
    `met_on`, else today) or refusal. The handling is stated whole: a field not given is cleared."""
    fields = {
        "status": status,
        "assigned_sector": assigned_sector,
        "sponsor": sponsor,
        "funding_source": funding_source,
        "met_on": (need.met_on or met_on or timezone.localdate()) if status == NeedStatus.MET else None,
        "note": note,
    }
    return log.update(
        actor, "handle_need", need, fields, client_uuid=client_uuid, **_posyandu_audit(need.posyandu)
    )


@transaction.atomic
@idempotent
def set_funding(
    actor: User,
    posyandu: Posyandu,
    *,
    year: int,
    source: str,
    amount_rp: int,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Funding:
    """The amount of one source in one year (a second entry for the same source and year replaces it)."""
    existing = Funding.objects.filter(posyandu=posyandu, year=year, source=source).first()
    if existing is not None:
        return log.update(
            actor,
            "update_funding",
            existing,
            {"amount_rp": amount_rp, "note": note},
            client_uuid=client_uuid,
            **_posyandu_audit(posyandu),
        )
    return log.create(
        actor,
        "add_funding",
        Funding(posyandu=posyandu, year=year, source=source, amount_rp=amount_rp, note=note),
        client_uuid=client_uuid,
        **_posyandu_audit(posyandu),
    )
