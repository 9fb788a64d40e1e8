"""The public pages through the test client: no login, the on/off switch, the hidden small figures."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pokjanal.actions.commitments import CommitmentTerms, record_commitment
from pokjanal.models import CommitmentKind, CommitmentStatus
from posyandu.actions import update_posyandu
from public.actions import set_public
from public.models import PublicPage
from public.tests.children import weigh_children
from regions.models import Region


def page(code: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"wilayah": code, **params}.items())
    return f"{reverse('public:region')}?{query}"


def csv(code: str, table: str) -> str:
    return f"{reverse('public:csv')}?wilayah={code}&tabel={table}"


@pytest.mark.django_db
def test_a_kabupaten_page_opens_without_a_login_and_may_be_cached(world: Any) -> None:
    response = Client().get(page("64.74"))
    assert response.status_code == 200
    assert response["Cache-Control"] in {"public, max-age=300", "max-age=300, public"}
    assert "Set-Cookie" not in response.headers
    body = response.content.decode()
    assert "Kota Bontang" in body
    assert 'data-testid="posyandu-total">2<' in body  # Melati and Mawar in Bontang Utara
    assert ">Bontang Utara<" in body
    assert 'data-testid="aktif">0<' in body and "posyandu aktif (definisi 2023): 0,0 %" in body
    strata = body.split('<ul class="small">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"<li>([^<]*)</li>", strata) == [
        "Pratama: 2", "Madya: 0", "Purnama: 0", "Mandiri: 0", "belum dapat dihitung: 0"
    ]  # fmt: skip
    trend = body.split('data-testid="trend-table"', 1)[1].split("</table>", 1)[0]
    assert trend.count("<tr><td>") == 12  # twelve months
    assert "Jadwal tiap posyandu ada di halaman kecamatan" in body  # the days are listed lower down
    days = Client().get(csv("64.74", "jadwal")).content.decode("utf-8-sig").splitlines()
    assert sorted(row.split(",")[0] for row in days[1:3]) == ["Posyandu Mawar", "Posyandu Melati"]


@pytest.mark.django_db
def test_a_logged_in_officer_gets_the_same_cacheable_page(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kabupaten"])
    response = client.get(page("64.74"))
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "kabupaten" not in response.content.decode()  # the page names no login


@pytest.mark.django_db
def test_the_index_lists_the_public_provinces(world: Any) -> None:
    response = Client().get(reverse("public:index"))
    assert response.status_code == 200
    assert "?wilayah=64" in response.content.decode()


@pytest.mark.django_db
def test_a_desa_is_off_by_default_and_its_officer_turns_it_on(world: Any) -> None:
    desa = world.desa_a
    anonymous = Client()
    assert anonymous.get(page(desa.code)).status_code == 404
    assert anonymous.get(csv(desa.code, "wilayah")).status_code == 404
    officer = Client()
    officer.force_login(world.users["kecamatan"])
    response = officer.post(reverse("public:switch"), {"wilayah": desa.code, "is_public": "1"})
    assert response.status_code == 302
    assert PublicPage.objects.get(region=desa).is_public
    assert PublicPage.objects.get(region=desa).changed_by == world.users["kecamatan"]
    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="set_public_page", region_code=desa.code).count() == 1
    assert anonymous.get(page(desa.code)).status_code == 200
    officer.post(reverse("public:switch"), {"wilayah": desa.code, "is_public": "0"})
    assert anonymous.get(page(desa.code)).status_code == 404


@pytest.mark.django_db
def test_an_officer_outside_the_region_or_read_only_cannot_switch(world: Any) -> None:
    desa = world.desa_a
    for name, status in (("other_kabupaten", 404), ("kabupaten_viewer", 403), ("kader_a", 403)):
        client = Client()
        client.force_login(world.users[name])
        response = client.post(reverse("public:switch"), {"wilayah": desa.code, "is_public": "1"})
        assert response.status_code == status, name
    assert not PublicPage.objects.exists()
    assert Client().get(page(desa.code)).status_code == 404


@pytest.mark.django_db
def test_a_kabupaten_switched_off_is_gone(world: Any) -> None:
    set_public(world.users["admin"], Region.objects.get(code="64.74"), is_public=False)
    assert Client().get(page("64.74")).status_code == 404
    assert '?wilayah=64.74"' not in Client().get(page("64")).content.decode()


@pytest.mark.django_db
def test_the_switch_page_lists_the_region_and_its_areas(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kecamatan"])
    response = client.get(f"{reverse('public:switch')}?wilayah={world.desa_a.parent_id}")
    assert response.status_code == 200
    body = response.content.decode()
    assert world.desa_a.name in body and world.desa_a2.name in body
    kelurahan = Region.objects.filter(parent_id=world.desa_a.parent_id).count()
    assert kelurahan >= 2
    assert body.count(">Aktifkan<") == 1 + kelurahan  # the kecamatan and its kelurahan are off by default
    assert ">Nonaktifkan<" not in body


def _month_figures(body: str) -> str:
    start = body.index('data-testid="month-figures"')
    return body[start : body.index("</dl>", start)]


@pytest.mark.django_db
def test_nine_children_show_as_under_ten_and_ten_show_the_figures(world: Any) -> None:
    desa = world.desa_a2
    set_public(world.users["admin"], desa, is_public=True)
    weigh_children(world, world.posyandu_a2, 9, prefix="Kenanga")
    figures = _month_figures(Client().get(page(desa.code)).content.decode())
    assert figures.count("data-hidden") == 5  # S, D/S, N/D, stunting, wasting
    rows = Client().get(csv(desa.code, "wilayah")).content.decode("utf-8-sig").splitlines()
    assert rows[-5].split(",")[5:9] == ["< 10", "< 10", "< 10", "< 10"]  # the total row

    weigh_children(world, world.posyandu_a2, 1, prefix="Kamboja")
    figures = _month_figures(Client().get(page(desa.code)).content.decode())
    assert "data-hidden" not in figures
    assert ">10<" in figures.replace("\n", "")  # S
    assert "100,0&nbsp;%" in figures  # D/S: all ten weighed
    rows = Client().get(csv(desa.code, "wilayah")).content.decode("utf-8-sig").splitlines()
    assert rows[-5].split(",")[5:7] == ["10", "100.0"]


@pytest.mark.django_db
def test_every_csv_carries_the_licence_and_the_date(world: Any) -> None:
    set_public(world.users["admin"], world.desa_a, is_public=True)
    for code, table in (("64.74", "wilayah"), ("64.74", "tren"), (world.desa_a.code, "jadwal")):
        response = Client().get(csv(code, table))
        assert response.status_code == 200, (code, table)
        text = response.content.decode("utf-8-sig")
        assert "Lisensi: CC BY 4.0" in text
        assert "Diambil: 2026-11-25" in text


def hold_rakor_with_decisions(world: Any) -> None:
    """The kota's rakor held, with two decisions: one whose action is done and one whose action is open."""
    import datetime

    from pokjanal import actions as pk
    from pokjanal.actions.actions import ActionTerms

    admin = world.users["admin"]
    rakor = pk.hold_rakor(
        admin,
        world.pokjanal.rakor,
        held_on=datetime.date(2026, 11, 20),
        attendees=[world.pokjanal.member_kab],
        guests="",
        minutes="Notulen",
        agenda={},
    )
    done = pk.add_decision(
        admin,
        rakor,
        text="Timbangan baru untuk posyandu",
        category="lingkungan",
        follow_up=ActionTerms("Beli timbangan", datetime.date(2026, 12, 15), owner_sector="kesehatan"),
    )
    pk.add_decision(
        admin,
        rakor,
        text="Pelatihan kader antropometri",
        category="manusia",
        follow_up=ActionTerms("Latih kader", datetime.date(2027, 1, 15), owner_sector="kesehatan"),
    )
    pk.follow_up_action(admin, done.actions.get(), status="done", note="Dibeli")


@pytest.mark.django_db
def test_the_kota_page_shows_its_last_rakor_with_actions_done_and_open(world: Any) -> None:
    hold_rakor_with_decisions(world)
    body = Client().get(page("64.74")).content.decode()
    assert "Rakor Pokjanal Posyandu Kota Bontang" in body
    assert "20 November 2026" in body
    done_open = '<td>Timbangan baru untuk posyandu</td><td class="num">1</td><td class="num">0</td>'
    assert done_open in body
    assert '<td>Pelatihan kader antropometri</td><td class="num">0</td><td class="num">1</td>' in body
    assert "Bahtiar Mabe" not in body  # who carries an action out is not published
    rows = Client().get(csv("64.74", "rakor")).content.decode("utf-8-sig").splitlines()
    assert rows[:3] == [
        "Rapat,Tanggal,Keputusan,Tindakan selesai,Tindakan berjalan",
        "Rakor Pokjanal Posyandu Kota Bontang,2026-11-20,Timbangan baru untuk posyandu,1,0",
        "Rakor Pokjanal Posyandu Kota Bontang,2026-11-20,Pelatihan kader antropometri,0,1",
    ]


@pytest.mark.django_db
def test_the_desa_page_shows_the_next_posyandu_day_and_time(world: Any) -> None:
    set_public(world.users["admin"], world.desa_a, is_public=True)
    body = Client().get(page(world.desa_a.code)).content.decode()
    assert "Posyandu Melati" in body
    assert "Kamis, 10 Desember 2026" in body  # opening day 10, after 25 November
    assert "tanyakan kader" in body  # no opening time recorded yet
    assert "Belum ada rapat koordinasi" in body  # the Pokja of the kelurahan has held none
    rows = Client().get(csv(world.desa_a.code, "jadwal")).content.decode("utf-8-sig").splitlines()
    assert rows[0].endswith("Tanggal,Jam")
    assert rows[1] == "Posyandu Melati,Kelurahan Bontang Kuala,,2026-12-10,"

    update_posyandu(world.users["admin"], world.posyandu_a, opening_time=datetime.time(8, 30))  # seen at once
    body = Client().get(page(world.desa_a.code)).content.decode()
    assert "<td>Kamis, 10 Desember 2026</td><td>08.30</td>" in body
    rows = Client().get(csv(world.desa_a.code, "jadwal")).content.decode("utf-8-sig").splitlines()
    assert rows[1] == "Posyandu Melati,Kelurahan Bontang Kuala,,2026-12-10,08:30"


@pytest.mark.django_db
def test_tables_fit_a_phone(world: Any) -> None:
    set_public(world.users["admin"], world.desa_a.parent, is_public=True)
    set_public(world.users["admin"], world.desa_a, is_public=True)
    for code in ("64", "64.74", world.desa_a.parent_id, world.desa_a.code):
        response = Client().get(page(code))
        assert response.status_code == 200, code
        body = response.content.decode()
        assert body.count("<table") >= 2
        assert body.count("<table") == body.count('<div class="table-wrap"><table'), code
        assert 'name="viewport" content="width=device-width' in body


@pytest.mark.django_db
def test_a_second_visit_reads_the_figures_from_the_cache(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as first:
        assert client.get(page("64.74")).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(page("64.74")).status_code == 200
    assert len(second) <= 8 < len(first)


@pytest.mark.django_db
def test_the_page_counts_the_desa_commitments(world: Any) -> None:
    """Counts of desa, never a person: how many have the Perdes, and how many passed a due date."""
    perdes = CommitmentTerms(
        status=CommitmentStatus.DONE, document_number="Perdes 4/2026", signed_on=datetime.date(2026, 3, 2)
    )
    record_commitment(world.users["admin"], world.desa_a, kind=CommitmentKind.PERDES_LKD, terms=perdes)
    late = CommitmentTerms(status=CommitmentStatus.MISSING, due_date=datetime.date(2026, 10, 1))
    record_commitment(world.users["admin"], world.desa_a, kind=CommitmentKind.SK_PENGURUS, terms=late)
    desa = Region.objects.filter(code__startswith="64.74.", level=4).count()
    body = Client().get(page("64.74")).content.decode()
    table = body.split('data-testid="public-commitments"', 1)[1].split("</table>", 1)[0]
    assert f'<td>Perdes LKD</td><td class="num">1 / {desa}</td><td class="num">0</td>' in table
    assert f'<td>SK pengurus</td><td class="num">0 / {desa}</td><td class="num">1</td>' in table
    rows = Client().get(csv("64.74", "komitmen")).content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Komitmen,Desa/kelurahan yang sudah memiliki,Jumlah desa/kelurahan,Terlambat"
    assert f"Perdes LKD,1,{desa},0" in rows and f"SK pengurus,0,{desa},1" in rows
