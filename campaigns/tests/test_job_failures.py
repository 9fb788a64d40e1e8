"""No import job is ever stuck: whatever the check or the import meets, the job ends checked, imported or
failed with a message, and a failure leaves the database as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.imports import check, kept, prepare
from campaigns.imports import read as sheets
from campaigns.models import RUNNING, ImportStatus
from campaigns.tests.conftest import BAD, GOOD, csv_bytes, ods_bytes, xlsx_bytes
from campaigns.tests.test_import import run, state, upload

pytestmark = pytest.mark.django_db

UNEXPECTED = "Terjadi kesalahan tak terduga saat memproses berkas; tidak ada yang disimpan."


def boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("a fault nobody foresaw")


def test_a_check_that_raises_fails_its_job_and_the_same_file_can_be_sent_again(
    world: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    before = state()
    monkeypatch.setattr(check, "check_rows", boom)
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith(UNEXPECTED)
    assert job.finished_at is not None
    assert "a fault nobody foresaw" in caplog.text  # the traceback is logged for the technician
    assert state() == before

    monkeypatch.undo()
    again = upload(world, "hasil.csv", csv_bytes(GOOD))
    assert again.pk != job.pk
    assert again.status == ImportStatus.VALIDATED


def test_an_import_that_raises_fails_its_job_and_stores_nothing(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    assert job.status == ImportStatus.VALIDATED
    before = state()
    monkeypatch.setattr(prepare, "prepare_visits", boom)
    job = run(world, job)
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith(UNEXPECTED)
    assert state() == before
    assert kept.take(job, world.users["kabupaten"].pk, job.created_at.date()) is None


FORMATS = {
    "hasil.xls": (Path(__file__).parent / "data" / "good_rows.xls").read_bytes(),
    "hasil.xlsx": xlsx_bytes(GOOD + BAD),
    "hasil.ods": ods_bytes(GOOD + BAD),
    "hasil.csv": csv_bytes(GOOD + BAD),
}


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the formats, truncated, with bytes flipped, or both."""
    name = draw(st.sampled_from(sorted(FORMATS)))
    content = bytearray(FORMATS[name])
    if draw(st.booleans()):
        content = content[: draw(st.integers(0, len(content)))]
    for _ in range(draw(st.integers(0, 8))):
        if content:
            content[draw(st.integers(0, len(content) - 1))] = draw(st.integers(0, 255))
    return name, bytes(content)


@settings(max_examples=150, deadline=None)
@given(damaged())
def test_a_damaged_sheet_is_read_or_refused_with_a_message(sheet: tuple[str, bytes]) -> None:
    name, content = sheet
    try:
        read = sheets.read(name, content)
    except sheets.SheetError as refused:
        assert str(refused)
    else:
        assert all(number >= 2 for number, _cells in read.rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damaged())
def test_a_damaged_sheet_ends_checked_imported_or_failed_never_half_stored(
    world: Any, sheet: tuple[str, bytes]
) -> None:
    name, content = sheet
    before = state()
    job = upload(world, name, content)
    if job.status == ImportStatus.VALIDATED and job.valid_rows:
        job = run(world, job)
    assert job.status not in RUNNING
    if job.status in (ImportStatus.FAILED, ImportStatus.VALIDATED, ImportStatus.DUPLICATE):
        assert state() == before
    if job.status == ImportStatus.FAILED:
        assert job.message
