"""Where uploaded sheets are kept (in default_storage, under the private MEDIA_ROOT) and how they go: a sheet
holds names and NIKs of children and mothers, so it is deleted when its job ends, and any upload left
behind after the retention period by `purge_uploads` (`manage.py purge_uploads`, daily)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from campaigns.imports import kept
from campaigns.models import ImportJob, ImportStatus

UPLOAD_FOLDER = "campaigns"


def store(name: str, digest: str, content: bytes) -> str:
    """Save an uploaded sheet under the month it came in and its sha256; returns its path."""
    extension = "." + name.rsplit(".", 1)[-1].lower()
    today = timezone.localdate()
    return default_storage.save(
        f"{UPLOAD_FOLDER}/{today:%Y/%m}/{digest[:20]}{extension}", ContentFile(content)
    )


def sheet_gone(job: ImportJob) -> str:
    """Delete `job`'s uploaded sheet (names and NIKs of children and mothers) once the transaction ending the
    job commits, and return the job's new `stored_file` (none). The job keeps its sha256, so the same file
    sent again is still recognised. Call with the kept check already discarded (its path derives from the
    sheet's)."""
    path = job.stored_file
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))
    return ""


def purge_uploads(*, days: int, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete the uploaded sheets of jobs created more than `days` ago whatever their status (a job still
    waiting then ends failed), and any other file under the upload folder older than that (an upload whose
    transaction rolled back, a kept check left behind). Returns (jobs, orphan files)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    jobs = 0
    for job_id in (
        ImportJob.objects.filter(created_at__lt=cutoff).exclude(stored_file="").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if not job.stored_file:
                continue
            kept.discard(job)
            fields: dict[str, Any] = {"stored_file": sheet_gone(job)}
            if job.cancellable:
                fields |= {
                    "status": ImportStatus.FAILED,
                    "finished_at": timezone.now(),
                    "message": _(
                        "Berkas dihapus setelah %(days)d hari tanpa diimpor; tidak ada yang disimpan. "
                        "Unggah berkasnya lagi."
                    )
                    % {"days": days},
                }
            log.update(
                None,
                "purge_upload",
                job,
                fields,
                region_code=job.region_code,
                posyandu_id=job.posyandu_id,
                subject=job.campaign,
            )
            jobs += 1
    still_used = set(ImportJob.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    return jobs, _purge_folder(UPLOAD_FOLDER, cutoff, still_used)


def _purge_folder(folder: str, cutoff: datetime.datetime, still_used: set[str]) -> int:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        if path not in still_used and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed + sum(_purge_folder(f"{folder}/{sub}", cutoff, still_used) for sub in folders)
