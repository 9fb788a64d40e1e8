"""Every write to posyandu, their equipment and their kader. Each action is one transaction with its audit
entry; a retried submission (same client UUID) returns what the first one stored and writes nothing."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from posyandu.models import (
    Condition,
    EquipmentItem,
    Kader,
    KaderMembership,
    KaderTraining,
    Posyandu,
    PosyanduEquipment,
    PosyanduStatus,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from accounts.models import User
    from posyandu.models import SpmField
    from regions.models import Region


class PosyanduFields(TypedDict, total=False):
    """A posyandu's own fields, as keyword arguments of its actions (an update names only what changes)."""

    code: str
    name: str
    desa: Region
    address: str
    rw_rt_covered: str
    opening_day: int | None
    opening_time: datetime.time | None
    sk_number: str
    sk_date: datetime.date | None
    spm_fields: Iterable[SpmField | str]  # the fields or their codes
    latitude: Decimal | None
    longitude: Decimal | None


class KaderFields(TypedDict, total=False):
    """A kader's own fields, as keyword arguments of their actions (an update names only what changes)."""

    name: str
    nik: str | None
    sex: str
    birth_date: datetime.date | None
    phone: str
    address: str
    desa: Region
    level: str


class TrainingFields(TypedDict, total=False):
    """A training a kader followed."""

    competency_group: str
    topic: str
    date: datetime.date
    organiser: str
    certificate_number: str


@transaction.atomic
@idempotent
def register_posyandu(
    actor: User, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[PosyanduFields]
) -> Posyandu:
    own: dict[str, Any] = dict(fields)
    spm_fields = own.pop("spm_fields", [])
    posyandu = Posyandu(**own)
    return log.create(
        actor,
        "register_posyandu",
        posyandu,
        region_code=posyandu.desa_id,
        client_uuid=client_uuid,
        m2m={"spm_fields": spm_fields},
        posyandu_id=None,
    )


@transaction.atomic
@idempotent
def update_posyandu(
    actor: User, posyandu: Posyandu, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[PosyanduFields]
) -> Posyandu:
    return log.update(
        actor,
        "update_posyandu",
        posyandu,
        dict(fields),
        region_code=fields.get("desa", posyandu.desa).pk,
        posyandu_id=posyandu.pk,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def set_posyandu_status(
    actor: User, posyandu: Posyandu, status: PosyanduStatus, *, client_uuid: uuid.UUID | None = None
) -> Posyandu:
    if posyandu.status == status:
        return posyandu
    verb = "deactivate_posyandu" if status == PosyanduStatus.INACTIVE else "reactivate_posyandu"
    return log.update(
        actor,
        verb,
        posyandu,
        {"status": status},
        region_code=posyandu.desa_id,
        posyandu_id=posyandu.pk,
        client_uuid=client_uuid,
    )


@dataclass(frozen=True)
class EquipmentLine:
    item: EquipmentItem
    count: int
    condition: str


@transaction.atomic
@idempotent(replay=lambda *_args, **_kwargs: None)
def set_equipment(
    actor: User, posyandu: Posyandu, lines: Iterable[EquipmentLine], *, client_uuid: uuid.UUID | None = None
) -> None:
    """Replace the inventory lines given; an item with count 0 and no earlier line stays absent."""
    existing = {e.item_id: e for e in posyandu.equipment.all()}
    first = True
    for line in lines:
        if line.condition not in Condition.values:
            raise ValidationError(_("Kondisi alat tidak dikenal."))
        current = existing.get(line.item.pk)
        # One submission may change several lines; the client UUID marks only the first event.
        event_uuid = client_uuid if first else None
        if current is None:
            if line.count == 0:
                continue
            log.create(
                actor,
                "add_equipment",
                PosyanduEquipment(
                    posyandu=posyandu, item=line.item, count=line.count, condition=line.condition
                ),
                region_code=posyandu.desa_id,
                posyandu_id=posyandu.pk,
                subject=posyandu,
                client_uuid=event_uuid,
            )
        elif (current.count, current.condition) != (line.count, line.condition):
            log.update(
                actor,
                "update_equipment",
                current,
                {"count": line.count, "condition": line.condition},
                region_code=posyandu.desa_id,
                posyandu_id=posyandu.pk,
                subject=posyandu,
                client_uuid=event_uuid,
            )
        else:
            continue
        first = False


@dataclass(frozen=True)
class FirstMembership:
    posyandu: Posyandu
    start_date: datetime.date
    board_role: str
    spm_field_id: str


@transaction.atomic
@idempotent
def register_kader(
    actor: User,
    *,
    membership: FirstMembership | None,
    client_uuid: uuid.UUID | None = None,
    **fields: Unpack[KaderFields],
) -> Kader:
    kader = Kader(**fields)
    kader = log.create(actor, "register_kader", kader, region_code=kader.desa_id, client_uuid=client_uuid)
    if membership is not None:
        add_membership(
            actor,
            kader,
            membership.posyandu,
            start_date=membership.start_date,
            board_role=membership.board_role,
            spm_field_id=membership.spm_field_id,
        )
    return kader


@transaction.atomic
@idempotent
def update_kader(
    actor: User, kader: Kader, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[KaderFields]
) -> Kader:
    return log.update(
        actor,
        "update_kader",
        kader,
        dict(fields),
        region_code=fields.get("desa", kader.desa).pk,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def add_membership(
    actor: User,
    kader: Kader,
    posyandu: Posyandu,
    *,
    start_date: datetime.date,
    board_role: str,
    spm_field_id: str,
    end_date: datetime.date | None = None,
    client_uuid: uuid.UUID | None = None,
) -> KaderMembership:
    if end_date is None and kader.memberships.filter(posyandu=posyandu, end_date__isnull=True).exists():
        raise ValidationError(_("Kader ini masih tercatat aktif di posyandu tersebut."))
    membership = KaderMembership(
        kader=kader,
        posyandu=posyandu,
        start_date=start_date,
        end_date=end_date,
        board_role=board_role,
        spm_field_id=spm_field_id,
    )
    return log.create(
        actor,
        "add_membership",
        membership,
        region_code=posyandu.desa_id,
        posyandu_id=posyandu.pk,
        subject=kader,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def end_membership(
    actor: User, membership: KaderMembership, end_date: datetime.date, *, client_uuid: uuid.UUID | None = None
) -> KaderMembership:
    if end_date < membership.start_date:
        raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    return log.update(
        actor,
        "end_membership",
        membership,
        {"end_date": end_date},
        region_code=membership.posyandu.desa_id,
        posyandu_id=membership.posyandu_id,
        subject=membership.kader,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def add_training(
    actor: User, kader: Kader, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[TrainingFields]
) -> KaderTraining:
    return log.create(
        actor,
        "add_training",
        KaderTraining(kader=kader, **fields),
        region_code=kader.desa_id,
        subject=kader,
        client_uuid=client_uuid,
    )
