"""Background work of the OpenSID import (django-tasks, as `campaigns.tasks`): the check of an uploaded
export and its import. Whatever a task raises, its job ends failed with a message, and the traceback goes to
the log."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks import task

from campaigns.tasks import bulk_work
from exchange.opensid import actions, signals

logger = logging.getLogger(__name__)


@task()
def check_export(job_id: int) -> None:
    try:
        with bulk_work():
            actions.run_check(job_id)
    except Exception:
        logger.exception("OpenSID check %s failed", job_id)
        actions.fail_after_error(job_id)


@task()
def import_export(job_id: int) -> None:
    try:
        with bulk_work():
            actions.run_import(job_id)
    except Exception:
        logger.exception("OpenSID import %s failed", job_id)
        actions.fail_after_error(job_id)


@receiver(signals.check_requested, dispatch_uid="opensid_check_export")
def _queue_check(sender: Any, job_id: int, **kwargs: Any) -> None:
    check_export.enqueue(job_id)


@receiver(signals.import_requested, dispatch_uid="opensid_import_export")
def _queue_import(sender: Any, job_id: int, **kwargs: Any) -> None:
    import_export.enqueue(job_id)
