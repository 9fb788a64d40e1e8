"""Exports are inert (issue 11, point 8): names a user typed that a spreadsheet would read as a formula, or
that reportlab would read as markup, come out of every CSV, Excel and PDF export as plain text."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pokjanal.models import Body
from posyandu.models import Kader, Posyandu
from reports import actions as report_actions
from web.spreadsheets import FORMULA_SIGNS

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","klik")'
LINK = '<a href="http://x">klik</a>'
HOSTILE = [HYPERLINK, "+1", "-2", "@SUM(A1)", "\tx", "\rx", LINK]


def test_every_export_writes_hostile_names_as_text(world: Any) -> None:
    Posyandu.objects.filter(pk=world.posyandu_a.pk).update(name=HYPERLINK, address="+1", rw_rt_covered="-2")
    Posyandu.objects.filter(pk=world.posyandu_a2.pk).update(
        name=LINK, address="@SUM(A1)", rw_rt_covered="\tx"
    )
    Kader.objects.filter(pk=world.kader_a.pk).update(name="\rx")
    Body.objects.filter(pk=world.pokjanal.body_kab.pk).update(name=LINK)
    report_actions.refresh_all_figures(today=datetime.date(2026, 11, 25))
    client = Client()
    client.force_login(world.users["kabupaten"])
    posyandu_report = reverse("reports:posyandu", args=[world.posyandu_a2.pk])
    exports = {
        "csv": [
            reverse("posyandu:list") + "?format=csv",
            reverse("campaigns:job_errors", args=[world.import_job.pk]) + "?format=csv",
            reverse("reports:prevalence") + "?wilayah=64.74.01&bulan=2026-10&indikator=stunting&format=csv",
            reverse("eppgbm:download") + "?wilayah=64.74.01&bulan=2026-10&format=csv",
        ],
        "xlsx": [
            reverse("campaigns:template", args=[world.campaign.pk]),
            reverse("campaigns:job_errors", args=[world.import_job.pk]),
            reverse("reports:skdn") + "?wilayah=64.74.01&bulan=2026-10&format=xlsx",
            reverse("reports:prevalence") + "?wilayah=64.74.01&bulan=2026-10&indikator=stunting&format=xlsx",
            reverse("reports:posyandu", args=[world.posyandu_a.pk]) + "?format=xlsx",
            reverse("eppgbm:download") + "?wilayah=64.74.01&bulan=2026-10",
        ],
        "pdf": [
            reverse("reports:skdn") + "?wilayah=64.74.01&bulan=2026-10&format=pdf",
            posyandu_report + "?format=pdf",
            reverse("pokjanal:annual_report", args=[world.pokjanal.body_kab.pk]),
            reverse("pokjanal:lestari_pdf"),
        ],
    }
    seen: set[str] = set()
    for url in exports["csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
            for value in row:
                assert not value.startswith(FORMULA_SIGNS), (url, value)
                if value.startswith("'") and value[1:] in HOSTILE:
                    seen.add(value[1:])
    for url in exports["xlsx"]:
        response = client.get(url)
        assert response.status_code == 200, url
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets:
            for line in sheet.iter_rows():
                for cell in line:
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_SIGNS):
                        assert (cell.data_type, cell.quotePrefix) == ("s", True), (url, cell.value)
                    if cell.value in HOSTILE or any(h in str(cell.value) for h in (HYPERLINK, LINK)):
                        seen.add(cell.value if cell.value in HOSTILE else "in text")
    for url in exports["pdf"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert b"/URI" not in response.content, url
    # The hostile names did reach the files (the test proves nothing if they are filtered out).
    assert {HYPERLINK, "+1", "-2", "@SUM(A1)", "\tx"} <= seen
