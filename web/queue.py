"""Background tasks that many writes ask for, queued once: a write enqueues the task deferred by a delay,
unless the database queue already holds it waiting (not yet started), so one run reads every write made in
that time. Inside `together()` (one request applying many writes, each in its own transaction) a task asked
for again with the same arguments is enqueued once, when the block ends."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus

# (task path, arguments) → (task, arguments, delay), while a `together()` block runs.
_asked: ContextVar[dict[tuple[str, str], tuple[Any, list[Any], datetime.timedelta]] | None] = ContextVar(
    "queue_asked", default=None
)


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
    already waiting in the queue (or asked for already in this `together()` block)."""
    asked = _asked.get()
    if asked is not None:
        asked.setdefault((task.module_path, repr(args)), (task, args, delay))
        return
    if _waiting(task, args):
        return
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args)


@contextmanager
def together() -> Iterator[None]:
    """Writes made inside share their background tasks: each distinct one is enqueued when the block ends
    (also when it ends by an exception: the writes committed before it stay)."""
    if _asked.get() is not None:  # nested: the outer block enqueues
        yield
        return
    asked: dict[tuple[str, str], tuple[Any, list[Any], datetime.timedelta]] = {}
    token = _asked.set(asked)
    try:
        yield
    finally:
        _asked.reset(token)
        for task, args, delay in asked.values():
            enqueue_once(task, args, delay=delay)
