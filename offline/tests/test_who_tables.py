"""GET /offline/tabel-who.json: the WHO LMS tables growth.js computes with, exactly those the growth library
loads, compressed and cacheable, behind the login."""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from growth.tables import DAY_TABLES, LENHEI_TABLES, MONTH_TABLES, TABLE_NAMES, load

URL = "/offline/tabel-who.json"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_url_is_named() -> None:
    assert reverse("offline:who_tables") == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={URL}"


@pytest.mark.django_db
def test_the_tables_are_those_the_growth_library_loads(world: Any) -> None:
    # The tables hold no personal data: a read-only officer gets them like anyone logged in.
    response = client_for(world.users["kabupaten_viewer"]).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Content-Encoding" not in response
    document = json.loads(response.content)
    assert list(document) == ["version", "tables"]
    assert list(document["tables"]) == list(TABLE_NAMES)
    tables = document["tables"]
    keys = {name: tables[name]["key"] for name in TABLE_NAMES}
    assert keys == {
        **dict.fromkeys(DAY_TABLES, "day"),
        **dict.fromkeys(LENHEI_TABLES, "tenth_cm"),
        **dict.fromkeys(MONTH_TABLES, "month"),
    }
    for name in TABLE_NAMES:
        served = tables[name]
        table = load(name)
        assert (served["first"], served["last"]) == (table.first, table.last), name
        assert len(served["m"]) == 2 * table.size, name
        # Equal as doubles: JSON.parse in the browser reads the same numbers back.
        assert served["l"] == table.l.tolist(), name
        assert served["m"] == table.m.tolist(), name
        assert served["s"] == table.s.tolist(), name
    assert (tables["wflanthro"]["first"], tables["wflanthro"]["last"]) == (450, 1100)
    assert tables["weianthro"]["m"][:2] == [3.3464, 3.3174]
    assert tables["hcanthro"]["l"][:2] == [1, 1]  # written as 1, not 1.0
    assert b'"hcanthro":{"key":"day","first":0,"last":1826,"l":[1,1,' in response.content
    tables_json = json.dumps(tables, separators=(",", ":")).encode()
    assert document["version"] == hashlib.sha256(tables_json).hexdigest()[:16]


@pytest.mark.django_db
def test_the_tables_are_gzipped_and_revalidated_by_their_version(world: Any) -> None:
    client = client_for(world.users["kader_b"])
    plain = client.get(URL)
    version = json.loads(plain.content)["version"]
    assert plain["ETag"] == f'W/"{version}"'
    assert plain["Cache-Control"] == "private, no-cache"
    assert "Accept-Encoding" in plain["Vary"]
    assert int(plain["Content-Length"]) == len(plain.content)

    packed = client.get(URL, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert packed["ETag"] == plain["ETag"]
    assert gzip.decompress(packed.content) == plain.content
    # The offline day's budget is 1.5 MB for everything a phone fetches; the tables take a tenth of it.
    assert len(packed.content) < 160_000 < 600_000 < len(plain.content)

    again = client.get(URL, headers={"If-None-Match": plain["ETag"], "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get(URL, headers={"If-None-Match": 'W/"0000000000000000"'})
    assert changed.status_code == 200


@pytest.mark.django_db
def test_only_reading_is_allowed(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    assert client.post(URL).status_code == 405
    head = client.head(URL)
    assert head.status_code == 200
    assert head.content == b""
