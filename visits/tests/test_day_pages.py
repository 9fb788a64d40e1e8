"""The posyandu day's pages show what was found in the reader's language, never the stored codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user: Any, language: str = "") -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def test_the_day_visitor_list_shows_finding_labels_not_codes(world: Any) -> None:
    url = reverse("visits:day", args=[world.day_a.pk])
    html = client_for(world.users["kader_a"]).get(url).content.decode()
    assert '<span class="badge badge-bad">Sangat pendek</span>' in html
    assert "lhfa_severely_stunted" not in html
    html = client_for(world.users["kader_a"], "en").get(url).content.decode()
    assert '<span class="badge badge-bad">Severely stunted</span>' in html

