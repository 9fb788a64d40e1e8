"""The API twin of tests/test_url_access.py: every operation of the OpenAPI schema, walked automatically with
a token of a user of one region. Nothing of another region is returned by a list or reachable by id or by a
filter (404), and a write with a read-only token, or by a read-only user, is refused without changing the
database. A new operation is covered without editing this test; one whose parameters the test does not know
fails it until they are taught here."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from api.tests.conftest import TokenClient, token_of
from api.tests.outside import CHILD_B_NAME, build_outside
from tests.test_url_access import database_fingerprint

# Query parameters that choose nothing of a region (paging, a month, a level, an indicator, a flag).
HARMLESS_QUERY = {"page", "page_size", "month", "level", "current", "indicator"}


@dataclass
class Side:
    """What a user may not reach: one object of each kind, by the name the schema gives its id, and text
    that appears in any answer holding data of that region."""

    path_ids: dict[str, object]
    filters: dict[str, object]
    markers: list[str]


def other_side_of_kabupaten(world: Any, outside: Any) -> Side:
    ids: dict[str, object] = {
        "posyandu_id": world.posyandu_b.pk,
        "person_id": outside.person.pk,
        "visit_id": outside.visit.pk,
        "region_code": world.desa_b.code,
    }
    filters: dict[str, object] = {
        "posyandu": world.posyandu_b.pk,
        "person": outside.person.pk,
        "desa": world.desa_b.code,
        "region": world.desa_b.code,
        "within": "64.07",
    }
    return Side(ids, filters, ["64.07", CHILD_B_NAME, "Anggrek", "1203250001"])


def other_side_of_kader_b(world: Any) -> Side:
    ids: dict[str, object] = {
        "posyandu_id": world.posyandu_a.pk,
        "person_id": world.child_a.pk,
        "visit_id": world.visit_a.pk,
        "region_code": world.desa_a.code,
    }
    filters: dict[str, object] = {
        "posyandu": world.posyandu_a.pk,
        "person": world.child_a.pk,
        "desa": world.desa_a.code,
        "region": "64.74",
        "within": "64.74",
    }
    return Side(ids, filters, ["64.74", "Budi Santoso", "Melati", "Dewi Lestari"])


def operations(client: TokenClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/api/v1/openapi.json").json()
    found = [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(found) >= 10
    return found


def parameters(operation: dict[str, Any], where: str) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == where]


def fill(path: str, operation: dict[str, Any], ids: dict[str, object]) -> str:
    for name in parameters(operation, "path"):
        assert name in ids, f"{path}: teach this test an object for the path parameter {name!r}"
        path = path.replace("{" + name + "}", str(ids[name]))
    return path


def assert_no_marker(body: str, side: Side, label: str) -> None:
    for marker in side.markers:
        assert marker not in body, f"{label} returned {marker!r} of another region"


def check_reads(client: TokenClient, side: Side, own_ids: dict[str, object]) -> int:
    """Every GET: with its own objects it answers without another region's data; with another region's
    object in the path or a filter it is a 404."""
    checked = 0
    for method, path, operation in operations(client):
        if method != "get" or path.endswith("openapi.json"):
            continue
        own = client.get(fill(path, operation, own_ids))
        assert own.status_code == 200, f"{path} with the user's own objects gave {own.status_code}"
        assert_no_marker(own.content.decode(), side, path)
        if parameters(operation, "path"):
            response = client.get(fill(path, operation, side.path_ids))
            assert response.status_code == 404, f"{path} of another region gave {response.status_code}"
        for name in parameters(operation, "query"):
            if name in HARMLESS_QUERY:
                continue
            assert name in side.filters, f"{path}: teach this test a value for the query parameter {name!r}"
            url = fill(path, operation, own_ids)
            response = client.get(url, {name: str(side.filters[name])})
            assert response.status_code == 404, f"{url}?{name}= of another region gave {response.status_code}"
        checked += 1
    return checked


def visit_body(person: Any, day: Any) -> dict[str, Any]:
    return {
        "client_uuid": str(uuid.uuid4()),
        "person": person.pk,
        "opening_day": day.pk,
        "date": day.date.isoformat(),
        "values": {"weight_kg": "9,4", "length_height_cm": "75.0", "position": "l"},
    }


def write_bodies(world: Any, outside: Any) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """(method, path) → (a body about the user's own area, the same about another region)."""
    from visits.actions import open_day

    day = open_day(world.users["admin"], world.posyandu_a, world.day_a.date + datetime.timedelta(days=10))
    return {
        ("post", "/api/v1/visits"): (
            visit_body(world.child_a, day),
            visit_body(outside.person, outside.day),
        ),
    }


@pytest.mark.django_db
def test_a_kabupaten_token_reaches_nothing_of_another_kabupaten(world: Any) -> None:
    outside = build_outside(world)
    client = TokenClient(token_of(world.users["kabupaten"]))
    own = {
        "posyandu_id": world.posyandu_a.pk,
        "person_id": world.child_a.pk,
        "visit_id": world.visit_a.pk,
        "region_code": world.desa_a.code,
    }
    assert check_reads(client, other_side_of_kabupaten(world, outside), own) >= 10


@pytest.mark.django_db
def test_a_kader_token_reaches_nothing_of_another_posyandu(world: Any) -> None:
    outside = build_outside(world)
    client = TokenClient(token_of(world.users["kader_b"]))
    own = {
        "posyandu_id": world.posyandu_b.pk,
        "person_id": outside.person.pk,
        "visit_id": outside.visit.pk,
        "region_code": world.desa_b.code,
    }
    assert check_reads(client, other_side_of_kader_b(world), own) >= 10


@pytest.mark.django_db
def test_every_write_is_refused_to_read_only_tokens_and_outside_the_area(world: Any) -> None:
    from django.contrib.auth import get_user_model

    outside = build_outside(world)
    bodies = write_bodies(world, outside)
    kabupaten = world.users["kabupaten"]
    read_only_token = TokenClient(token_of(kabupaten))
    write_token = TokenClient(token_of(kabupaten, can_write=True))
    viewer_write_token = TokenClient(token_of(world.users["bidan_a"], can_write=True))
    get_user_model().objects.filter(pk=world.users["bidan_a"].pk).update(read_only=True)
    writes = [(m, p) for m, p, _op in operations(read_only_token) if m != "get"]
    assert writes, "the API has a write operation"
    for client in (read_only_token, write_token, viewer_write_token):
        client.get("/api/v1/regions")  # the token's first use is noted before the fingerprint
    before = database_fingerprint()
    for method, path in writes:
        assert (method, path) in bodies, f"{method.upper()} {path}: teach this test a body for it"
        own, elsewhere = bodies[(method, path)]
        call = getattr(read_only_token, method)
        assert call(path, own, content_type="application/json").status_code == 403, path
        # A user made read-only after creating a write token writes nothing either.
        call = getattr(viewer_write_token, method)
        assert call(path, own, content_type="application/json").status_code == 403, path
        call = getattr(write_token, method)
        assert call(path, elsewhere, content_type="application/json").status_code == 404, path
    assert database_fingerprint() == before
    # The same write with a write token of a user who may write is stored: the refusals above were not
    # refusals of everything.
    for method, path in writes:
        own, _elsewhere = bodies[(method, path)]
        response = getattr(write_token, method)(path, own, content_type="application/json")
        assert response.status_code == 201, response.content
