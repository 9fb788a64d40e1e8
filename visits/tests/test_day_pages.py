"""The posyandu day's pages show what was found in the reader's language, never the stored codes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after() -> Iterator[None]:
    """An English request leaves English active in the thread; later tests expect the default."""
    yield
    translation.deactivate()


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


def test_visit_findings_are_english_on_english_pages(world: Any) -> None:
    url = reverse("visits:visit_detail", args=[world.visit_a.pk])
    html = client_for(world.users["kader_a"]).get(url).content.decode()
    assert "<strong>Sangat pendek</strong>" in html
    assert '<span class="detail">PB/U atau TB/U: z = −3,06</span>' in html
    html = client_for(world.users["kader_a"], "en").get(url).content.decode()
    assert "<strong>Severely stunted</strong>" in html
    assert '<span class="detail">Length/height-for-age: z = −3.06</span>' in html
    assert '<span class="detail">Weight-for-age: z = −1.75</span>' in html
    assert "<strong>Weighed for the first time (B)</strong>" in html
    referral = reverse("visits:referral", args=[world.referral_a.pk])
    html = client_for(world.users["bidan_a"], "en").get(referral).content.decode()
    assert '<span class="detail">Length/height-for-age: z = −3.06</span>' in html


def test_the_day_page_lists_the_latest_visitors_and_all_on_request(world: Any, monkeypatch: Any) -> None:
    """Opened again after every visitor, the page stays short however long the day: the latest visitors, with
    the day's count and referrals over all of them, and a link to the whole list."""
    from visits import actions, views

    monkeypatch.setattr(views, "RECENT_VISITORS", 1)
    actions.record_visit(
        world.users["kader_a"],
        world.mother_a,
        world.day_a.date,
        {"weight_kg": Decimal("55.0"), "length_height_cm": Decimal("155.0")},
        opening_day=world.day_a,
    )
    url = reverse("visits:day", args=[world.day_a.pk])
    html = client_for(world.users["kader_a"]).get(url).content.decode()
    assert "2 pengunjung tercatat" in html
    assert world.mother_a.name in html and world.child_a.name not in html
    assert "Rujukan (1)" in html  # the child's referral, though she is not listed
    assert 'data-testid="all-visitors"' in html
    html = client_for(world.users["kader_a"]).get(url, {"semua": "1"}).content.decode()
    assert world.mother_a.name in html and world.child_a.name in html
    assert 'data-testid="all-visitors"' not in html
