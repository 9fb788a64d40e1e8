"""Two merges of one pair in opposite directions at the same time: exactly one merge, no visit lost.

On PostgreSQL the two run in two threads on two connections, and the second is made to start while the
first holds both rows locked, so it must wait for the lock and then see the first merge. SQLite lets one
writer in at a time, so there the second simply runs after the first, on the records its page had read."""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from people import actions
from people.models import Person
from visits import actions as visits
from visits.models import Visit


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@pytest.mark.django_db(transaction=True)
def test_opposite_merges_at_once_end_in_one_merge_and_no_lost_visit(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, kader = world.users["admin"], world.users["kader_a"]
    copy = actions.register_person(
        admin,
        name="Budi Santosa",
        sex="L",
        birth_date=world.child_a.birth_date,
        posyandu=world.posyandu_a,
    )
    copy_visit = visits.record_visit(admin, copy, datetime.date(2026, 10, 12), {"weight_kg": Decimal("9.4")})
    # What each kader's compare page read: both records not merged yet.
    first_page = (Person.objects.get(pk=world.child_a.pk), Person.objects.get(pk=copy.pk))
    second_page = (Person.objects.get(pk=copy.pk), Person.objects.get(pk=world.child_a.pk))
    outcomes: dict[str, object] = {}

    def merge(name: str, keep: Person, drop: Person) -> None:
        try:
            actions.merge_people(kader, keep, drop)
            outcomes[name] = "merged"
        except ValidationError as exc:
            outcomes[name] = exc.messages
        finally:
            connection.close()  # each thread's own connection

    if connection.vendor == "postgresql":
        holding, release = threading.Event(), threading.Event()
        real_locked = actions._locked

        def first_holds_its_locks(actor: Any, *pks: int) -> list[Person]:
            locked = real_locked(actor, *pks)
            if not holding.is_set():  # the first merge: keep both rows locked until the second waits
                holding.set()
                release.wait(30)
            return locked

        monkeypatch.setattr(actions, "_locked", first_holds_its_locks)
        first = threading.Thread(target=merge, args=("first", *first_page))
        first.start()
        assert holding.wait(30)
        second = threading.Thread(target=merge, args=("second", *second_page))
        second.start()
        for _attempt in range(600):  # up to 30 s for the second merge to reach the lock
            if _waiting_for_a_lock():
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second merge never waited for the rows the first holds")
        release.set()
        first.join(30)
        second.join(30)
        assert not first.is_alive() and not second.is_alive()
    else:
        merge("first", *first_page)
        merge("second", *second_page)

    assert outcomes == {"first": "merged", "second": ["Data ini sudah digabungkan sebelumnya."]}
    assert list(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")) == [
        (copy.pk, world.child_a.pk)
    ]
    assert list(Person.objects.current().filter(pk__in=[copy.pk, world.child_a.pk])) == [world.child_a]
    assert sorted(Visit.objects.values_list("pk", "person_id")) == [
        (world.visit_a.pk, world.child_a.pk),
        (copy_visit.pk, world.child_a.pk),
    ]
