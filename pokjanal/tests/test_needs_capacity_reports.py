"""Posyandu needs and funding with the region view, kader capacity with the Kader Lestari list, and the
annual report of a body."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from pokjanal import actions
from pokjanal.capacity import lestari_rows
from pokjanal.models import Funding, Need
from pokjanal.regional import annual_report
from pokjanal.tests.conftest import login, pdf_text
from posyandu import actions as posyandu_actions
from posyandu.models import KaderMembership


def uid() -> str:
    return str(uuid.uuid4())


@pytest.mark.django_db
def test_a_kader_requests_a_need_and_an_officer_assigns_and_meets_it(world: Any) -> None:
    kader = login(world.users["kader_a"])
    data = {
        "kind": "pelatihan",
        "description": "Pelatihan antropometri untuk kader baru",
        "priority": "sedang",
        "estimated_cost_rp": "2500000",
        "client_uuid": uid(),
    }
    response = kader.post(f"/pokjanal/posyandu/{world.posyandu_a.pk}/kebutuhan/baru/", data)
    need = Need.objects.get(kind="pelatihan")
    assert response["Location"] == f"/pokjanal/kebutuhan/{need.pk}/"
    assert (need.requested_by, need.requested_on, need.status) == (
        world.users["kader_a"],
        datetime.date(2026, 11, 25),
        "requested",
    )
    # The kader may not assign it; the kecamatan officer does, and a company's CSR meets it.
    handle = {
        "status": "assigned",
        "assigned_sector": "",
        "sponsor": "",
        "funding_source": "",
        "met_on": "",
        "note": "",
        "client_uuid": uid(),
    }
    assert kader.post(f"/pokjanal/kebutuhan/{need.pk}/tangani/", handle).status_code == 403
    officer = login(world.users["kecamatan"])
    refused = officer.post(f"/pokjanal/kebutuhan/{need.pk}/tangani/", handle)
    assert refused.context["form"].errors["assigned_sector"] == [
        "Pilih OPD/sektor atau isi pemberi dukungan."
    ]
    met = handle | {
        "status": "met",
        "sponsor": "PT Pupuk Kalimantan Timur",
        "funding_source": "csr",
        "client_uuid": uid(),
    }
    assert officer.post(f"/pokjanal/kebutuhan/{need.pk}/tangani/", met).status_code == 302
    need.refresh_from_db()
    assert (need.status, need.sponsor, need.funding_source, need.met_on) == (
        "met",
        "PT Pupuk Kalimantan Timur",
        "csr",
        datetime.date(2026, 11, 25),
    )
    assert AuditEvent.objects.get(verb="handle_need").changes["status"] == ["requested", "met"]
    # Region view: per kelurahan, open and met.
    with CaptureQueriesContext(connection) as ctx:
        view = officer.get("/pokjanal/kebutuhan/?status=semua")
    assert len(ctx.captured_queries) <= 10
    assert [(name, c["open"], c["met"], c["cost_open"]) for _code, name, c in view.context["areas"]] == [
        ("Bontang Kuala", 1, 1, 1_500_000)
    ]
    assert view.context["totals"] == {"open": 1, "met": 1, "rejected": 0, "cost_open": 1_500_000}
    assert login(world.users["other_kabupaten"]).get("/pokjanal/kebutuhan/").context["totals"]["open"] == 0


@pytest.mark.django_db
def test_funding_by_year_and_source(world: Any) -> None:
    client = login(world.users["desa_a"])
    url = f"/pokjanal/posyandu/{world.posyandu_a.pk}/dana/"
    for source, amount in (("swadaya", "1.500.000"), ("csr", "Rp 5.000.000"), ("apbdes", "15000000")):
        data = {"year": "2026", "source": source, "amount_rp": amount, "note": "", "client_uuid": uid()}
        assert client.post(url, data).status_code == 302
    client.post(
        url, {"year": "2025", "source": "apbd", "amount_rp": "3000000", "note": "", "client_uuid": uid()}
    )
    page = client.get(url)
    assert page.context["years"] == [
        (2026, [15_000_000, None, 5_000_000, 1_500_000, None], 21_500_000),
        (2025, [None, 3_000_000, None, None, None], 3_000_000),
    ]
    assert (
        Funding.objects.filter(posyandu=world.posyandu_a, year=2026, source="apbdes").get().amount_rp
        == 15_000_000
    )
    assert login(world.users["kader_a"]).post(url, {"year": "2026"}).status_code == 403
    # A need met by a company's CSR is part of the posyandu's funding (issue 10); one met by an OPD with no
    # source of funds named is not.
    admin = world.users["admin"]
    actions.handle_need(
        admin,
        world.pokjanal.need,
        status="met",
        sponsor="PT Pupuk Kalimantan Timur",
        funding_source="csr",
        met_on=datetime.date(2026, 11, 20),
    )
    other = actions.request_need(
        admin, world.posyandu_a, kind="pelatihan", description="Pelatihan kader", priority="sedang"
    )
    actions.handle_need(admin, other, status="met", assigned_sector="kesehatan")
    page = client.get(url)
    assert list(page.context["met_needs"]) == [world.pokjanal.need]
    html = page.content.decode()
    assert "Timbangan bayi digital" in html and "PT Pupuk Kalimantan Timur" in html and "1.500.000" in html
    overview = client.get(f"/pokjanal/posyandu/{world.posyandu_a.pk}/")
    assert list(overview.context["met_needs"]) == [world.pokjanal.need]
    assert "PT Pupuk Kalimantan Timur" in overview.content.decode()
    bad = client.post(url, {"year": "2026", "source": "csr", "amount_rp": "5,5 juta", "client_uuid": uid()})
    assert bad.context["form"].errors["amount_rp"] == [
        "Tulis jumlah rupiah dengan angka, misalnya 12.000.000."
    ]


@pytest.mark.django_db
def test_kader_capacity_coverage_and_untrained_kader(world: Any) -> None:
    admin = world.users["admin"]
    for name, nik in (("Rina Marlina", "6474016006850003"), ("Wati Susanti", "6474016107860004")):
        posyandu_actions.register_kader(
            admin,
            name=name,
            nik=nik,
            sex="P",
            desa=world.desa_a2,
            membership=posyandu_actions.FirstMembership(
                posyandu=world.posyandu_a2,
                start_date=datetime.date(2015, 1, 5),
                board_role="anggota",
                spm_field_id="kesehatan",
            ),
        )
    client = login(world.users["kecamatan"])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/pokjanal/kader/")
    assert len(ctx.captured_queries) <= 12
    areas = {a.name: (a.kader, a.trained, a.untrained) for a in page.context["areas"]}
    assert areas == {
        "Bontang Kuala": (
            1,
            {"pengelolaan": 0, "bayi_balita": 1, "ibu_hamil": 0, "usia_sekolah": 0, "dewasa_lansia": 0},
            0,
        ),
        "Bontang Baru": (
            2,
            {"pengelolaan": 0, "bayi_balita": 0, "ibu_hamil": 0, "usia_sekolah": 0, "dewasa_lansia": 0},
            2,
        ),
    }
    total = page.context["total"]
    assert (total.kader, total.untrained, total.pct("bayi_balita")) == (3, 2, 33.3)
    assert [k.name for k in page.context["untrained"].object_list] == ["Rina Marlina", "Wati Susanti"]


@pytest.mark.django_db
def test_kader_lestari_list_and_pdf(world: Any) -> None:
    memberships = KaderMembership.objects.visible_to(world.users["kabupaten"])
    rows = lestari_rows(memberships, 2026, 10)
    assert [(r.kader.name, r.service.years, r.service.milestone) for r in rows] == [("Siti Rahayu", 14, 10)]
    assert lestari_rows(memberships, 2021, 10) == []  # 9 years by 31 December 2021
    response = login(world.users["kabupaten"]).get("/pokjanal/kader/lestari.pdf?tahun=2026&minimal=10")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Daftar Kader Posyandu Lestari 2026" in text and "Siti Rahayu" in text
    assert (
        "minimal 10 tahun sampai 31 Desember 2026 (aturan lestari-2024)" in text
        and "Jumlah: 1 kader." in text
    )
    assert (
        login(world.users["other_kabupaten"]).get("/pokjanal/kader/lestari.pdf?tahun=2026").status_code == 200
    )


@pytest.mark.django_db
def test_annual_report_of_a_body(world: Any) -> None:
    body = world.pokjanal.body_kab
    admin = world.users["admin"]
    actions.hold_rakor(
        admin,
        world.pokjanal.rakor,
        held_on=datetime.date(2026, 11, 20),
        attendees=[world.pokjanal.member_kab],
        guests="",
        minutes="Rapat",
        agenda={},
    )
    actions.follow_up_action(admin, world.pokjanal.action, status="done", note="Selesai")
    actions.handle_need(admin, world.pokjanal.need, status="met", assigned_sector="kesehatan")
    report = annual_report(body, 2026, datetime.date(2026, 11, 25))
    assert ([r.title for r in report.rakor_held], report.rakor_target) == (
        ["Rakor Pokjanal Posyandu Kota Bontang"],
        2,
    )
    assert (report.actions_done, report.actions_open, report.actions_overdue, report.real_actions) == (
        1,
        0,
        0,
        0,
    )
    assert (report.needs_met, report.needs_open) == (1, 0)
    assert (report.total.summary.total, report.total.summary.strata["pratama"]) == (2, 2)
    kader = next(t for t in report.trend if t.label == "Posyandu dengan ≥ 5 kader aktif")
    assert (kader.previous_pct, kader.value_pct, kader.change) == (0.0, 0.0, 0.0)
    opening = next(t for t in report.trend if t.label == "Posyandu buka ≥ 8 kali dalam 12 bulan")
    assert (opening.previous_pct, opening.value_pct) == (0.0, 0.0)
    # No posyandu day was recorded in 2025: its D/S is "no data", and no change is shown (issue 10).
    ds = next(t for t in report.trend if t.label == "Rerata D/S")
    assert (ds.previous_pct, ds.value_pct, ds.change) == (None, 8.3, None)
    response = login(world.users["kabupaten"]).get(f"/pokjanal/tim/{body.pk}/laporan-tahunan.pdf?tahun=2026")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Laporan Tahunan Tim Pembina Posyandu Kota Bontang 2026" in text
    assert "Terlaksana 1 dari target 2 rakor." in text and "Aksi selesai tahun ini" in text
    # The D/S row's cells: 2025, 2026, change, target ("\\227" is the PDF's em dash, "no data").
    cells = re.findall(r"\((.*?)\) Tj", text.split("(Rerata D/S)", 1)[1])[:4]
    assert cells == ["\\227", "8,3 %", "\\227", "80,0 %"]


@pytest.mark.django_db
def test_an_amount_the_database_cannot_hold_is_refused_next_to_the_amount(world: Any) -> None:
    # The form takes any whole rupiah; the action's model check refuses beyond the column's range, keyed by
    # `amount_rp`, and the page shows it on that field, keeps the input and stores nothing.
    url = f"/pokjanal/posyandu/{world.posyandu_a.pk}/dana/"
    data = {
        "year": "2026",
        "source": "csr",
        "amount_rp": "99.999.999.999.999.999.999",
        "note": "",
        "client_uuid": uid(),
    }
    page = login(world.users["desa_a"]).post(url, data)
    form = page.context["form"]
    assert (page.status_code, form.non_field_errors(), form.errors["amount_rp"]) == (
        200,
        [],
        ["Pastikan nilai ini lebih kecil dari atau sama dengan 9223372036854775807."],
    )
    assert 'value="99.999.999.999.999.999.999"' in page.content.decode()
    assert list(
        Funding.objects.filter(posyandu=world.posyandu_a).values_list("year", "source", "amount_rp")
    ) == [(2026, "apbdes", 12_000_000)]
