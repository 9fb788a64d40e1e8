"""Background work of imports (django-tasks; `manage.py db_worker` runs it, tests run it immediately).

The actions ask for it with their signals (`actions.check_requested`, ...), which the receivers here turn
into queued tasks, so the actions need not import this module.

Whatever a check or an import raises, its job ends failed with a message the user sees, and the traceback goes
to the log: a job is never left "being checked" with the same file refused as still waiting."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.dispatch import receiver
from django_tasks import task

from campaigns import actions

logger = logging.getLogger(__name__)


@contextmanager
def _job_fails_on_error(job_id: int) -> Iterator[None]:
    try:
        yield
    except Exception:
        logger.exception("Import job %s failed", job_id)
        actions.fail_after_error(job_id)


@task()
def check_import(job_id: int) -> None:
    with _job_fails_on_error(job_id):
        actions.check_job(job_id)


@task()
def run_import(job_id: int) -> None:
    with _job_fails_on_error(job_id):
        actions.import_job(job_id)


@task()
def refresh_figures(posyandu_ids: list[int], months: list[str]) -> None:
    actions.refresh_figures_of(posyandu_ids, months)


@receiver(actions.check_requested, dispatch_uid="campaigns_check_import")
def _queue_check(sender: Any, job_id: int, **kwargs: Any) -> None:
    check_import.enqueue(job_id)


@receiver(actions.import_requested, dispatch_uid="campaigns_run_import")
def _queue_import(sender: Any, job_id: int, **kwargs: Any) -> None:
    run_import.enqueue(job_id)


@receiver(actions.figures_requested, dispatch_uid="campaigns_refresh_figures")
def _queue_figures(sender: Any, posyandu_ids: list[int], months: list[str], **kwargs: Any) -> None:
    refresh_figures.enqueue(posyandu_ids, months)
