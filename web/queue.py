"""Background tasks that many writes ask for, queued once: a write enqueues the task deferred by a delay,
unless the database queue already holds it waiting (not yet started), so one run reads every write made in
that time."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus


def _waiting(task: Any, args: list[Any]) -> bool:
    """Whether the database queue holds the same task with the same arguments, not yet started (due or
    deferred): it will read this write too."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path)
    return waiting.filter(args_kwargs={"args": args, "kwargs": {}}).exists()


def enqueue_once(task: Any, args: list[Any], *, delay: datetime.timedelta) -> None:
    """Enqueue `task(*args)` to run after `delay` (at once on a backend that cannot defer), unless it is
    already waiting in the queue."""
    if _waiting(task, args):
        return
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args)
