"""The user's verbs of weighing campaigns: creating a campaign, uploading a sheet, starting its import, and
cancelling an import.

An upload and the start of an import ask for background work (`campaigns.signals`, run by `campaigns.tasks`):
the check of every row and the bulk import, one step per module of `campaigns.imports`. Nothing is written
to the register before the import's one transaction, so a failed or cancelled import leaves it unchanged. The
file's sha256 makes a re-upload of the same file store nothing, and (campaign, child, date) is stored once
whatever is uploaded again."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from audit import log
from audit.retries import idempotent
from campaigns.imports import kept, read, uploads
from campaigns.models import Campaign, ImportJob, ImportMode, ImportStatus
from campaigns.signals import check_requested, import_requested
from regions.codes import code_is_within, common_ancestor

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


@transaction.atomic
@idempotent
def create_campaign(
    actor: User,
    *,
    name: str,
    kind: str,
    region: Region,
    start_date: datetime.date,
    end_date: datetime.date,
    target_groups: list[str],
    coverage_target_pct: Decimal = Decimal(90),
    notes: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Campaign:
    if not scope_of(actor).covers(region.code):
        raise ValidationError({"region": _("Wilayah kegiatan harus di dalam wilayah Anda.")})
    if end_date < start_date:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum tanggal mulai.")})
    if not target_groups:
        raise ValidationError({"target_groups": _("Pilih kelompok sasaran.")})
    campaign = Campaign(
        name=name,
        kind=kind,
        region=region,
        start_date=start_date,
        end_date=end_date,
        target_groups=target_groups,
        coverage_target_pct=coverage_target_pct,
        notes=notes,
    )
    return log.create(actor, "create_campaign", campaign, region_code=region.code, client_uuid=client_uuid)


def _job_place(actor: User, campaign: Campaign) -> tuple[str, int | None]:
    """Who may see an upload: the narrower of the uploader's scope and the campaign's region."""
    scope = scope_of(actor)
    if scope.posyandu_id is not None:
        return scope.region_codes[0], scope.posyandu_id
    if scope.everything or not scope.region_codes:
        return campaign.region_id, None
    code = common_ancestor(scope.region_codes) or campaign.region_id
    return (code if code_is_within(code, campaign.region_id) else campaign.region_id), None


@transaction.atomic
@idempotent
def upload_sheet(
    actor: User, campaign: Campaign, *, name: str, content: bytes, client_uuid: uuid.UUID | None = None
) -> ImportJob:
    """Store an uploaded sheet and queue its check. The same file already imported for this campaign is
    recorded as a duplicate and never imported again; the same file still waiting is returned as it is."""
    if not name.lower().endswith(read.EXTENSIONS):
        raise ValidationError(
            {"file": _("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv.")}
        )
    digest = hashlib.sha256(content).hexdigest()
    same = campaign.imports.filter(sha256=digest)
    region_code, posyandu_id = _job_place(actor, campaign)
    job = ImportJob(
        campaign=campaign,
        uploaded_by=actor,
        region_code=region_code,
        posyandu_id=posyandu_id,
        original_name=name[:200],
        sha256=digest,
    )
    done = same.filter(status=ImportStatus.DONE).first()
    if done is not None:
        job.stored_file = ""  # nothing to keep: the sha256 alone recognises the file
        job.status = ImportStatus.DUPLICATE
        job.total_rows = done.total_rows
        job.message = _(
            "Berkas yang sama sudah diimpor pada %(when)s (%(n)d kunjungan). Tidak ada yang disimpan lagi."
        ) % {
            "when": timezone.localtime(done.finished_at or done.created_at).strftime("%d-%m-%Y %H:%M"),
            "n": done.stored_visits,
        }
        return log.create(
            actor,
            "upload_sheet",
            job,
            region_code=region_code,
            posyandu_id=posyandu_id,
            subject=campaign,
            client_uuid=client_uuid,
        )
    waiting = same.filter(
        status__in=[ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.VALIDATED], uploaded_by=actor
    ).first()
    if waiting is not None:
        return waiting
    job.stored_file = uploads.store(name, digest, content)
    log.create(
        actor,
        "upload_sheet",
        job,
        region_code=region_code,
        posyandu_id=posyandu_id,
        subject=campaign,
        client_uuid=client_uuid,
    )
    check_requested.send(sender=ImportJob, job_id=job.pk)
    return job


@transaction.atomic
@idempotent
def start_import(
    actor: User, job: ImportJob, *, mode: str, client_uuid: uuid.UUID | None = None
) -> ImportJob:
    """The user's choice after the check: import the valid rows, or all or nothing."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ImportStatus.VALIDATED:
        raise ValidationError(
            _("Impor ini tidak dapat dimulai (status: %(s)s).") % {"s": locked.get_status_display()}
        )
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Pilih cara impor.")})
    if mode == ImportMode.ALL_OR_NOTHING and locked.error_rows:
        raise ValidationError(
            _(
                "Masih ada %(n)d baris bermasalah: dengan “semua atau tidak sama sekali” tidak ada yang "
                "akan disimpan. Perbaiki berkasnya atau impor baris yang valid saja."
            )
            % {"n": locked.error_rows}
        )
    updated = log.update(
        actor,
        "start_import",
        locked,
        {"mode": mode, "status": ImportStatus.IMPORTING, "imported_by": actor, "processed_rows": 0},
        region_code=locked.region_code,
        posyandu_id=locked.posyandu_id,
        subject=locked.campaign,
        client_uuid=client_uuid,
    )
    import_requested.send(sender=ImportJob, job_id=job.pk)
    return updated


@transaction.atomic
@idempotent
def cancel_import(actor: User, job: ImportJob, *, client_uuid: uuid.UUID | None = None) -> ImportJob:
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not locked.cancellable:
        raise ValidationError(_("Impor ini sudah selesai dan tidak dapat dibatalkan."))
    kept.discard(locked)
    return log.update(
        actor,
        "cancel_import",
        locked,
        {
            "status": ImportStatus.CANCELLED,
            "finished_at": timezone.now(),
            "stored_file": uploads.sheet_gone(locked),
        },
        region_code=locked.region_code,
        posyandu_id=locked.posyandu_id,
        subject=locked.campaign,
        client_uuid=client_uuid,
    )
