"""Background work: bringing the monthly figures up to date after writes."""

from __future__ import annotations

from django_tasks import task

from reports import actions


@task()
def refresh_stale_figures() -> int:
    return actions.refresh_stale_figures()
