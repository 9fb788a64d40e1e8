"""Background work of imports (django-tasks; `manage.py db_worker` runs it, tests run it immediately): the
check of an uploaded sheet, its import, and the report figures refreshed after it.

The actions and the import steps ask for it with signals (`campaigns.signals`), which the receivers here turn
into queued tasks, so nothing below imports this module.

Whatever a check or an import raises, its job ends failed with a message the user sees, and the traceback goes
to the log: a job is never left "being checked" with the same file refused as still waiting."""

from __future__ import annotations

import datetime
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from campaigns import signals
from campaigns.imports import check, kept, prepare
from campaigns.imports.check import Checked
from campaigns.imports.uploads import sheet_gone
from campaigns.imports.write import store_issues, write_import
from campaigns.models import RUNNING, ImportJob, ImportMode, ImportStatus
from reports.actions import refresh_figures as refresh_report_figures

logger = logging.getLogger(__name__)


@contextmanager
def _job_fails_on_error(job_id: int) -> Iterator[None]:
    try:
        yield
    except Exception:
        logger.exception("Import job %s failed", job_id)
        fail_after_error(job_id)


@task()
def check_import(job_id: int) -> None:
    with _job_fails_on_error(job_id):
        check_job(job_id)


@task()
def run_import(job_id: int) -> None:
    with _job_fails_on_error(job_id):
        import_job(job_id)


@task()
def refresh_figures(posyandu_ids: list[int], months: list[str]) -> None:
    refresh_figures_of(posyandu_ids, months)


@receiver(signals.check_requested, dispatch_uid="campaigns_check_import")
def _queue_check(sender: Any, job_id: int, **kwargs: Any) -> None:
    check_import.enqueue(job_id)


@receiver(signals.import_requested, dispatch_uid="campaigns_run_import")
def _queue_import(sender: Any, job_id: int, **kwargs: Any) -> None:
    run_import.enqueue(job_id)


@receiver(signals.figures_requested, dispatch_uid="campaigns_refresh_figures")
def _queue_figures(
    sender: Any, posyandu_ids: list[int], months: list[str], history: bool = False, **kwargs: Any
) -> None:
    """The months first, so that the months a sheet wrote are fresh soon; then, with `history`, the whole
    history (a province's largest kabupaten: 2,370 posyandu, 24 months, minutes of work)."""
    refresh_figures.enqueue(posyandu_ids, months)
    if history and months:
        refresh_figures.enqueue(posyandu_ids, [])


class Cancelled(Exception):
    """The user cancelled the job while it ran: its progress or its sheet says so, and the job stops."""


def _progress_of(job: ImportJob) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists():
            raise Cancelled

    return update


def _read(job: ImportJob) -> bytes:
    try:
        with default_storage.open(job.stored_file, "rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        # Cancelling deletes the sheet; a check or import that had not opened it yet stops as cancelled.
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists():
            raise Cancelled from None
        raise


@contextmanager
def bulk_work() -> Iterator[None]:
    """Without Python's cycle collector: it rescans every live object as allocations pile up, and a sheet
    makes hundreds of thousands that stay alive until the end, which cost a third of the time. Nothing here
    leaves cycles to collect; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_job(job_id: int, *, today: datetime.date | None = None) -> ImportJob:
    """The background check of an uploaded sheet: counts and row problems, and the result kept for the
    import (campaigns.imports.kept); nothing else is written."""
    with bulk_work():
        return _check_job(job_id, today or timezone.localdate())


def _check_job(job_id: int, today: datetime.date) -> ImportJob:
    job = ImportJob.objects.select_related("campaign", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)
    assert job.uploaded_by is not None
    watch = kept.watch()
    try:
        checked = check.check_rows(
            job.uploaded_by,
            job.campaign,
            job.original_name,
            _read(job),
            today=today,
            progress=_progress_of(job),
        )
    except Cancelled:
        return ImportJob.objects.get(pk=job_id)
    if not checked.fatal:
        kept.keep(job, checked, watch, job.uploaded_by.pk, today)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job_id)
        if locked.status == ImportStatus.CANCELLED:
            kept.discard(locked)
            return locked
        store_issues(locked, checked)
        locked.status = ImportStatus.FAILED if checked.fatal else ImportStatus.VALIDATED
        if checked.fatal:
            locked.finished_at = timezone.now()
            locked.stored_file = sheet_gone(locked)
        locked.save()
    return locked


def import_job(job_id: int, *, today: datetime.date | None = None) -> ImportJob:
    """The background import: the check's result when it still holds (campaigns.imports.kept), else the sheet
    checked again (the register may have changed since); then everything written in one transaction, or
    nothing."""
    with bulk_work():
        return _import_job(job_id, today or timezone.localdate())


def _import_job(job_id: int, today: datetime.date) -> ImportJob:
    job = ImportJob.objects.select_related("campaign", "imported_by", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return job
    actor = job.imported_by or job.uploaded_by
    assert actor is not None
    progress = _progress_of(job)
    checked = kept.take(job, actor.pk, today)
    reused = checked is not None
    try:
        if checked is None:  # checking again fills the first half of the progress bar
            checked = check.check_rows(
                actor,
                job.campaign,
                job.original_name,
                _read(job),
                today=today,
                progress=lambda done, total: progress(done // 2, total),
            )
        total = checked.total
        base = 0 if reused else total // 2
        failure = checked.fatal
        if not failure and job.mode == ImportMode.ALL_OR_NOTHING and checked.error_lines:
            failure = _("%(n)d baris bermasalah: tidak ada yang disimpan (semua atau tidak sama sekali).") % {
                "n": len(checked.error_lines)
            }
        prepared = None
        if not failure:
            prepared = prepare.prepare_visits(
                checked.valid,
                job.campaign,
                progress=lambda done, of: progress(base + (total - base) * done // max(of, 1), total),
            )
    except Cancelled:
        return ImportJob.objects.get(pk=job_id)
    if prepared is None:
        return _fail(job_id, checked, failure)
    try:
        return write_import(job_id, actor, checked, prepared, issues_stored=reused)
    except IntegrityError:
        # The register changed in a way the check did not see (a write outside the audited actions, or
        # two imports of the same children at once); the transaction wrote nothing.
        if reused:
            return _import_job(job_id, today)  # checked again this time
        message = _("Data warga berubah selama impor; tidak ada yang disimpan. Mulai impor lagi.")
        return _fail(job_id, checked, message)


def fail_after_error(job_id: int) -> None:
    """End a job whose task raised: failed, nothing stored (its writes were rolled back with the task's
    transaction), the kept check removed, and a message saying the same file may be sent again."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, status__in=RUNNING).first()
        if job is None:
            return
        kept.discard(job)
        job.status = ImportStatus.FAILED
        job.stored_file = sheet_gone(job)
        job.message = _(
            "Terjadi kesalahan tak terduga saat memproses berkas; tidak ada yang disimpan. Kesalahan ini "
            "sudah dicatat untuk petugas teknis. Anda dapat mengunggah berkas yang sama sekali lagi."
        )
        job.finished_at = timezone.now()
        job.save()


def _fail(job_id: int, checked: Checked, message: str) -> ImportJob:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job_id)
        kept.discard(locked)
        store_issues(locked, checked)
        locked.status = ImportStatus.FAILED
        locked.message = message
        locked.finished_at = timezone.now()
        locked.stored_file = sheet_gone(locked)
        locked.save()
    return locked


def refresh_figures_of(posyandu_ids: list[int], month_texts: list[str]) -> int:
    """The background refresh after an import (`month_texts` ISO dates; empty = the whole history)."""
    wanted = [datetime.date.fromisoformat(m) for m in month_texts] or None
    return refresh_report_figures(posyandu_ids, wanted)
