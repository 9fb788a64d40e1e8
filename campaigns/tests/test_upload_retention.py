"""Uploaded sheets hold names and NIKs of children and mothers: deleted when their import ends, and by
`purge_uploads` after UPLOAD_RETENTION_DAYS whatever happened to them; the sha256 alone still recognises the
same file sent again."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from campaigns import actions
from campaigns.imports import uploads
from campaigns.models import ImportJob, ImportStatus
from campaigns.tests.conftest import BAD, GOOD, csv_bytes, xlsx_bytes
from campaigns.tests.test_import import client_for

pytestmark = pytest.mark.django_db


def uploaded(world: Any, name: str, content: bytes, capture: Any) -> tuple[ImportJob, Path]:
    with capture(execute=True):
        job = actions.upload_sheet(world.users["kabupaten"], world.campaign, name=name, content=content)
    job.refresh_from_db()
    path = Path(settings.MEDIA_ROOT) / job.stored_file
    assert job.stored_file.startswith("campaigns/2026/11/") and path.is_file()
    return job, path


def campaign_files(world: Any) -> list[str]:
    """Files in the upload folder other than the world's own waiting job and its kept check."""
    root = Path(settings.MEDIA_ROOT)
    theirs = world.import_job.stored_file
    return sorted(
        name
        for name in (str(p.relative_to(root)) for p in (root / "campaigns").rglob("*") if p.is_file())
        if not name.startswith(theirs)
    )


def test_the_sheet_is_deleted_when_its_import_is_done_and_a_resend_is_still_a_duplicate(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    content = xlsx_bytes(GOOD + BAD)
    job, path = uploaded(world, "hasil.xlsx", content, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.VALIDATED  # waits for the user's choice: the sheet is kept
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_import(world.users["kabupaten"], job, mode="valid_rows")
    job.refresh_from_db()
    assert (job.status, job.stored_visits, job.stored_file) == (ImportStatus.DONE, 3, "")
    assert not path.exists() and campaign_files(world) == []
    assert len(job.sha256) == 64
    # The error report is read from the stored issues, not from the deleted sheet.
    report = client_for(world.users["kabupaten"]).get(reverse("campaigns:job_errors", args=[job.pk]))
    assert report.status_code == 200 and job.issues.count() > 0
    with django_capture_on_commit_callbacks(execute=True):
        again = actions.upload_sheet(
            world.users["kabupaten"], world.campaign, name="hasil-lagi.xlsx", content=content
        )
    again.refresh_from_db()
    assert (again.status, again.stored_file, again.sha256) == (ImportStatus.DUPLICATE, "", job.sha256)
    assert campaign_files(world) == []


def test_the_sheet_is_deleted_when_its_check_fails_or_it_is_cancelled(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        failed = actions.upload_sheet(
            world.users["kabupaten"], world.campaign, name="kosong.csv", content=b"bukan,lembar\n1,2\n"
        )
    failed.refresh_from_db()
    assert (failed.status, failed.stored_file) == (ImportStatus.FAILED, "")
    assert campaign_files(world) == []  # it was stored, checked, and deleted with the failure
    job, path = uploaded(world, "hasil.csv", csv_bytes(GOOD), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_import(world.users["kabupaten"], job)
    job.refresh_from_db()
    assert (job.status, job.stored_file) == (ImportStatus.CANCELLED, "")
    assert not path.exists() and campaign_files(world) == []


def _age(path: Path, days: int) -> None:
    then = (timezone.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


def test_purge_uploads_deletes_sheets_and_files_older_than_the_retention(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old, old_path = uploaded(world, "lama.csv", csv_bytes(GOOD), django_capture_on_commit_callbacks)
    recent, recent_path = uploaded(world, "baru.xlsx", xlsx_bytes(GOOD), django_capture_on_commit_callbacks)
    assert old.status == recent.status == ImportStatus.VALIDATED
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    _age(old_path, 31)
    orphan = Path(settings.MEDIA_ROOT) / "campaigns" / "2026" / "10" / "sisa-unggahan.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"nik\n6474015505950001\n")
    _age(orphan, 40)
    young_orphan = orphan.with_name("baru-saja.csv")
    young_orphan.write_bytes(b"x")
    _age(young_orphan, 29)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    old.refresh_from_db()
    assert (old.status, old.stored_file, old.sha256) == (ImportStatus.FAILED, "", old.sha256)
    assert old.message == (
        "Berkas dihapus setelah 30 hari tanpa diimpor; tidak ada yang disimpan. Unggah berkasnya lagi."
    )
    event = AuditEvent.objects.get(verb="purge_upload")
    assert event.actor is None and event.changes["status"] == ["validated", "failed"]
    recent.refresh_from_db()
    assert recent.status == ImportStatus.VALIDATED and recent_path.is_file()
    assert campaign_files(world) == [  # the recent job's sheet and its kept check stay
        "campaigns/2026/10/baru-saja.csv",
        recent.stored_file,
        f"{recent.stored_file}.job{recent.pk}.checked",
    ]
    assert not old_path.exists() and not orphan.exists()
    # Nothing left to do on the next run.
    assert uploads.purge_uploads(days=settings.UPLOAD_RETENTION_DAYS) == (0, 0)
