"""The kader's landing page is her posyandu's day; everyone else lands on the region dashboard."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TODAY
from posyandu.actions import update_posyandu
from rules import months
from visits.models import OpeningDay

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_kader_home_shows_the_next_day_and_opens_today_with_one_tap(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.users["kader_a"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert response.templates[0].name == "web/kader_home.html"
    context = response.context
    assert context["posyandu"] == world.posyandu_a
    assert context["day"] is None
    # Melati opens on the 10th of each month; today is 25 November.
    assert context["scheduled"] == datetime.date(2026, 12, 10)
    assert context["last_day"] == world.day_a
    assert context["referrals_open"] == 1
    html = response.content.decode()
    assert "Hari buka berikutnya: Kamis, 10-12-2026" in html
    assert f'name="posyandu" value="{world.posyandu_a.pk}"' in html
    assert 'name="date" value="2026-11-25"' in html
    assert reverse("visits:followup", args=[world.posyandu_a.pk]) in html
    assert reverse("visits:day", args=[world.day_a.pk]) + "#daftar-pengunjung" in html

    # The one tap: the form's own fields, nothing else chosen.
    response = client.post(
        reverse("visits:day_create"),
        {"posyandu": world.posyandu_a.pk, "date": "2026-11-25", "client_uuid": str(uuid.uuid4())},
    )
    day = OpeningDay.objects.get(posyandu=world.posyandu_a, date=TODAY)
    assert response.status_code == 302 and response["Location"] == reverse("visits:day", args=[day.pk])
    assert list(day.kader_on_duty.all()) == []

    response = client.get(reverse("home"))
    assert response.context["day"] == day
    html = response.content.decode()
    assert "Hari buka hari ini, Rabu, 25-11-2026" in html
    assert reverse("visits:day", args=[day.pk]) + "#pengunjung-berikutnya" in html
    assert f"{reverse('people:create')}?posyandu={world.posyandu_a.pk}&hari_buka={day.pk}" in html
    assert "Daftar pengunjung hari ini (0)" in html


def test_kader_home_on_the_scheduled_day_and_without_a_schedule(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    update_posyandu(world.users["admin"], world.posyandu_a, opening_day=25)
    response = client.get(reverse("home"))
    assert response.context["scheduled"] == TODAY
    assert "Hari ini jadwal buka posyandu" in response.content.decode()
    update_posyandu(world.users["admin"], world.posyandu_a, opening_day=None)
    html = client.get(reverse("home")).content.decode()
    assert "Posyandu belum dibuka hari ini" in html
    assert "Tanggal buka tiap bulan belum diisi di data posyandu." in html and "Buka hari ini" in html


def test_a_read_only_kader_gets_no_open_button(world: Any) -> None:
    kader = world.users["kader_a"]
    kader.read_only = True
    kader.save()
    html = client_for(kader).get(reverse("home")).content.decode()
    assert "Buka hari ini" not in html and "Hari buka berikutnya" in html


def test_kader_asks_for_the_figures_and_others_land_on_the_dashboard(world: Any) -> None:
    response = client_for(world.users["kader_a"]).get(reverse("home") + "?ringkasan=1")
    assert response.templates[0].name == "web/home.html"
    assert response.context["posyandu_count"] == 1
    response = client_for(world.users["bidan_a"]).get(reverse("home"))
    assert response.templates[0].name == "web/home.html"


def test_kms_search_finds_children_under_five_of_the_area_only(world: Any) -> None:
    url = reverse("kms_search") + "?q=santo"
    response = client_for(world.users["kader_a"]).get(url)
    assert response.context["found"] == [world.child_a]
    assert reverse("people:growth_chart", args=[world.child_a.pk]) in response.content.decode()
    # The mother (an adult) is no KMS child; a kader of another desa finds nobody.
    assert client_for(world.users["kader_a"]).get(reverse("kms_search") + "?q=dewi").context["found"] == []
    assert client_for(world.users["kader_b"]).get(url).context["found"] == []


@pytest.mark.parametrize(
    ("day_of_month", "on", "expected"),
    [
        (10, datetime.date(2026, 11, 25), datetime.date(2026, 12, 10)),
        (25, datetime.date(2026, 11, 25), datetime.date(2026, 11, 25)),
        (31, datetime.date(2026, 11, 3), datetime.date(2026, 11, 30)),
        (31, datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)),
        (5, datetime.date(2026, 12, 6), datetime.date(2027, 1, 5)),
    ],
)
def test_next_monthly_date(day_of_month: int, on: datetime.date, expected: datetime.date) -> None:
    assert months.next_monthly_date(day_of_month, on) == expected
