"""The same submission twice at one moment (a double tap on a slow line) is stored once, and both requests
get the stored record: neither is told of an error it did not make.

On PostgreSQL the two run in two threads on two connections: the first holds its transaction open after
writing the audit event until the second waits on the client UUID's unique index, so the second must see the
first's commit and take it as its retry. SQLite lets one writer in at a time, so there the second runs after
the first and is an ordinary retry."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_save

from audit.models import AuditEvent
from people import actions
from people.models import Person


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_one_moment_is_stored_once(world: Any) -> None:
    kader = world.users["kader_a"]
    client_uuid = uuid.uuid4()
    fields: actions.PersonFields = {
        "name": "Sari Wulandari",
        "sex": "P",
        "birth_date": world.child_a.birth_date,
        "posyandu": world.posyandu_a,
    }
    outcomes: dict[str, object] = {}

    def register(name: str) -> None:
        try:
            outcomes[name] = actions.register_person(kader, client_uuid=client_uuid, **fields).pk
        except Exception as exc:  # the test reports whatever either request raised
            outcomes[name] = repr(exc)
        finally:
            connection.close()  # each thread's own connection

    if connection.vendor == "postgresql":
        written, release = threading.Event(), threading.Event()

        def hold_the_first(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
            if instance.client_uuid == client_uuid and not written.is_set():
                written.set()
                release.wait(30)  # the first keeps its transaction open until the second waits for it

        post_save.connect(hold_the_first, sender=AuditEvent, dispatch_uid="test_retry_race")
        try:
            first = threading.Thread(target=register, args=("first",))
            first.start()
            assert written.wait(30)
            second = threading.Thread(target=register, args=("second",))
            second.start()
            deadline = time.monotonic() + 30
            while not _waiting_for_a_lock():
                assert time.monotonic() < deadline, "the second request never waited for the first"
                time.sleep(0.05)
            release.set()
            first.join(30)
            second.join(30)
        finally:
            post_save.disconnect(sender=AuditEvent, dispatch_uid="test_retry_race")
    else:
        register("first")
        register("second")

    stored = Person.objects.filter(name="Sari Wulandari")
    assert stored.count() == 1
    assert outcomes == {"first": stored.get().pk, "second": stored.get().pk}
    assert AuditEvent.objects.filter(client_uuid=client_uuid).count() == 1
