"""Pages of a logged-in user, form pages above all, are never stored by the browser (web.private_pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url_of",
    [
        pytest.param(lambda w: reverse("home"), id="home"),
        pytest.param(lambda w: reverse("people:edit", args=[w.child_a.pk]), id="person-form"),
        pytest.param(
            lambda w: reverse("visits:visit_create", args=[w.day_a.pk]) + f"?warga={w.mother_a.pk}",
            id="visit-form",
        ),
        pytest.param(lambda w: reverse("monthly:posyandu", args=[w.posyandu_a.pk]), id="monthly-form"),
    ],
)
def test_a_page_with_a_form_is_sent_no_store(world: Any, url_of: Any) -> None:
    response = client_for(world.users["kader_a"]).get(url_of(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= directives


def test_a_form_shown_again_with_its_errors_is_no_store_too(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    response = client.post(reverse("people:edit", args=[world.child_a.pk]), {"name": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_file_keeps_the_caching_its_view_chose(world: Any) -> None:
    evidence = world.pokjanal.evidence
    response = client_for(world.users["kabupaten"]).get(reverse("pokjanal:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
