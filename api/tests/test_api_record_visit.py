"""Recording a visit through the API: the visit form of the person's group and `visits.actions.record_visit`
(results computed, referral raised, audited with the token's user), a retry stored once, bad input refused
with its field and nothing stored."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest

from api.tests.conftest import TokenClient, token_of
from audit.models import AuditEvent
from visits.actions import open_day
from visits.models import Referral, Visit


def new_day(world: Any) -> Any:
    return open_day(world.users["admin"], world.posyandu_a, world.day_a.date + datetime.timedelta(days=10))


def body(world: Any, day: Any, **values: Any) -> dict[str, Any]:
    return {
        "client_uuid": str(uuid.uuid4()),
        "person": world.child_a.pk,
        "opening_day": day.pk,
        "date": day.date.isoformat(),
        "values": values,
    }


@pytest.mark.django_db
def test_a_write_token_records_a_visit_as_the_page_would(world: Any) -> None:
    kader = world.users["kader_a"]
    # A program sends no CSRF token: the token in the header is what a page of another site cannot send.
    client = TokenClient(token_of(kader, can_write=True), enforce_csrf_checks=True)
    day = new_day(world)
    sent = body(world, day, weight_kg="9,1", length_height_cm="74.5", position="l")
    response = client.post("/api/v1/visits", sent, content_type="application/json")
    assert response.status_code == 201, response.content
    answer = response.json()
    visit = Visit.objects.get(pk=answer["id"])
    assert (visit.person, visit.opening_day, str(visit.weight_kg)) == (world.child_a, day, "9.10")
    assert answer["z"]["haz"] == visit.haz and answer["weight_gain"] == visit.weight_gain != ""
    event = AuditEvent.objects.get(client_uuid=sent["client_uuid"])
    assert event.actor == kader and event.verb == "record_visit" and event.posyandu_id == world.posyandu_a.pk
    assert Referral.objects.filter(visit=visit).exists() == answer["refer"]
    # Sent again (the answer was lost): the same visit, stored once.
    retried = client.post("/api/v1/visits", sent, content_type="application/json")
    assert retried.status_code == 201 and retried.json()["id"] == visit.pk
    assert Visit.objects.filter(person=world.child_a).count() == 2
    # Another body under the same UUID is refused.
    changed = {**sent, "values": {"weight_kg": "9.3", "length_height_cm": "74.5", "position": "l"}}
    assert client.post("/api/v1/visits", changed, content_type="application/json").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"weight_kg": "91", "length_height_cm": "74.5", "position": "l"}, "weight_kg"),  # a misplaced comma
        ({"weight_kg": "9.1", "length_height_cm": "74.5"}, "position"),
        ({"weight_kg": "abc"}, "weight_kg"),
        ({"weight_kg": "9.1", "systolic_mmhg": "120"}, "__all__"),  # no field of a child's visit
    ],
)
def test_bad_input_is_refused_on_its_field_and_stores_nothing(
    world: Any, values: dict[str, str], field: str
) -> None:
    client = TokenClient(token_of(world.users["bidan_a"], can_write=True))
    day = new_day(world)
    before = (Visit.objects.count(), AuditEvent.objects.count())
    response = client.post("/api/v1/visits", body(world, day, **values), content_type="application/json")
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["detail"]
    if field != "__all__":
        assert field in answer["errors"]
    assert (Visit.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_a_second_visit_the_same_day_is_409(world: Any) -> None:
    client = TokenClient(token_of(world.users["kader_a"], can_write=True))
    response = client.post(
        "/api/v1/visits",
        body(world, world.day_a, weight_kg="9.2", length_height_cm="74.0", position="l"),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert str(world.visit_a.pk) in response.json()["detail"]
    assert Visit.objects.filter(person=world.child_a).count() == 1


@pytest.mark.django_db
def test_a_malformed_body_is_422_and_stores_nothing(world: Any) -> None:
    client = TokenClient(token_of(world.users["kader_a"], can_write=True))
    response = client.post("/api/v1/visits", {"person": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert Visit.objects.count() == 1


@pytest.mark.django_db
def test_a_person_who_moved_away_is_not_served(world: Any) -> None:
    from people.models import Person, PersonStatus

    Person.objects.filter(pk=world.child_a.pk).update(status=PersonStatus.MOVED, status_date=world.day_a.date)
    client = TokenClient(token_of(world.users["kader_a"], can_write=True))
    day = new_day(world)
    sent = body(world, day, weight_kg="9.2", length_height_cm="74.0", position="l")
    response = client.post("/api/v1/visits", sent, content_type="application/json")
    assert response.status_code == 400 and "pindah" in response.json()["detail"]
    assert Visit.objects.filter(person=world.child_a).count() == 1
