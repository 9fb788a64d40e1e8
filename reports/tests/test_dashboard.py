"""The dashboard's month: the last complete month unless another is chosen (`?bulan=YYYY-MM`), the current
month only on request and marked as incomplete, never in the trend; a bad month falls back with a message.
Today is 25 November 2026 (conftest), so October is the last complete month."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from reports import actions
from rules.skdn import Skdn

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
OCTOBER = datetime.date(2026, 10, 1)
PARTIAL = "bulan berjalan, belum lengkap"


def dashboard(world: Any, **params: str) -> Any:
    actions.refresh_all_figures(today=TODAY)
    client = Client()
    client.force_login(world.users["kabupaten"])
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return response


def test_opens_on_the_last_complete_month(world: Any, month: Any) -> None:
    response = dashboard(world)
    context, html = response.context, response.content.decode()
    assert context["month"] == OCTOBER and not context["partial_month"]
    assert context["skdn"] == Skdn(s=6, k=5, d=4, n=1, t=1, o=1, b=1, bgm=1, two_t=1)
    assert (context["ratios"].ds, context["ratios"].nd) == (66.7, 25.0)
    labels = context["charts"]["skdn"]["labels"]
    assert (len(labels), labels[0], labels[-1]) == (12, "11-2025", "10-2026")
    # August 2 of 7, September 2 of 6 (Gita moved away), October 4 of 6.
    assert context["charts"]["skdn"]["series"][0]["data"][-3:] == [28.6, 33.3, 66.7]
    assert PARTIAL not in html
    assert '<option value="2026-10" selected>' in html  # the month picker shows the month


def test_the_current_month_on_request_is_marked_and_left_out_of_the_trend(world: Any, month: Any) -> None:
    response = dashboard(world, bulan="2026-11")
    context, html = response.context, response.content.decode()
    assert context["month"] == datetime.date(2026, 11, 1) and context["partial_month"]
    assert context["skdn"] == Skdn(s=6, k=5, d=1, b=1)  # only Budi so far
    assert PARTIAL in html
    labels = context["charts"]["skdn"]["labels"]
    assert (len(labels), labels[-1]) == (12, "10-2026")  # the trend ends with the last complete month
    assert '<option value="2026-11" selected>' in html


def test_an_earlier_month_is_shown_with_its_own_trend(world: Any, month: Any) -> None:
    context = dashboard(world, bulan="2026-09").context
    assert context["month"] == datetime.date(2026, 9, 1) and not context["partial_month"]
    assert context["charts"]["skdn"]["labels"][-1] == "09-2026"
    # Links to the regions below keep the month.
    assert [r.url for r in context["ranked"]] == ["/?wilayah=64.74.01&bulan=2026-09"]


@pytest.mark.parametrize("raw", ["2026-13", "november", "2026-12", "0-01", "2026-1x", "99999-01"])
def test_a_bad_month_falls_back_with_a_message(world: Any, month: Any, raw: str) -> None:
    response = dashboard(world, bulan=raw)
    context, html = response.context, response.content.decode()
    assert context["month"] == OCTOBER
    assert 'data-query-notice="bulan"' in html
    assert "tidak dikenali; menampilkan Oktober 2026." in html


def test_open_posyandu_wording_does_not_clash_with_aktif(world: Any, month: Any) -> None:
    html = dashboard(world).content.decode()
    assert "aktif beroperasi" not in html
    assert "posyandu terdaftar yang beroperasi" in html
