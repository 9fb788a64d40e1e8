"""The verbs of the OpenSID import: upload an export (its check runs in the background), start its import,
import a file at once (the command line), and say which posyandu serves a dusun/RW/RT (which brings the
residents waiting there into the register).

Who may: an officer who may write and whose area covers the desa (the Pokja desa, the Tim Pembina above it,
an administrator). Every write to the register happens in one transaction: a failed import leaves the
database as it was."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from audit import log
from audit.retries import idempotent
from campaigns.imports.read import EXTENSIONS, SheetError
from exchange.opensid import sheet
from exchange.opensid.models import CheckRow, ExportImport, JobStatus, Outcome, Resident, ServedUnit
from exchange.opensid.plan import Plan, plan_import
from exchange.opensid.signals import check_requested, import_requested
from exchange.opensid.write import Written, write_plan
from regions.models import Level

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Posyandu
    from regions.models import LocalUnit, Region

UPLOAD_FOLDER = "opensid"
Progress = Callable[[int, int], None]


def may_import(user: User, desa: Region) -> bool:
    return bool(
        user.can_write and user.is_officer and desa.level == Level.DESA and scope_of(user).covers(desa.code)
    )


def ensure_may_import(user: User, desa: Region) -> None:
    if desa.level != Level.DESA:
        raise ValidationError(_("Pilih desa/kelurahan: impor OpenSID berlaku untuk satu desa."))
    if not may_import(user, desa):
        raise PermissionDenied


def check_export(
    actor: User,
    desa: Region,
    *,
    name: str,
    content: bytes,
    today: datetime.date,
    progress: Progress | None = None,
) -> Plan:
    """What importing the file would do, row by row (SheetError: the file cannot be read)."""
    export = sheet.read_export(name, content, today=today)
    return plan_import(desa.code, export, today=today, actor_id=actor.pk, progress=progress)


@dataclass(frozen=True)
class Imported:
    plan: Plan
    written: Written | None  # None: checked only
    job: ExportImport


def import_file(
    actor: User, desa: Region, *, name: str, content: bytes, today: datetime.date, check_only: bool = False
) -> Imported:
    """The command line's import: check, and unless `check_only` write, in one transaction; the job is kept
    with its rows like an upload's."""
    ensure_may_import(actor, desa)
    plan = check_export(actor, desa, name=name, content=content, today=today)
    with transaction.atomic():
        job = ExportImport(
            desa=desa,
            uploaded_by=actor,
            imported_by=None if check_only else actor,
            original_name=name[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            status=JobStatus.CHECKED,
        )
        log.create(actor, "upload_opensid_export", job, region_code=desa.code)
        written = None if check_only else write_plan(actor, plan, job)
        _finish(actor, job, plan, written)
    return Imported(plan, written, job)


def _finish(actor: User, job: ExportImport, plan: Plan, written: Written | None) -> None:
    """Store the rows of the check (or of the import) on the job, and record what it did."""
    job.rows.all().delete()
    CheckRow.objects.bulk_create(
        [
            CheckRow(job=job, row=line, outcome=outcome, name=name[:120], reason=reason[:300])
            for line, outcome, name, reason in plan.lines()
        ],
        batch_size=2000,
    )
    fields: dict[str, object] = {
        "counts": plan.counts(),
        "total_rows": plan.total,
        "processed_rows": plan.total,
        "status": JobStatus.CHECKED if written is None else JobStatus.DONE,
    }
    if written is not None:
        fields |= {"finished_at": timezone.now(), "stored_file": _sheet_gone(job)}
        fields["counts"] = plan.counts() | {
            "created_households": written.created_households,
            "created_units": written.created_units,
        }
    log.update(
        actor,
        "check_opensid_export" if written is None else "import_opensid_export",
        job,
        fields,
        region_code=job.desa_id,
    )


def _sheet_gone(job: ExportImport) -> str:
    """The uploaded export (names and NIKs of a whole desa) is deleted once the job ends."""
    path = job.stored_file
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))
    return ""


@transaction.atomic
@idempotent
def upload_export(
    actor: User, desa: Region, *, name: str, content: bytes, client_uuid: uuid.UUID | None = None
) -> ExportImport:
    """Keep an uploaded export and queue its check. An earlier upload of the desa not yet imported is
    cancelled: the newest export is the one that counts."""
    ensure_may_import(actor, desa)
    if not name.lower().endswith(EXTENSIONS):
        raise ValidationError(
            {"file": _("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv.")}
        )
    digest = hashlib.sha256(content).hexdigest()
    for earlier in ExportImport.objects.select_for_update().filter(
        desa=desa, status__in=[JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.CHECKED]
    ):
        log.update(
            actor,
            "cancel_opensid_export",
            earlier,
            {
                "status": JobStatus.CANCELLED,
                "finished_at": timezone.now(),
                "stored_file": _sheet_gone(earlier),
            },
            region_code=desa.code,
        )
    today = timezone.localdate()
    path = default_storage.save(
        f"{UPLOAD_FOLDER}/{today:%Y/%m}/{digest[:20]}.{name.rsplit('.', 1)[-1].lower()}", ContentFile(content)
    )
    job = ExportImport(
        desa=desa, uploaded_by=actor, original_name=name[:200], sha256=digest, stored_file=path
    )
    log.create(actor, "upload_opensid_export", job, region_code=desa.code, client_uuid=client_uuid)
    check_requested.send(sender=ExportImport, job_id=job.pk)
    return job


@transaction.atomic
@idempotent
def start_import(actor: User, job: ExportImport, *, client_uuid: uuid.UUID | None = None) -> ExportImport:
    ensure_may_import(actor, job.desa)
    locked = ExportImport.objects.select_for_update().get(pk=job.pk)
    if locked.status != JobStatus.CHECKED:
        raise ValidationError(
            _("Impor ini tidak dapat dimulai (status: %(s)s).") % {"s": locked.get_status_display()}
        )
    updated = log.update(
        actor,
        "start_opensid_import",
        locked,
        {"status": JobStatus.IMPORTING, "processed_rows": 0, "imported_by": actor},
        region_code=locked.desa_id,
        client_uuid=client_uuid,
    )
    import_requested.send(sender=ExportImport, job_id=job.pk)
    return updated


def run_check(job_id: int, *, today: datetime.date | None = None) -> ExportImport:
    """The background check of an upload: its rows and counts; the register is not touched."""
    job = ExportImport.objects.select_related("desa", "uploaded_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED or job.uploaded_by is None:
        return job
    ExportImport.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING)
    actor = job.uploaded_by
    try:
        plan = _plan_of(job, actor, today or timezone.localdate())
    except SheetError as exc:
        return _fail(actor, job, str(exc))
    with transaction.atomic():
        locked = ExportImport.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.CHECKING:
            return locked  # cancelled meanwhile
        _finish(actor, locked, plan, None)
    return ExportImport.objects.get(pk=job.pk)


def run_import(job_id: int, *, today: datetime.date | None = None) -> ExportImport:
    """The background import: the export checked again (the register may have changed since the check) and
    written in one transaction, or nothing."""
    job = ExportImport.objects.select_related("desa", "uploaded_by", "imported_by").get(pk=job_id)
    actor = job.imported_by or job.uploaded_by
    if job.status != JobStatus.IMPORTING or actor is None:
        return job
    try:
        plan = _plan_of(job, actor, today or timezone.localdate())
    except SheetError as exc:
        return _fail(actor, job, str(exc))
    with transaction.atomic():
        locked = ExportImport.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.IMPORTING:
            return locked
        written = write_plan(actor, plan, locked)
        _finish(actor, locked, plan, written)
    return ExportImport.objects.get(pk=job.pk)


def _plan_of(job: ExportImport, actor: User, today: datetime.date) -> Plan:
    with default_storage.open(job.stored_file, "rb") as handle:
        content = bytes(handle.read())

    def progress(done: int, total: int) -> None:
        ExportImport.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    return check_export(
        actor, job.desa, name=job.original_name, content=content, today=today, progress=progress
    )


def _fail(actor: User | None, job: ExportImport, message: str) -> ExportImport:
    with transaction.atomic():
        locked = ExportImport.objects.select_for_update().get(pk=job.pk)
        return log.update(
            actor,
            "fail_opensid_export",
            locked,
            {
                "status": JobStatus.FAILED,
                "message": message,
                "finished_at": timezone.now(),
                "stored_file": _sheet_gone(locked),
            },
            region_code=locked.desa_id,
        )


def fail_after_error(job_id: int) -> None:
    """A task that raised: the job ends failed (its writes were rolled back), with a message for the user."""
    job = ExportImport.objects.filter(
        pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.IMPORTING]
    ).first()
    if job is not None:
        _fail(
            None,
            job,
            _(
                "Terjadi kesalahan tak terduga; tidak ada yang disimpan. Kesalahan ini sudah dicatat. "
                "Unggah berkasnya lagi."
            ),
        )


@transaction.atomic
@idempotent
def assign_posyandu(
    actor: User, unit: LocalUnit, posyandu: Posyandu, *, client_uuid: uuid.UUID | None = None
) -> ServedUnit:
    """Say that `posyandu` serves `unit` (a dusun, RW or RT of its desa); the residents of the desa's latest
    export waiting there join the register now."""
    ensure_may_import(actor, unit.desa)
    if posyandu.desa_id != unit.desa_id:
        raise ValidationError({"posyandu": _("Pilih posyandu di desa/kelurahan yang sama.")})
    served = ServedUnit.objects.filter(unit=unit).first()
    if served is None:
        served = log.create(
            actor,
            "assign_opensid_posyandu",
            ServedUnit(unit=unit, posyandu=posyandu, desa_id=unit.desa_id),
            region_code=unit.desa_id,
            posyandu_id=posyandu.pk,
            client_uuid=client_uuid,
        )
    else:
        served = log.update(
            actor,
            "assign_opensid_posyandu",
            served,
            {"posyandu": posyandu},
            region_code=unit.desa_id,
            posyandu_id=posyandu.pk,
            client_uuid=client_uuid,
        )
    waiting = [_row_of(r) for r in Resident.objects.filter(desa_id=unit.desa_id).waiting()]
    if waiting:
        export = sheet.Export(waiting, [], len(waiting))
        plan = plan_import(unit.desa_id, export, today=timezone.localdate(), actor_id=actor.pk)
        write_plan(actor, plan, served)
    return served


def _row_of(resident: Resident) -> sheet.Resident:
    return sheet.Resident(
        line=0,
        key=resident.key,
        nik=resident.nik,
        kk_number=resident.kk_number,
        name=resident.name,
        sex=resident.sex,
        birth_date=resident.birth_date,
        kk_level=resident.kk_level,
        mother_nik=resident.mother_nik,
        mother_name=resident.mother_name,
        dusun=resident.dusun,
        rw=resident.rw,
        rt=resident.rt,
        address=resident.address,
        kb_method=resident.kb_method,
        pregnant=resident.pregnant,
        status_dasar=resident.status_dasar,
    )


__all__ = ["Outcome"]
