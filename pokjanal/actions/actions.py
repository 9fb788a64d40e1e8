"""Writes to actions (rencana aksi, aksi nyata), their follow-ups and their evidence files."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal.actions.problems import set_problem_status
from pokjanal.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionOrigin,
    ActionStatus,
    ActionUpdate,
    Body,
    Decision,
    Evidence,
    Member,
    Problem,
    ProblemStatus,
)
from pokjanal.photos import UnreadablePhoto, without_metadata
from posyandu.models import Posyandu
from regions.codes import code_is_within

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def _action_region(action: Action) -> dict[str, Any]:
    return {"region_code": action.region_id, "posyandu_id": action.posyandu_id}


@dataclass(frozen=True)
class ActionTerms:
    """What a decision's action is to do, by when, who carries it out (a member of the body, an OPD/sector
    or a partner; at least one) and where (a posyandu, a region within the body's, else its whole region)."""

    description: str
    due_date: datetime.date
    owner_member: Member | None = None
    owner_sector: str = ""
    owner_partner: str = ""
    posyandu: Posyandu | None = None
    region: Region | None = None


@transaction.atomic
@idempotent
def create_action(
    actor: User,
    body: Body,
    *,
    description: str,
    category: str,
    origin: str,
    due_date: datetime.date,
    owner_member: Member | None = None,
    owner_sector: str = "",
    owner_partner: str = "",
    posyandu: Posyandu | None = None,
    region: Region | None = None,
    problem: Problem | None = None,
    decision: Decision | None = None,
    status: str = ActionStatus.PLANNED,
    done_on: datetime.date | None = None,
    created_on: datetime.date | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Action:
    """A rencana aksi of `body`. Its target region defaults to the posyandu's desa or the body's region and
    must lie within the body's region; an action from a problem marks the problem as being handled. Created
    today unless `created_on` says when; an action created done was done that day unless `done_on` says."""
    region_id = region.pk if region is not None else (posyandu.desa_id if posyandu else body.region_id)
    if not code_is_within(region_id, body.region_id):
        raise ValidationError(_("Sasaran aksi harus berada di wilayah tim."))
    if owner_member is not None and owner_member.body_id != body.pk:
        raise ValidationError(_("Penanggung jawab harus anggota tim ini."))
    created_on = created_on or timezone.localdate()
    if status == ActionStatus.DONE and done_on is None:
        done_on = created_on
    action = log.create(
        actor,
        "create_action",
        Action(
            body=body,
            region_id=region_id,
            posyandu=posyandu,
            origin=origin,
            problem=problem,
            decision=decision,
            description=description,
            category=category,
            owner_member=owner_member,
            owner_sector=owner_sector,
            owner_partner=owner_partner,
            due_date=due_date,
            status=status,
            done_on=done_on,
            created_on=created_on,
        ),
        subject=body,
        client_uuid=client_uuid,
        region_code=region_id,
        posyandu_id=posyandu.pk if posyandu else None,
    )
    if problem is not None and problem.status == ProblemStatus.OPEN:
        set_problem_status(actor, problem, ProblemStatus.HANDLED)
    return action


@transaction.atomic
@idempotent
def update_action(
    actor: User,
    action: Action,
    *,
    description: str,
    category: str,
    owner_member: Member | None,
    owner_sector: str,
    owner_partner: str,
    due_date: datetime.date,
    client_uuid: uuid.UUID | None = None,
) -> Action:
    """What the action is, who carries it out and by when; its status moves by follow-ups."""
    fields = {
        "description": description,
        "category": category,
        "owner_member": owner_member,
        "owner_sector": owner_sector,
        "owner_partner": owner_partner,
        "due_date": due_date,
    }
    return log.update(
        actor, "update_action", action, fields, client_uuid=client_uuid, **_action_region(action)
    )


# Evidence files: what is accepted, recognised by content rather than by the name the client sent.
MAX_EVIDENCE_BYTES = 8 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"WEBP", 8, "image/webp", ".webp"),
    (b"%PDF-", 0, "application/pdf", ".pdf"),
)


def _sniff(upload: UploadedFile) -> tuple[str, str]:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, offset, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type, extension
    raise ValidationError(_("Bukti harus berupa foto (JPG, PNG, WEBP) atau PDF."))


def validate_evidence(upload: UploadedFile) -> None:
    _evidence_content(upload)


def evidence_content(upload: UploadedFile) -> tuple[bytes, str, str]:
    """What is stored for an upload (see `_evidence_content`); the desa's commitment documents use it too."""
    return _evidence_content(upload)


def _evidence_content(upload: UploadedFile) -> tuple[bytes, str, str]:
    """What is stored for an upload: its bytes (a photo re-encoded without its EXIF/GPS and other metadata),
    content type and extension; a ValidationError when it is too large or not a photo or PDF."""
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Ukuran berkas paling besar 8 MB."))
    content_type, extension = _sniff(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if content_type.startswith("image/"):
        try:
            data = without_metadata(data, content_type)
        except UnreadablePhoto:
            raise ValidationError(_("Foto ini rusak atau tidak dapat dibaca.")) from None
    return data, content_type, extension


def _store_evidence(
    action: Action, update: ActionUpdate | None, upload: UploadedFile, caption: str
) -> Evidence:
    data, content_type, extension = _evidence_content(upload)
    today = timezone.localdate()
    name = default_storage.save(
        f"pokjanal/bukti/{today:%Y/%m}/{uuid.uuid4().hex}{extension}", ContentFile(data)
    )
    try:
        return log.create(
            None if update is None else update.by,
            "add_evidence",
            Evidence(
                action=action,
                update=update,
                path=name,
                original_name=PurePath(upload.name or "bukti").name[:200],
                content_type=content_type,
                size_bytes=len(data),
                caption=caption,
            ),
            subject=action,
            **_action_region(action),
        )
    except Exception:
        default_storage.delete(name)  # the transaction is rolled back; leave no orphan file
        raise


@transaction.atomic
@idempotent
def follow_up_action(
    actor: User,
    action: Action,
    *,
    status: str,
    note: str,
    date: datetime.date | None = None,
    files: Sequence[UploadedFile] = (),
    caption: str = "",
    client_uuid: uuid.UUID | None = None,
) -> ActionUpdate:
    """A follow-up: what was done, the status from now on, and its evidence files."""
    if action.status not in OPEN_ACTION_STATUSES:
        raise ValidationError(_("Aksi yang sudah selesai atau batal tidak dapat ditindaklanjuti lagi."))
    date = date or timezone.localdate()
    update = log.create(
        actor,
        "follow_up_action",
        ActionUpdate(action=action, date=date, status=status, note=note, by=actor),
        subject=action,
        client_uuid=client_uuid,
        **_action_region(action),
    )
    for upload in files:
        _store_evidence(action, update, upload, caption)
    if status != action.status:
        log.update(
            actor,
            "set_action_status",
            action,
            {"status": status, "done_on": date if status == ActionStatus.DONE else None},
            **_action_region(action),
        )
    return update


@transaction.atomic
@idempotent
def report_real_action(
    actor: User,
    body: Body,
    *,
    description: str,
    category: str,
    done_on: datetime.date,
    owner_member: Member | None = None,
    owner_sector: str = "",
    owner_partner: str = "",
    posyandu: Posyandu | None = None,
    region: Region | None = None,
    files: Sequence[UploadedFile] = (),
    client_uuid: uuid.UUID | None = None,
) -> Action:
    """An aksi nyata a body reports as done (it rolls up to every body above it), with its evidence."""
    action = create_action(
        actor,
        body,
        description=description,
        category=category,
        origin=ActionOrigin.REAL,
        status=ActionStatus.DONE,
        due_date=done_on,
        done_on=done_on,
        created_on=done_on,
        owner_member=owner_member,
        owner_sector=owner_sector,
        owner_partner=owner_partner,
        posyandu=posyandu,
        region=region,
        client_uuid=client_uuid,
    )
    if files:
        update = log.create(
            actor,
            "follow_up_action",
            ActionUpdate(
                action=action, date=done_on, status=ActionStatus.DONE, note=action.description, by=actor
            ),
            subject=action,
            **_action_region(action),
        )
        for upload in files:
            _store_evidence(action, update, upload, "")
    return action
