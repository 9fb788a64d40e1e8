"""The register a phone prepares for a posyandu day without signal: what it holds (NIKs masked), who may take
it, the audited read it is, and a number of queries that does not grow with the register."""

from __future__ import annotations

import datetime
import gzip
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from campaigns.actions import create_campaign
from conftest import TODAY
from offline.actions import DOWNLOAD_VERB
from people import actions as people
from people.models import PersonStatus, PregnancyOutcome
from regions.models import Region
from rules import immunisation
from visits import actions as visits
from visits.models import CheckStatus

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(posyandu: Any) -> str:
    return reverse("offline:register", args=[posyandu.pk])


def prepared(world: Any, user: str = "kader_a") -> dict[str, Any]:
    response = client_for(world.users[user]).get(url(world.posyandu_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)  # type: ignore[no-any-return]  # a JSON object


def by_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in document["people"]}


def test_the_register_holds_what_the_day_needs(world: Any) -> None:
    document = prepared(world)
    assert document["format"] == 1
    assert document["date"] == "2026-11-25"
    assert document["rule_version"] == world.visit_a.rule_version
    assert document["posyandu"] == {
        "id": world.posyandu_a.pk,
        "code": "PA1",
        "name": "Melati",
        "desa": {"code": world.desa_a.code, "name": world.desa_a.display_name},
    }
    assert document["opening_day"] is None  # the world's day was 15 days ago
    assert document["kader"] == [{"id": world.kader_a.pk, "name": "Siti Rahayu"}]
    assert document["campaigns"] == []  # the world's operasi timbang ended in August
    assert document["households"] == [
        {
            "id": world.household_a.pk,
            "head": "Ahmad Fauzi",
            "unit": "RW 01 / RT 03",
            "address": "Jl. Melati 3",
        }
    ]
    assert [p["name"] for p in document["people"]] == ["Budi Santoso", "Dewi Lestari"]
    budi, dewi = by_name(document)["Budi Santoso"], by_name(document)["Dewi Lestari"]
    assert dewi == {
        "id": world.mother_a.pk,
        "name": "Dewi Lestari",
        "sex": "P",
        "birth_date": "1995-05-15",
        "household": world.household_a.pk,
        "mother": None,
        "nik": "6474********0001",
        "has_kia_book": False,
        "pregnancy": {
            "id": world.pregnancy_a.pk,
            "lmp_date": (TODAY - datetime.timedelta(weeks=20)).isoformat(),
            "due_date": world.pregnancy_a.due_date.isoformat(),
        },
        "nifas_until": None,
        "weighings": None,  # not a child under five
        "weighed_earlier": None,
        "immunisations": None,
        "doses_open": None,
        "referrals": [],
    }
    assert budi["mother"] == world.mother_a.pk and budi["nik"] is None and budi["has_kia_book"] is True
    assert budi["weighings"] == [{"date": "2026-11-10", "weight_kg": 9.0, "status": "B"}]
    assert budi["weighed_earlier"] is False
    assert budi["immunisations"] == []
    [referral] = budi["referrals"]
    assert referral["id"] == world.referral_a.pk and referral["date"] == "2026-11-10"
    assert referral["status"] == "open" and referral["urgency"] == world.referral_a.urgency
    assert referral["reasons"] == [{"code": "lhfa_severely_stunted", "label": "Sangat pendek"}]
    assert world.referral_a.reasons == ["lhfa_severely_stunted"]
    assert len(document["version"]) == 16 and document["generated_at"].startswith("2026-")


def test_a_full_nik_never_leaves_the_server(world: Any) -> None:
    content = client_for(world.users["kader_a"]).get(url(world.posyandu_a)).content.decode()
    assert "6474015505950001" not in content and "6474********0001" in content
    assert "6474010101200001" not in content  # nor the household's No. KK


def test_the_day_opened_today_and_the_campaigns_of_the_area_are_named(world: Any) -> None:
    admin = world.users["admin"]
    day = visits.open_day(admin, world.posyandu_a, TODAY, [world.kader_a], "Bidan Sari")
    campaign = create_campaign(
        admin,
        name="Bulan Penimbangan November",
        kind="bulan_penimbangan",
        region=Region.objects.get(code="64.74"),
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
        target_groups=["baduta"],
    )
    document = prepared(world)
    assert document["opening_day"] == {
        "id": day.pk,
        "date": "2026-11-25",
        "kader_on_duty": [world.kader_a.pk],
        "health_workers": "Bidan Sari",
    }
    assert document["campaigns"] == [
        {
            "id": campaign.pk,
            "name": "Bulan Penimbangan November",
            "start_date": "2026-11-01",
            "end_date": "2026-11-30",
            "max_age_months": 24,
        }
    ]


def test_weighings_of_three_months_held_ones_left_out_and_earlier_ones_as_a_flag(world: Any) -> None:
    admin = world.users["admin"]
    girl = people.register_person(
        admin, name="Sari", sex="P", birth_date=datetime.date(2025, 11, 10), household=world.household_a
    )
    for day, kg in [("2026-07-10", "7.40"), ("2026-09-10", "7.70"), ("2026-10-10", "7.90")]:
        visits.record_visit(
            admin, girl, datetime.date.fromisoformat(day), {"weight_kg": Decimal(kg)}, place="home"
        )
    # 4 kg in a month: held as "perlu dicek ulang", no base for N/T/O/B.
    held = visits.record_visit(
        admin, girl, datetime.date(2026, 11, 12), {"weight_kg": Decimal("11.9")}, place="home"
    )
    assert held.check_status == CheckStatus.HELD
    visits.record_immunisation(admin, girl, "hb0", datetime.date(2025, 11, 10))
    sari = by_name(prepared(world))["Sari"]
    assert sari["weighings"] == [
        {"date": "2026-10-10", "weight_kg": 7.9, "status": "T"},
        {"date": "2026-09-10", "weight_kg": 7.7, "status": "O"},
    ]
    assert sari["weighed_earlier"] is True  # July, before the three months sent
    assert sari["immunisations"] == [{"vaccine": "hb0", "date": "2025-11-10"}]
    # The doses the visit form offers on the document's date, which the phone offers the same way.
    birth = datetime.date.fromisoformat(sari["birth_date"])
    on = datetime.date.fromisoformat(prepared(world)["date"])
    given = {"hb0": datetime.date(2025, 11, 10)}
    due = [s.dose.code for s in immunisation.statuses(birth, given, on) if s.is_open]
    assert sari["doses_open"] == due and due and "hb0" not in due


def test_a_woman_after_delivery_is_in_nifas_and_the_baby_is_listed(world: Any) -> None:
    admin = world.users["admin"]
    delivered = TODAY - datetime.timedelta(days=10)
    people.record_pregnancy_outcome(
        admin,
        world.pregnancy_a,
        PregnancyOutcome.LIVE_BIRTH,
        delivered,
        child={"name": "Bayi Ny. Dewi", "sex": "L", "has_kia_book": True},
    )
    document = by_name(prepared(world))
    assert document["Dewi Lestari"]["pregnancy"] is None
    assert document["Dewi Lestari"]["nifas_until"] == (delivered + datetime.timedelta(days=42)).isoformat()
    baby = document["Bayi Ny. Dewi"]
    assert (baby["mother"], baby["weighings"], baby["weighed_earlier"]) == (world.mother_a.pk, [], False)


def test_merged_moved_and_dead_people_are_not_in_the_register(world: Any) -> None:
    admin = world.users["admin"]
    copy = people.register_person(
        admin, name="Budi Santosa", sex="L", birth_date=world.child_a.birth_date, household=world.household_a
    )
    gone = people.register_person(
        admin, name="Pak Harun", sex="L", birth_date=datetime.date(1950, 1, 1), posyandu=world.posyandu_a
    )
    people.merge_people(admin, world.child_a, copy)
    people.set_person_status(admin, gone, PersonStatus.DIED, datetime.date(2026, 11, 1))
    assert [p["name"] for p in prepared(world)["people"]] == ["Budi Santoso", "Dewi Lestari"]


def test_the_download_is_an_audited_read_naming_the_posyandu_and_the_count(world: Any) -> None:
    prepared(world, "bidan_a")
    event = AuditEvent.objects.get(verb=DOWNLOAD_VERB)
    assert event.is_read and event.actor == world.users["bidan_a"]
    assert (event.object_key, event.posyandu_id) == (
        f"posyandu.posyandu:{world.posyandu_a.pk}",
        world.posyandu_a.pk,
    )
    assert event.changes == {"people": [None, 2]}
    assert not AuditEvent.objects.writes().filter(verb=DOWNLOAD_VERB).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("kader_b", 404), ("other_kabupaten", 404), ("kabupaten_viewer", 403)]
)
def test_outside_the_scope_is_404_and_read_only_is_403(world: Any, persona: str, status: int) -> None:
    response = client_for(world.users[persona]).get(url(world.posyandu_a))
    assert response.status_code == status
    assert not AuditEvent.objects.filter(verb=DOWNLOAD_VERB).exists()


def test_an_ended_session_is_a_401_in_json(world: Any) -> None:
    response = Client().get(url(world.posyandu_a))
    assert response.status_code == 401
    assert json.loads(response.content)["message"].startswith("Sesi Anda sudah berakhir")


def test_the_register_is_sent_compressed(world: Any) -> None:
    response = client_for(world.users["kader_a"]).get(
        url(world.posyandu_a), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["posyandu"]["id"] == world.posyandu_a.pk


def test_the_number_of_queries_does_not_grow_with_the_register(
    world: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(world.users["kader_a"])
    # session, user, posyandu, people, opening day, kader, campaigns, households, pregnancies, weighings,
    # immunisations, referrals, the audit event
    with django_assert_num_queries(13):
        client.get(url(world.posyandu_a))
    admin = world.users["admin"]
    for i in range(6):
        kid = people.register_person(
            admin,
            name=f"Anak {i}",
            sex="L",
            birth_date=datetime.date(2024, 1, 1 + i),
            household=world.household_a,
            mother=world.mother_a,
        )
        visits.record_visit(
            admin, kid, datetime.date(2026, 10, 10), {"weight_kg": Decimal("11.5")}, place="home"
        )
        visits.record_immunisation(admin, kid, "hb0", datetime.date(2024, 1, 1 + i))
    with django_assert_num_queries(13):
        response = client.get(url(world.posyandu_a))
    assert len(json.loads(response.content)["people"]) == 8
