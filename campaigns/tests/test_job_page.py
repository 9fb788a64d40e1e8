"""The job page's polled fragment carries everything the status allows (tests/browser/test_import_page.py
follows a job through it in a browser)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from campaigns.models import ImportJob, ImportStatus
from campaigns.tests.conftest import BAD, GOOD, csv_bytes
from campaigns.tests.test_import import client_for, run, upload

pytestmark = pytest.mark.django_db


def fragment(world: Any, job: ImportJob, user: str = "kabupaten") -> str:
    response = client_for(world.users[user]).get(
        reverse("campaigns:job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_polled_fragment_brings_the_actions_of_each_status(world: Any) -> None:
    job = upload(world, "hasil.csv", csv_bytes([*GOOD, *BAD]))
    assert job.status == ImportStatus.VALIDATED
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)
    checking = fragment(world, job)
    assert 'hx-trigger="every 1s"' in checking and "Batalkan impor" in checking
    assert 'data-testid="start-import"' not in checking

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATED)
    checked = fragment(world, job)
    assert "hx-trigger" not in checked
    assert checked.count('data-testid="issue-row"') == 3
    assert 'data-testid="errors-xlsx"' in checked and 'data-testid="start-import"' in checked
    assert "Batalkan impor" in checked
    assert 'data-testid="stored-visits"' not in checked and "Lihat cakupan dan prevalensi" not in checked
    # A read-only viewer sees the report but neither choice.
    viewer = fragment(world, job, "kabupaten_viewer")
    assert 'data-testid="errors-xlsx"' in viewer
    assert 'data-testid="start-import"' not in viewer and "Batalkan impor" not in viewer

    job = run(world, job)
    assert job.status == ImportStatus.DONE
    done = fragment(world, job)
    assert "hx-trigger" not in done and "Batalkan impor" not in done
    assert 'data-testid="start-import"' not in done and 'data-testid="stored-visits">3<' in done
    assert "Lihat cakupan dan prevalensi" in done
