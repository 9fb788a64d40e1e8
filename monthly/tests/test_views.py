"""The monthly report pages: each role's starting point, the bidan's queue, and the month picker, which
answers a malformed or future `?bulan=` with a message, never an error, and changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from monthly import actions
from monthly.actions import PosyanduInputs
from monthly.models import MonthlyReport
from tests.test_url_access import database_fingerprint


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_each_role_starts_where_its_work_is(world: Any) -> None:
    index = reverse("monthly:index")
    assert client_for(world.users["kader_a"]).get(index)["Location"] == reverse(
        "monthly:posyandu", args=[world.posyandu_a.pk]
    )
    assert client_for(world.users["bidan_a"]).get(index)["Location"] == reverse("monthly:queue")
    assert client_for(world.users["kecamatan"]).get(index)["Location"] == reverse("monthly:completeness")


@pytest.mark.django_db
def test_the_posyandu_page_opens_on_last_month_and_lists_recent_months(world: Any) -> None:
    response = client_for(world.users["kader_a"]).get(reverse("monthly:posyandu", args=[world.posyandu_a.pk]))
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2026, 10, 1)
    assert response.context["deadline"] == datetime.date(2026, 11, 5)
    assert response.context["form"] is not None  # the world's October draft is still editable
    assert [(value, status) for _m, value, _label, status in response.context["recent"]] == [
        ("2026-11", ""),
        ("2026-10", "draft"),
        ("2026-09", ""),
        ("2026-08", ""),
        ("2026-07", ""),
        ("2026-06", ""),
    ]


@pytest.mark.django_db
def test_the_bidans_queue_lists_reports_waiting_for_her(world: Any) -> None:
    sent = actions.submit_report(
        world.users["kader_a"], world.posyandu_a, datetime.date(2026, 9, 1), inputs=PosyanduInputs()
    )
    response = client_for(world.users["bidan_a"]).get(reverse("monthly:queue"))
    assert [r.pk for r, _url in response.context["waiting"]] == [sent.pk]
    assert response.context["returned"] == []
    # Another kabupaten's officer sees nothing of it.
    other = client_for(world.users["other_kabupaten"]).get(reverse("monthly:queue"))
    assert other.context["waiting"] == []


BAD_MONTHS = {
    "2026-13": "Bulan “2026-13” tidak dikenal; tulis tahun dan bulan, misalnya 2026-10.",
    "oktober": "Bulan “oktober” tidak dikenal; tulis tahun dan bulan, misalnya 2026-10.",
    "2026-10-01": "Bulan “2026-10-01” tidak dikenal; tulis tahun dan bulan, misalnya 2026-10.",
    "0001-01": "Bulan “0001-01” tidak dikenal; tulis tahun dan bulan, misalnya 2026-10.",
    "2027-01": "Bulan 01-2027 belum berjalan.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("raw", list(BAD_MONTHS))
def test_a_bad_month_gets_a_message_and_changes_nothing(world: Any, raw: str) -> None:
    kader = client_for(world.users["kader_a"])
    officer = client_for(world.users["kecamatan"])
    before = database_fingerprint()
    for client, url in (
        (kader, reverse("monthly:posyandu", args=[world.posyandu_a.pk])),
        (officer, reverse("monthly:completeness")),
    ):
        response = client.get(url, {"bulan": raw})
        assert response.status_code == 200
        assert response.context["month"] == datetime.date(2026, 10, 1)
        notice = f"Bulan “{raw}” tidak dikenali; menampilkan Oktober 2026."
        assert f'<p class="alert alert-warn small" role="status" data-query-notice="bulan">{notice}</p>' in (
            response.content.decode()
        )
    sent = kader.post(
        reverse("monthly:posyandu", args=[world.posyandu_a.pk]), {"bulan": raw, "step": "kirim"}
    )
    assert sent.status_code == 302
    assert [str(m) for m in get_messages(sent.wsgi_request)] == [BAD_MONTHS[raw]]
    assert database_fingerprint() == before
    assert MonthlyReport.objects.count() == 1  # the world's October draft
