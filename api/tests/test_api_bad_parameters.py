"""The API twin of tests/test_bad_parameters.py: every GET operation of the schema, called with absurd values
of each of its query parameters, answers 200, 404 or 422 with JSON, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from api.tests.conftest import TokenClient, token_of
from api.tests.test_api_access import fill, operations, parameters
from tests.test_bad_parameters import ABSURD_VALUES


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kabupaten", "kader_a"])
@override_settings(API_REQUESTS_PER_MINUTE=10_000)
def test_absurd_query_values_never_give_a_500(world: Any, persona: str) -> None:
    client = TokenClient(token_of(world.users[persona]))
    ids = {
        "posyandu_id": world.posyandu_a.pk,
        "person_id": world.child_a.pk,
        "visit_id": world.visit_a.pk,
        "region_code": world.desa_a.code,
    }
    found = []
    called = 0
    for method, path, operation in operations(client):
        if method != "get":
            continue
        url = fill(path, operation, ids)
        for name in parameters(operation, "query"):
            for value in ABSURD_VALUES:
                response = client.get(url, {name: value})
                called += 1
                if response.status_code not in {200, 404, 422} or "json" not in response["Content-Type"]:
                    found.append(f"{url}?{name}={value[:30]} gave {response.status_code}")
    assert called >= 150
    assert found == []
