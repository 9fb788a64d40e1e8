"""Completeness and timeliness of an area's monthly reports, exact for a small world: who is expected, who
reported, who on time (first sent by the deadline day, in Jakarta time), who is late or missing, and the
"final or provisional" badge of the report pages."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monthly import actions
from monthly.actions import PosyanduInputs
from monthly.completeness import states, status_of
from posyandu import actions as registry
from posyandu.models import Posyandu, PosyanduStatus
from rules.completeness import Completeness

OCTOBER = datetime.date(2026, 10, 1)
NOVEMBER = datetime.date(2026, 11, 1)
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=JAKARTA)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reports(world: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Kecamatan Bontang Utara in October 2026 (deadline 5 November; today 25 November):
    Melati (kelurahan A) sent 5 Nov 23:30 and verified; Mawar (A2) sent 6 Nov 00:30 (late), waiting;
    Kenanga (A) active, never sent; Dahlia (A) formed 15 Nov (not expected in October); Kamboja (A)
    inactive (not expected); Anggrek is in another kabupaten."""
    admin, kader, bidan = world.users["admin"], world.users["kader_a"], world.users["bidan_a"]

    def register(code: str, name: str, **fields: Any) -> Posyandu:
        return registry.register_posyandu(
            admin, code=code, name=name, desa=world.desa_a, spm_fields=["kesehatan"], **fields
        )

    kenanga = register("PA3", "Kenanga")
    dahlia = register("PA4", "Dahlia", sk_date=datetime.date(2026, 11, 15))
    kamboja = register("PA5", "Kamboja")
    registry.set_posyandu_status(admin, kamboja, PosyanduStatus.INACTIVE)

    def send(posyandu: Posyandu, when: datetime.datetime) -> Any:
        monkeypatch.setattr(timezone, "now", lambda: when)
        return actions.submit_report(kader, posyandu, OCTOBER, inputs=PosyanduInputs())

    melati = send(world.posyandu_a, at(5, 23, 30))
    actions.verify_report(bidan, melati)
    mawar = send(world.posyandu_a2, at(6, 0, 30))
    monkeypatch.undo()
    return {"kenanga": kenanga, "dahlia": dahlia, "kamboja": kamboja, "melati": melati, "mawar": mawar}


@pytest.mark.django_db
def test_states_of_the_kecamatan_in_october(world: Any, reports: dict[str, Any]) -> None:
    found = states(Posyandu.objects.visible_to(world.users["kecamatan"]), OCTOBER)
    assert [(s.name, s.desa_code, s.status_label, s.reported, s.on_time, s.late) for s in found] == [
        ("Kenanga", world.desa_a.code, "Belum dikirim", False, False, True),
        ("Melati", world.desa_a.code, "Terverifikasi", True, True, False),
        ("Mawar", world.desa_a2.code, "Dikirim, menunggu verifikasi", True, False, True),
    ]
    assert status_of(Posyandu.objects.visible_to(world.users["kecamatan"]), OCTOBER) == Completeness(
        3, 2, 1, 1
    )
    # The kabupaten sees the same; another kabupaten's officer sees none of it.
    assert status_of(Posyandu.objects.visible_to(world.users["kabupaten"]), OCTOBER) == Completeness(
        3, 2, 1, 1
    )
    assert status_of(Posyandu.objects.visible_to(world.users["other_kabupaten"]), OCTOBER) == Completeness(
        1, 0, 0, 0
    )
    # November: Dahlia is formed, nobody has reported, and the deadline (5 December) has not passed.
    november = states(Posyandu.objects.visible_to(world.users["kecamatan"]), NOVEMBER)
    assert [(s.name, s.reported, s.late) for s in november] == [
        ("Dahlia", False, False),
        ("Kenanga", False, False),
        ("Melati", False, False),
        ("Mawar", False, False),
    ]


@pytest.mark.django_db
def test_the_deadline_day_is_a_setting(world: Any, reports: dict[str, Any], settings: Any) -> None:
    settings.MONTHLY_REPORT_DEADLINE_DAY = 6
    kecamatan = Posyandu.objects.visible_to(world.users["kecamatan"])
    assert status_of(kecamatan, OCTOBER) == Completeness(3, 2, 2, 1)


@pytest.mark.django_db
def test_a_returned_report_is_missing_until_sent_again(world: Any, reports: dict[str, Any]) -> None:
    actions.return_report(world.users["bidan_a"], reports["mawar"], reason="N tidak sesuai")
    kecamatan = Posyandu.objects.visible_to(world.users["kecamatan"])
    assert status_of(kecamatan, OCTOBER) == Completeness(3, 1, 1, 1)
    mawar = next(s for s in states(kecamatan, OCTOBER) if s.name == "Mawar")
    assert (mawar.status_label, mawar.late) == ("Dikembalikan", True)


@pytest.mark.django_db
def test_the_completeness_page_of_the_kecamatan(
    world: Any, reports: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(world.users["kecamatan"])
    url = reverse("monthly:completeness") + f"?wilayah={world.desa_a.parent_id}&bulan=2026-10"
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["total"] == Completeness(3, 2, 1, 1)
    rows = [(name, counts) for name, _url, counts in response.context["rows"]]
    assert rows == [
        (world.desa_a.display_name, Completeness(2, 1, 1, 1)),
        (world.desa_a2.display_name, Completeness(1, 1, 0, 0)),
    ]
    assert [s.name for s, _url in response.context["late_or_missing"]] == ["Kenanga", "Mawar"]
    page = response.content.decode()
    assert "2 / 3" in page and "33,3 %" in page
    # The kelurahan: its posyandu one by one.
    response = client.get(reverse("monthly:completeness") + f"?wilayah={world.desa_a.code}&bulan=2026-10")
    assert response.context["posyandu_rows"] is True
    assert [s.name for s, _url in response.context["states"]] == ["Kenanga", "Melati"]
    assert response.context["total"] == Completeness(2, 1, 1, 1)


@pytest.mark.django_db
def test_report_pages_say_whether_the_month_is_final(world: Any, reports: dict[str, Any]) -> None:
    client = client_for(world.users["kecamatan"])
    skdn = reverse("reports:skdn") + f"?wilayah={world.desa_a.parent_id}&bulan=2026-10"
    page = client.get(skdn).content.decode()
    assert "Sementara" in page and "1 dari 3 laporan posyandu terverifikasi" in page
    # Kader Melati's own view: her posyandu's October is verified, so final.
    page = client_for(world.users["kader_a"]).get(reverse("reports:skdn") + "?bulan=2026-10").content.decode()
    assert "Final (terverifikasi)" in page and "Sementara" not in page
    # Everyone expected verified: final for the kecamatan too.
    admin, bidan = world.users["admin"], world.users["bidan_a"]
    actions.verify_report(bidan, reports["mawar"])
    actions.submit_report(admin, reports["kenanga"], OCTOBER, inputs=PosyanduInputs())
    actions.verify_report(admin, reports["kenanga"].monthly_reports.get())
    page = client.get(skdn).content.decode()
    assert "Final (terverifikasi)" in page and "Sementara" not in page
    home = client.get(reverse("home") + f"?wilayah={world.desa_a.parent_id}").content.decode()
    assert 'data-testid="finality"' in home
