"""Writes to the desa's commitments: a Pokja desa records one (with its documents), and a rakor decision
asks one of every desa of its body's area by a due date."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal.actions.actions import MAX_EVIDENCE_BYTES, evidence_content
from pokjanal.models import (
    Commitment,
    CommitmentDocument,
    CommitmentKind,
    CommitmentStatus,
    Decision,
    commitment_key,
)
from regions.codes import DESA_LEVEL, within_q
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import User

DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _type_refused() -> ValidationError:
    return ValidationError(_("Dokumen harus berupa berkas PDF, JPG atau PNG."))


def document_content(upload: UploadedFile) -> tuple[bytes, str, str]:
    """The bytes, content type and extension stored for a commitment's document: a PDF, JPG or PNG (told by
    its content, not its name) of at most 8 MB, a photo without its metadata; else a ValidationError."""
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Ukuran dokumen paling besar 8 MB."))
    try:
        data, content_type, extension = evidence_content(upload)
    except ValidationError:
        raise _type_refused() from None
    if content_type not in DOCUMENT_TYPES:
        raise _type_refused()
    return data, content_type, extension


def validate_document(upload: UploadedFile) -> None:
    document_content(upload)


def _store_document(actor: User, commitment: Commitment, upload: UploadedFile) -> CommitmentDocument:
    data, content_type, extension = document_content(upload)
    today = timezone.localdate()
    name = default_storage.save(
        f"pokjanal/komitmen/{today:%Y/%m}/{uuid.uuid4().hex}{extension}", ContentFile(data)
    )
    try:
        return log.create(
            actor,
            "add_commitment_document",
            CommitmentDocument(
                commitment=commitment,
                path=name,
                original_name=PurePath(upload.name or "dokumen").name[:200],
                content_type=content_type,
                size_bytes=len(data),
            ),
            subject=commitment,
            region_code=commitment.desa_id,
        )
    except Exception:
        default_storage.delete(name)  # the transaction is rolled back; leave no orphan file
        raise


@dataclass(frozen=True)
class CommitmentTerms:
    """What a desa has committed to and how far it is: the status, the document that proves it (number,
    date signed), the due date, the amount of an APBDes allocation and a note."""

    status: str
    document_number: str = ""
    signed_on: datetime.date | None = None
    due_date: datetime.date | None = None
    amount_rp: int | None = None
    note: str = ""


def _check_terms(kind: str, terms: CommitmentTerms) -> None:
    errors: dict[str, str] = {}
    if terms.status == CommitmentStatus.DONE and kind != CommitmentKind.OTHER and not terms.document_number:
        errors["document_number"] = _("Isi nomor dokumen yang sudah ditetapkan.")
    if terms.status == CommitmentStatus.DONE and kind != CommitmentKind.OTHER and terms.signed_on is None:
        errors["signed_on"] = _("Isi tanggal dokumen ditetapkan.")
    if kind == CommitmentKind.APBDES and terms.status == CommitmentStatus.DONE and not terms.amount_rp:
        errors["amount_rp"] = _("Isi jumlah alokasi APBDes untuk posyandu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@idempotent
def record_commitment(
    actor: User,
    desa: Region,
    *,
    kind: str,
    terms: CommitmentTerms,
    year: int | None = None,
    title: str = "",
    files: Sequence[UploadedFile] = (),
    client_uuid: uuid.UUID | None = None,
) -> Commitment:
    """The desa's commitment of this kind (and year, or title), created or brought up to date, with its
    new documents. One per desa: recording the same kind again updates it (keeping the due date a rakor
    decision set when none is given)."""
    if desa.level != DESA_LEVEL:
        raise ValidationError(_("Komitmen dicatat untuk satu desa/kelurahan."))
    _check_terms(kind, terms)
    title = " ".join(title.split()) if kind == CommitmentKind.OTHER else ""
    year = year if kind == CommitmentKind.APBDES else None
    key = commitment_key(kind, year, title)
    fields = {
        "status": terms.status,
        "document_number": terms.document_number,
        "signed_on": terms.signed_on,
        "due_date": terms.due_date,
        "amount_rp": terms.amount_rp,
        "note": terms.note,
        "updated_on": timezone.localdate(),
    }
    existing = Commitment.objects.select_for_update().filter(desa=desa, key=key).first()
    if existing is None:
        commitment = log.create(
            actor,
            "record_commitment",
            Commitment(desa=desa, kind=kind, key=key, title=title, year=year, **fields),
            client_uuid=client_uuid,
            region_code=desa.pk,
        )
    else:
        if terms.due_date is None and existing.decision_id is not None:
            fields["due_date"] = existing.due_date  # the due date a rakor set stays unless a new one is given
        commitment = log.update(
            actor, "update_commitment", existing, fields, client_uuid=client_uuid, region_code=desa.pk
        )
    for upload in files:
        _store_document(actor, commitment, upload)
    return commitment


@dataclass(frozen=True)
class FromDecision:
    """What `commitments_from_decision` did: the commitments it created and the desa that already had one."""

    created: int
    existing: int


@transaction.atomic
def commitments_from_decision(
    actor: User,
    decision: Decision,
    *,
    kind: str,
    due_date: datetime.date,
    year: int | None = None,
    title: str = "",
) -> FromDecision:
    """The commitment the decision asks of every desa/kelurahan of its body's area, due by `due_date`: one
    row per desa that has none yet, each audited; a desa that already has it keeps what it recorded.
    Running it again creates nothing more."""
    if kind == CommitmentKind.OTHER and not title.strip():
        raise ValidationError({"title": _("Isi judul komitmen.")})
    if kind == CommitmentKind.APBDES and year is None:
        raise ValidationError({"year": _("Isi tahun anggaran APBDes.")})
    title = " ".join(title.split()) if kind == CommitmentKind.OTHER else ""
    year = year if kind == CommitmentKind.APBDES else None
    key = commitment_key(kind, year, title)
    area = decision.rakor.body.region_id
    desa_codes = Region.objects.filter(within_q("code", area), level=DESA_LEVEL)
    have = set(
        Commitment.objects.filter(within_q("desa_id", area), key=key).values_list("desa_id", flat=True)
    )
    today = timezone.localdate()
    created = 0
    for code in desa_codes.order_by("code").values_list("code", flat=True):
        if code in have:
            continue
        log.create(
            actor,
            "commitment_from_decision",
            Commitment(
                desa_id=code,
                kind=kind,
                key=key,
                title=title,
                year=year,
                status=CommitmentStatus.MISSING,
                due_date=due_date,
                decision=decision,
                updated_on=today,
            ),
            subject=decision.rakor,
            region_code=code,
        )
        created += 1
    return FromDecision(created=created, existing=len(have))
