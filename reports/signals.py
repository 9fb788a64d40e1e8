"""Keeps the monthly figures up to date in the background: every write of a visit, a referral or a person is
audited with its posyandu; once such a write is committed, a refresh is queued FIGURES_REFRESH_SECONDS later
(`web.queue.enqueue_once`), and the writes made meanwhile join it. With FIGURES_REFRESH_SECONDS = 0 nothing is
queued: the report pages refresh before they read (`reports.actions.report_refresh`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.models import AuditEvent
from web.queue import enqueue_once


def _enqueue() -> None:
    from reports.tasks import refresh_stale_figures

    delay = datetime.timedelta(seconds=settings.FIGURES_REFRESH_SECONDS)
    enqueue_once(refresh_stale_figures, [], delay=delay)


@receiver(post_save, sender=AuditEvent, dispatch_uid="reports_refresh_figures")
def refresh_after_write(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    writes_figures = created and not instance.is_read and instance.posyandu_id is not None
    if writes_figures and settings.FIGURES_REFRESH_SECONDS:
        transaction.on_commit(_enqueue)
