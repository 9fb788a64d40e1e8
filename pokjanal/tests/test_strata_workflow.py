"""Strata assessment of a posyandu-year: computed from recorded data plus what the Pokja desa enters;
desa proposes, kecamatan verifies, kabupaten/kota approves; an approved year is locked and reopening is
logged. Region summaries against 80 %."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from pokjanal.models import StrataAssessment
from pokjanal.tests.conftest import login
from reports.actions import refresh_all_figures


def uid() -> str:
    return str(uuid.uuid4())


def post(user: Any, assessment: StrataAssessment, step: str, **data: str) -> Any:
    return login(user).post(f"/pokjanal/strata/{assessment.pk}/{step}/", {"client_uuid": uid(), **data})


@pytest.mark.django_db
def test_tiered_verification_and_lock(world: Any) -> None:
    assessment = world.pokjanal.assessment
    users = world.users
    desa = login(users["desa_a"])
    inputs = {
        "additional_programmes": ["bkb", "paud"],
        "households": "120",
        "dana_sehat_households": "70",
        "client_uuid": uid(),
    }
    assert desa.post(f"/pokjanal/strata/{assessment.pk}/ubah/", inputs).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.additional_programmes, assessment.dana_sehat_pct) == (["bkb", "paud"], 58.3)
    page = desa.get(f"/pokjanal/strata/{assessment.pk}/")
    result = page.context["result"]
    # One opening day in 2026: Pratama, held back by the opening days.
    assert (result.strata.stratum, result.strata.held_back_by) == ("pratama", "opening_days")
    assert (result.aktif_2011.aktif, result.aktif_2021.aktif, result.aktif_2023.aktif) == (
        False,
        False,
        False,
    )
    assert result.aktif_2023.failed == ("opening_months", "active_kader")
    assert page.context["steps"]["propose"] and not page.context["steps"]["verify"]
    # Only the proper tier may take each step.
    assert post(users["kecamatan"], assessment, "ajukan").status_code == 403
    assert post(users["desa_a"], assessment, "ajukan").status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.proposed_by) == ("proposed", users["desa_a"])
    frozen = assessment.result
    assert frozen["inputs"]["opening_days"] == 1 and frozen["inputs"]["additional_programmes"] == 2
    assert frozen["assessment"]["strata"] == {
        "stratum": "pratama",
        "held_back_by": "opening_days",
        "missing": [],
        "rule_version": "strata-2011",
    }
    assert (
        desa.post(f"/pokjanal/strata/{assessment.pk}/ubah/", inputs | {"client_uuid": uid()}).status_code
        == 302
    )
    assessment.refresh_from_db()
    assert assessment.households == 120  # unchanged: a proposed assessment cannot be edited
    assert post(users["kabupaten"], assessment, "verifikasi").status_code == 403
    assert post(users["kecamatan"], assessment, "verifikasi").status_code == 302
    assert post(users["kecamatan"], assessment, "setujui").status_code == 403
    assert post(users["kabupaten_viewer"], assessment, "setujui").status_code == 403
    assert post(users["kabupaten"], assessment, "setujui").status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.verified_by, assessment.approved_by, assessment.is_locked) == (
        "approved",
        users["kecamatan"],
        users["kabupaten"],
        True,
    )
    # Locked: no edit; only the kabupaten may reopen, with a reason, and it is logged.
    refused = desa.post(
        f"/pokjanal/strata/{assessment.pk}/ubah/", inputs | {"households": "200", "client_uuid": uid()}
    )
    assert refused.status_code == 302
    assessment.refresh_from_db()
    assert assessment.households == 120
    assert post(users["desa_a"], assessment, "buka-kembali", note="salah hitung").status_code == 403
    post(users["kabupaten"], assessment, "buka-kembali", note="")
    assessment.refresh_from_db()
    assert assessment.status == "approved"  # a reason is required
    assert post(users["kabupaten"], assessment, "buka-kembali", note="Jumlah KK salah").status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.note, assessment.approved_by) == ("draft", "Jumlah KK salah", None)
    verbs = list(
        AuditEvent.objects.filter(object_key=f"pokjanal.strataassessment:{assessment.pk}")
        .order_by("at", "pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "open_strata_assessment",
        "update_strata_inputs",
        "propose_strata",
        "verify_strata",
        "approve_strata",
        "reopen_strata",
    ]
    reopen = AuditEvent.objects.get(verb="reopen_strata")
    assert reopen.actor == users["kabupaten"] and reopen.changes["status"] == ["approved", "draft"]


@pytest.mark.django_db
def test_return_to_the_desa_needs_a_reason(world: Any) -> None:
    assessment = world.pokjanal.assessment
    post(world.users["desa_a"], assessment, "ajukan")
    post(world.users["kecamatan"], assessment, "kembalikan", note="")
    assessment.refresh_from_db()
    assert assessment.status == "proposed"
    post(world.users["kecamatan"], assessment, "kembalikan", note="Lengkapi data dana sehat")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.note) == ("draft", "Lengkapi data dana sehat")


@pytest.mark.django_db
def test_region_summary_against_80_percent(world: Any) -> None:
    client = login(world.users["kabupaten"])
    open_a2 = client.post(f"/pokjanal/posyandu/{world.posyandu_a2.pk}/strata/", {"tahun": "2026"})
    a2 = StrataAssessment.objects.get(posyandu=world.posyandu_a2, year=2026)
    assert open_a2["Location"] == f"/pokjanal/strata/{a2.pk}/"
    refresh_all_figures()  # the posyandu-month counts are the stored monthly figures, read in one query
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pokjanal/strata/?tahun=2026")
    assert len(ctx.captured_queries) <= 25  # a fixed number: facts are read for all posyandu at once
    total = response.context["total"]
    assert (total["name"], total["total"], total["strata"], total["undecided"], total["approved"]) == (
        "Kota Bontang",
        2,
        [2, 0, 0, 0],  # both Pratama: fewer than 8 opening days
        0,
        0,
    )
    assert total["aktif"] == [
        {"version": "aktif-2023", "pct": 0.0, "reaches": False, "undecided": 0},
        {"version": "aktif-2021", "pct": 0.0, "reaches": False, "undecided": 0},
        {"version": "aktif-2011", "pct": 0.0, "reaches": False, "undecided": 0},
    ]
    assert [a["name"] for a in response.context["areas"]] == ["Bontang Utara"]
    kec = login(world.users["kecamatan"]).get("/pokjanal/strata/?tahun=2026")
    assert [a["name"] for a in kec.context["areas"]] == ["Bontang Kuala", "Bontang Baru"]
    assert kec.context["total"]["name"] == "Bontang Utara"
