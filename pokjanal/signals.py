"""Keeps the data-found problems up to date: every write of another app that touches a posyandu's data (its
registry, equipment, kader and their training, and the posyandu day) leaves an audit event naming the
posyandu or the kader; once that write is committed, the posyandu's problems are re-detected in the
background PROBLEMS_REFRESH_SECONDS (three minutes) later: on a campaign day each posyandu saves a visit
every minute or so, and the writes made meanwhile join that one refresh instead of each detecting the
posyandu's problems again. The Tim Pembina's own writes (this app) are skipped, so detection never triggers
itself."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.models import AuditEvent
from web.queue import enqueue_once

_KADER_KEY = "posyandu.kader:"
_POSYANDU_KEY = "posyandu.posyandu:"


def _enqueue(posyandu_id: int | None, kader_id: int | None) -> None:
    from pokjanal.tasks import refresh_posyandu_problems
    from posyandu.models import KaderMembership

    ids: set[int] = {posyandu_id} if posyandu_id is not None else set()
    if kader_id is not None:
        current = KaderMembership.objects.filter(kader_id=kader_id, end_date__isnull=True)
        ids |= set(current.values_list("posyandu_id", flat=True))
    if ids:
        delay = datetime.timedelta(seconds=settings.PROBLEMS_REFRESH_SECONDS)
        enqueue_once(refresh_posyandu_problems, [sorted(ids)], delay=delay)


@receiver(post_save, sender=AuditEvent, dispatch_uid="pokjanal_refresh_problems")
def refresh_after_write(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if (
        not created
        or not settings.PROBLEMS_REFRESH_SECONDS
        or instance.is_read
        or instance.object_key.startswith(("pokjanal.", "accounts.", "audit."))
    ):
        return
    posyandu_id = int(instance.posyandu_id) if instance.posyandu_id is not None else None
    if posyandu_id is None and instance.object_key.startswith(_POSYANDU_KEY):
        posyandu_id = int(instance.object_key.removeprefix(_POSYANDU_KEY))  # registering a posyandu
    kader_key = next((k for k in (instance.subject_key, instance.object_key) if k.startswith(_KADER_KEY)), "")
    kader_id = int(kader_key.removeprefix(_KADER_KEY)) if kader_key else None
    if posyandu_id is None and kader_id is None:
        return
    transaction.on_commit(lambda: _enqueue(posyandu_id, kader_id))
