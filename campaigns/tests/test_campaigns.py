"""Creating a campaign: the typed action and the page that calls it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from campaigns import actions
from campaigns.models import Campaign
from regions.models import Region

pytestmark = pytest.mark.django_db


def test_create_campaign_stores_the_fields_it_is_given(world: Any) -> None:
    campaign = actions.create_campaign(
        world.users["kabupaten"],
        name="Bulan Penimbangan Agustus",
        kind="bulan_penimbangan",
        region=Region.objects.get(code="64.74"),
        start_date=datetime.date(2026, 8, 1),
        end_date=datetime.date(2026, 8, 31),
        target_groups=["baduta"],
        coverage_target_pct=Decimal("85.5"),
        notes="Bersama PKK",
    )
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (
        stored.name,
        stored.kind,
        stored.region_id,
        stored.start_date,
        stored.end_date,
        stored.target_groups,
        stored.coverage_target_pct,
        stored.notes,
    ) == (
        "Bulan Penimbangan Agustus",
        "bulan_penimbangan",
        "64.74",
        datetime.date(2026, 8, 1),
        datetime.date(2026, 8, 31),
        ["baduta"],
        Decimal("85.5"),
        "Bersama PKK",
    )


def test_create_campaign_refuses_an_end_before_the_start(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_campaign(
            world.users["kabupaten"],
            name="Operasi Timbang",
            kind="operasi_timbang",
            region=Region.objects.get(code="64.74"),
            start_date=datetime.date(2026, 8, 31),
            end_date=datetime.date(2026, 8, 1),
            target_groups=["balita"],
        )
    assert refused.value.message_dict == {"end_date": ["Tanggal selesai sebelum tanggal mulai."]}


def test_the_page_shows_the_refusal_next_to_the_end_date(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kabupaten"])
    before = Campaign.objects.count()
    response = client.post(
        reverse("campaigns:create"),
        {
            "name": "Operasi Timbang",
            "kind": "operasi_timbang",
            "region": "64.74",
            "start_date": "2026-08-31",
            "end_date": "2026-08-01",
            "target_groups": "balita",
            "coverage_target_pct": "90",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    refused = ["Tanggal selesai sebelum tanggal mulai."]
    assert (form.errors["end_date"], form.non_field_errors()) == (refused, [])
    assert Campaign.objects.count() == before


def test_the_page_creates_the_campaign_and_opens_it(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kabupaten"])
    response = client.post(
        reverse("campaigns:create"),
        {
            "name": "Operasi Timbang September",
            "kind": "operasi_timbang",
            "region": "64.74",
            "start_date": "2026-09-01",
            "end_date": "2026-09-30",
            "target_groups": "balita",
            "coverage_target_pct": "90",
        },
        follow=True,
    )
    campaign = Campaign.objects.get(name="Operasi Timbang September")
    assert response.redirect_chain == [(reverse("campaigns:detail", args=[campaign.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Kegiatan Operasi Timbang September dibuat."]
