"""Sending, verifying, returning and reopening a monthly report, and who may take each step (through the
pages, where access is checked: another posyandu's kader gets a 404, a read-only user or a role that may not
take the step a 403, and nothing changes)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from monthly import actions
from monthly.actions import PosyanduInputs
from monthly.models import MonthlyReport, ReportStatus
from tests.test_url_access import database_fingerprint

NOVEMBER = datetime.date(2026, 11, 1)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(world: Any) -> str:
    return reverse("monthly:posyandu", args=[world.posyandu_a.pk])


SENT = {
    "bulan": "2026-11",
    "step": "kirim",
    "kader_present": "6",
    "pmt_recipients": "12",
    "counselling_topic": "MP-ASI bergizi seimbang",
    "additional_activities": "Kelas ibu hamil",
    "note": "Dua balita dirujuk ke puskesmas.",
}


def submit(world: Any) -> MonthlyReport:
    return actions.submit_report(
        world.users["kader_a"], world.posyandu_a, NOVEMBER, inputs=PosyanduInputs(kader_present=6)
    )


@pytest.mark.django_db
def test_kader_sends_the_month_with_its_figures_frozen(world: Any) -> None:
    response = client_for(world.users["kader_a"]).post(page(world), SENT)
    assert response.status_code == 302
    assert response["Location"] == page(world) + "?bulan=2026-11"
    report = MonthlyReport.objects.get(posyandu=world.posyandu_a, month=NOVEMBER)
    assert (report.status, report.submitted_by, report.kader_present, report.pmt_recipients) == (
        ReportStatus.SUBMITTED,
        world.users["kader_a"],
        6,
        12,
    )
    assert (report.counselling_topic, report.additional_activities, report.note) == (
        "MP-ASI bergizi seimbang",
        "Kelas ibu hamil",
        "Dua balita dirujuk ke puskesmas.",
    )
    assert report.first_submitted_at == report.submitted_at is not None
    # Budi, 18 months, weighed once on the posyandu day, stunted: the SKDN and ILP figures of November.
    assert report.figures == {
        "format": 1,
        "skdn": {"s": 1, "k": 1, "d": 1, "n": 0, "t": 0, "o": 0, "b": 1, "bgm": 0, "two_t": 0},
        "prevalence": {
            "stunted": 1,
            "haz_n": 1,
            "wasted": 0,
            "overweight": 0,
            "whz_n": 1,
            "underweight": 0,
            "waz_n": 1,
        },
        "ilp": {
            "opening_days": 1,
            "mean_kader_on_duty": 1.0,
            "kia_pct": 0.0,
            "kb_pct": None,
            "immunisation_pct": 0.0,
        },
        "served": {"balita": 1},
        "rule_versions": [world.visit_a.rule_version],
    }
    event = AuditEvent.objects.get(verb="submit_monthly_report")
    assert (event.actor, event.posyandu_id, event.changes["status"]) == (
        world.users["kader_a"],
        world.posyandu_a.pk,
        [None, "submitted"],
    )
    # The page now shows the frozen figures, locked, without the form.
    shown = client_for(world.users["kader_a"]).get(page(world) + "?bulan=2026-11")
    assert shown.context["frozen"] is True and shown.context["form"] is None
    assert shown.context["shown"].skdn.d == 1
    # Sending again is refused: the report is locked until the bidan returns or reopens it.
    again = client_for(world.users["kader_a"]).post(page(world), SENT)
    assert again.status_code == 302
    assert AuditEvent.objects.filter(verb="submit_monthly_report").count() == 1


@pytest.mark.django_db
def test_kader_saves_a_draft_and_sends_it_later(world: Any) -> None:
    kader = client_for(world.users["kader_a"])
    kader.post(page(world), {**SENT, "step": "simpan", "kader_present": "4"})
    report = MonthlyReport.objects.get(posyandu=world.posyandu_a, month=NOVEMBER)
    assert (report.status, report.kader_present, report.figures, report.submitted_at) == (
        ReportStatus.DRAFT,
        4,
        {},
        None,
    )
    kader.post(page(world), SENT)
    report.refresh_from_db()
    assert (report.status, report.kader_present, report.figures["skdn"]["d"]) == (
        ReportStatus.SUBMITTED,
        6,
        1,
    )


@pytest.mark.django_db
def test_bidan_verifies_returns_and_reopens_with_a_reason(world: Any) -> None:
    bidan = client_for(world.users["bidan_a"])
    report = submit(world)
    # Returning needs a reason: without one nothing changes.
    before = database_fingerprint()
    bidan.post(reverse("monthly:return", args=[report.pk]), {"reason": "  "})
    assert database_fingerprint() == before
    bidan.post(reverse("monthly:return", args=[report.pk]), {"reason": "D tidak sesuai buku register"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "D tidak sesuai buku register")
    first_sent = report.first_submitted_at
    # Sent again: it keeps its first date (timeliness), the reason is cleared.
    report = submit(world)
    assert (report.status, report.first_submitted_at, report.return_reason) == (
        ReportStatus.SUBMITTED,
        first_sent,
        "",
    )
    bidan.post(reverse("monthly:verify", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.verified_by) == (ReportStatus.VERIFIED, world.users["bidan_a"])
    assert report.verified_at is not None
    # A verified report can only be reopened (not returned), with a logged reason.
    with pytest.raises(ValidationError):
        actions.return_report(world.users["bidan_a"], report, reason="salah")
    bidan.post(reverse("monthly:reopen", args=[report.pk]), {"reason": "Koreksi berat badan Budi"})
    reopened = MonthlyReport.objects.values_list("status", "return_reason", "verified_by", "verified_at")
    assert list(reopened.get(pk=report.pk)) == [ReportStatus.RETURNED, "Koreksi berat badan Budi", None, None]
    event = AuditEvent.objects.get(verb="reopen_monthly_report")
    assert event.actor == world.users["bidan_a"]
    assert event.changes["status"] == ["verified", "returned"]
    assert event.changes["return_reason"] == ["", "Koreksi berat badan Budi"]
    events = AuditEvent.objects.filter(object_key=f"monthly.monthlyreport:{report.pk}").order_by("pk")
    verbs = list(events.values_list("verb", flat=True))
    assert verbs == [
        "submit_monthly_report",
        "return_monthly_report",
        "submit_monthly_report",
        "verify_monthly_report",
        "reopen_monthly_report",
    ]


@pytest.mark.django_db
def test_only_the_kader_sends_and_only_the_bidan_verifies(world: Any) -> None:
    url = page(world)
    clients = {name: client_for(user) for name, user in world.users.items()}  # logging in writes last_login
    before = database_fingerprint()
    # Another posyandu's kader: the posyandu does not exist for her.
    assert clients["kader_b"].get(url + "?bulan=2026-11").status_code == 404
    assert clients["kader_b"].post(url, SENT).status_code == 404
    # Read-only, and roles that do not send the posyandu's report.
    assert clients["kabupaten_viewer"].post(url, SENT).status_code == 403
    for role in ("bidan_a", "kecamatan", "desa_a"):
        assert clients[role].post(url, SENT).status_code == 403, role
    assert database_fingerprint() == before
    report = submit(world)
    before = database_fingerprint()
    for name in ("verify", "return", "reopen"):
        target = reverse(f"monthly:{name}", args=[report.pk])
        for role in ("kader_a", "kecamatan", "kabupaten_viewer"):
            assert clients[role].post(target, {"reason": "x"}).status_code == 403, (name, role)
        for role in ("kader_b", "other_kabupaten"):
            assert clients[role].post(target, {"reason": "x"}).status_code == 404, (name, role)
    assert database_fingerprint() == before
    # Everyone of the area reads it.
    for role in ("kader_a", "bidan_a", "desa_a", "kecamatan", "kabupaten", "kabupaten_viewer"):
        assert clients[role].get(url + "?bulan=2026-11").status_code == 200, role


@pytest.mark.django_db
def test_a_future_month_cannot_be_reported(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.submit_report(
            world.users["kader_a"], world.posyandu_a, datetime.date(2026, 12, 1), inputs=PosyanduInputs()
        )
    assert refused.value.messages == ["Bulan ini belum berjalan; laporan belum dapat dibuat."]
    assert not MonthlyReport.objects.filter(month=datetime.date(2026, 12, 1)).exists()
