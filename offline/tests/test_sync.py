"""The sync endpoint: records made offline, sent as the phone sends them (JSON, session, CSRF header), applied
through the online forms and actions one item at a time, answered item by item; sent again, nothing new."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from campaigns.actions import create_campaign
from campaigns.coverage import coverage
from conftest import TODAY
from monthly import actions as monthly
from monthly.actions import PosyanduInputs
from people import actions as people
from people.models import Person, PersonStatus
from regions.models import Region
from tests.test_url_access import database_fingerprint
from visits import actions as visits
from visits.models import OpeningDay, Place, Referral, Visit

pytestmark = pytest.mark.django_db

URL = "/offline/sinkron/"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, items: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post(URL, json.dumps({"items": items}), content_type="application/json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)  # type: ignore[no-any-return]  # a JSON object


def item(kind: str, **data: Any) -> dict[str, Any]:
    return {"client_uuid": str(uuid.uuid4()), "kind": kind, "data": data}


def today_day(world: Any) -> OpeningDay:
    return visits.open_day(world.users["admin"], world.posyandu_a, TODAY, [world.kader_a])


def test_the_url_is_the_one_the_phone_calls() -> None:
    assert reverse("offline:sync") == URL


def test_a_walk_in_without_a_household_and_her_visit_in_one_batch_and_sent_again(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    day = item("open_day", posyandu=world.posyandu_a.pk, date="2026-11-25", kader=[world.kader_a.pk])
    walk_in = item(
        "register_person",
        name="Rahma Wati",
        sex="P",
        birth_date="2026-01-20",  # 10 months
        posyandu=world.posyandu_a.pk,
        household=None,
        has_kia_book=False,
    )
    visit = item(
        "record_visit",
        person=walk_in["client_uuid"],
        opening_day=day["client_uuid"],
        date="2026-11-25",
        weight_kg="8,1",  # typed with a decimal comma, as on the page
        length_height_cm=70.5,
        position="l",
        oedema=False,
    )
    batch = [day, walk_in, visit]
    answers = send(client, batch)
    assert (answers["saved"], answers["refused"]) == (3, 0)
    opened, registered, recorded = answers["items"]
    assert [a["client_uuid"] for a in answers["items"]] == [i["client_uuid"] for i in batch]
    stored_day = OpeningDay.objects.get(posyandu=world.posyandu_a, date=TODAY)
    rahma = Person.objects.get(name="Rahma Wati")
    stored = Visit.objects.get(person=rahma)
    assert (opened["status"], opened["id"], opened["result"]["joined"]) == ("saved", stored_day.pk, False)
    assert opened["result"]["kader_on_duty"] == [world.kader_a.pk]
    assert (registered["id"], registered["result"]["household"], registered["result"]["posyandu"]) == (
        rahma.pk,
        None,
        world.posyandu_a.pk,
    )
    assert (rahma.household_id, rahma.desa_id) == (None, world.desa_a.code)
    assert (stored.opening_day_id, stored.weight_kg, stored.length_height_cm) == (
        stored_day.pk,
        Decimal("8.10"),
        Decimal("70.5"),
    )
    result = recorded["result"]
    assert (recorded["status"], recorded["id"], recorded["errors"]) == ("saved", stored.pk, {})
    assert result["z"] == {
        "waz": stored.waz,
        "haz": stored.haz,
        "whz": stored.whz,
        "baz": stored.baz,
        "hcz": None,
        "acz": None,
    }
    assert result["weight_gain"] == "B" and result["is_2t"] is False and result["is_bgm"] is False
    assert result["life_stage"] == "bayi" and result["rule_version"] == stored.rule_version
    assert [f["code"] for f in result["findings"]] == [f["code"] for f in stored.findings]
    assert set(result["categories"]) == {"wfa", "lhfa", "wflh", "bfa"}
    # Each item is audited with the phone's UUID.
    assert set(
        AuditEvent.objects.filter(client_uuid__isnull=False).values_list("client_uuid", flat=True)
    ) >= {uuid.UUID(i["client_uuid"]) for i in batch}

    before = database_fingerprint()
    events = AuditEvent.objects.count()
    assert send(client, batch) == answers  # the same answers, nothing stored twice
    assert database_fingerprint() == before and AuditEvent.objects.count() == events


def test_a_merged_person_is_refused_with_the_kept_record_and_the_rest_is_saved(world: Any) -> None:
    admin = world.users["admin"]
    copy = people.register_person(
        admin, name="Budi Santosa", sex="L", birth_date=world.child_a.birth_date, household=world.household_a
    )
    day = today_day(world)
    # The phone registered the copy's visit before the bidan merged the two records.
    people.merge_people(admin, world.child_a, copy)
    visits_before = Visit.objects.count()
    merged = item("record_visit", person=copy.pk, opening_day=day.pk, date="2026-11-25", weight_kg="9.4")
    mother = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", weight_kg="61"
    )
    refused, saved = send(client_for(world.users["kader_a"]), [merged, mother])["items"]
    assert refused["status"] == "refused" and refused["id"] is None
    assert refused["conflict"] == {"kind": "merged", "kept_id": world.child_a.pk}
    assert refused["errors"] == {
        "person": [
            f"Data warga ini sudah digabungkan ke data Budi Santoso (ID {world.child_a.pk}). Pindahkan "
            "kunjungan ke data itu."
        ]
    }
    assert refused["message"] == refused["errors"]["person"][0]
    assert saved["status"] == "saved" and Visit.objects.get(pk=saved["id"]).person == world.mother_a
    assert Visit.objects.count() == visits_before + 1
    assert not AuditEvent.objects.filter(client_uuid=merged["client_uuid"]).exists()


def test_a_weight_typed_76_for_a_baby_is_refused_with_the_forms_message_and_nothing_written(
    world: Any,
) -> None:
    day = today_day(world)
    typo = item(
        "record_visit",
        person=world.child_a.pk,
        opening_day=day.pk,
        date="2026-11-25",
        weight_kg=76,
    )
    client = client_for(world.users["kader_a"])
    before = database_fingerprint()
    [answer] = send(client, [typo])["items"]
    assert answer["status"] == "refused"
    [message] = answer["errors"]["weight_kg"]
    assert message.startswith("Berat badan 76 kg tidak mungkin untuk anak umur 18 bulan")
    assert message.endswith("Maksud Anda 7,6 kg? Periksa kembali.")
    assert database_fingerprint() == before


def test_a_bad_date_and_a_value_out_of_range_are_refused_on_their_fields(world: Any) -> None:
    day = today_day(world)
    client = client_for(world.users["kader_a"])
    bad_date = item(
        "record_visit", person=world.child_a.pk, opening_day=day.pk, date="25-13-2026", weight_kg="9.4"
    )
    no_date = item("open_day", posyandu=world.posyandu_a.pk, date="kemarin")
    out_of_range = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", systolic_mmhg=400
    )
    before = database_fingerprint()
    first, second, third = send(client, [bad_date, no_date, out_of_range])["items"]
    assert first["errors"] == {"date": ["Masukkan tanggal yang valid."]}
    assert second["errors"] == {"date": ["Masukkan tanggal yang valid."]}
    assert list(third["errors"]) == ["systolic_mmhg"]
    assert "di luar rentang yang masuk akal" in third["errors"]["systolic_mmhg"][0]
    assert [a["status"] for a in (first, second, third)] == ["refused"] * 3
    assert database_fingerprint() == before


def test_a_visit_already_recorded_that_day_is_refused_with_the_stored_one(world: Any) -> None:
    again = item(
        "record_visit",
        person=world.child_a.pk,
        opening_day=world.day_a.pk,
        date="2026-11-10",
        weight_kg="9.1",
    )
    [answer] = send(client_for(world.users["kader_a"]), [again])["items"]
    assert answer["status"] == "refused"
    assert answer["conflict"] == {"kind": "visit_exists", "visit_id": world.visit_a.pk}
    assert answer["result"]["id"] == world.visit_a.pk and answer["result"]["weight_gain"] == "B"
    assert answer["message"].startswith("Kunjungan Budi Santoso pada 10-11-2026 sudah tercatat")
    assert Visit.objects.filter(person=world.child_a).count() == 1


def test_a_dead_or_moved_person_and_a_locked_month_are_refused(world: Any) -> None:
    admin = world.users["admin"]
    day = today_day(world)
    people.set_person_status(admin, world.mother_a, PersonStatus.DIED, datetime.date(2026, 11, 20))
    dead = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", weight_kg="60"
    )
    monthly.submit_report(
        world.users["kader_a"], world.posyandu_a, datetime.date(2026, 11, 1), inputs=PosyanduInputs()
    )
    locked = item(
        "record_visit", person=world.child_a.pk, opening_day=day.pk, date="2026-11-25", weight_kg="9.4"
    )
    first, second = send(client_for(world.users["kader_a"]), [dead, locked])["items"]
    assert first["conflict"] == {"kind": "died"}
    assert first["errors"] == {
        "person": ["Dewi Lestari tercatat meninggal (20-11-2026); kunjungan tidak disimpan."]
    }
    assert second["conflict"] == {"kind": "locked"}
    assert second["errors"] == {"date": ["Laporan bulan ini sudah dikirim; minta bidan membuka kembali."]}


def test_a_likely_duplicate_is_refused_until_the_kader_confirms_a_new_person(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    data = {"name": "Budi Santosa", "sex": "L", "birth_date": world.child_a.birth_date.isoformat()}
    data["posyandu"] = world.posyandu_a.pk
    first = item("register_person", **data)
    [refused] = send(client, [first])["items"]
    assert refused["status"] == "refused"
    assert refused["conflict"]["kind"] == "duplicates"
    assert [p["id"] for p in refused["conflict"]["people"]] == [world.child_a.pk]
    # Nothing was stored under the UUID: the corrected item goes with the same one.
    first["data"]["confirm_new"] = True
    [saved] = send(client, [first])["items"]
    assert saved["status"] == "saved" and Person.objects.filter(name="Budi Santosa").count() == 1


def test_a_baby_may_name_the_mother_registered_in_the_same_batch(world: Any) -> None:
    mother = item(
        "register_person", name="Nur Aini", sex="P", birth_date="1999-03-03", posyandu=world.posyandu_a.pk
    )
    baby = item(
        "register_person",
        name="Bayi Ny. Nur",
        sex="L",
        birth_date="2026-11-20",
        posyandu=world.posyandu_a.pk,
        mother=mother["client_uuid"],
    )
    answers = send(client_for(world.users["kader_a"]), [mother, baby])["items"]
    assert [a["status"] for a in answers] == ["saved", "saved"]
    assert Person.objects.get(pk=answers[1]["id"]).mother_id == answers[0]["id"]


def test_a_refused_registration_refuses_the_visit_that_names_it(world: Any) -> None:
    day = today_day(world)
    nobody = item(
        "register_person", name="Tanpa Tanggal", sex="P", birth_date="", posyandu=world.posyandu_a.pk
    )
    visit = item(
        "record_visit", person=nobody["client_uuid"], opening_day=day.pk, date="2026-11-25", weight_kg="9"
    )
    first, second = send(client_for(world.users["kader_a"]), [nobody, visit])["items"]
    assert first["status"] == "refused" and list(first["errors"]) == ["birth_date"]
    assert second["conflict"] == {
        "kind": "not_saved",
        "field": "person",
        "client_uuid": nobody["client_uuid"],
    }
    assert second["errors"] == {
        "person": ["Pendaftaran warga ini belum tersimpan di server; perbaiki pendaftarannya dulu."]
    }


def test_a_day_another_kader_opened_meanwhile_is_joined(world: Any) -> None:
    day = visits.open_day(world.users["admin"], world.posyandu_a, TODAY, [], "Bidan Sari")
    opened = item("open_day", posyandu=world.posyandu_a.pk, date="2026-11-25", kader=[world.kader_a.pk])
    visit = item(
        "record_visit",
        person=world.mother_a.pk,
        opening_day=opened["client_uuid"],
        date="2026-11-25",
        weight_kg="60",
    )
    client = client_for(world.users["kader_a"])
    answers = send(client, [opened, visit])
    joined, recorded = answers["items"]
    assert (joined["status"], joined["id"], joined["result"]["joined"]) == ("saved", day.pk, True)
    assert joined["result"]["kader_on_duty"] == [world.kader_a.pk]
    assert joined["result"]["health_workers"] == "Bidan Sari"
    assert Visit.objects.get(pk=recorded["id"]).opening_day == day
    assert OpeningDay.objects.filter(posyandu=world.posyandu_a, date=TODAY).count() == 1
    assert send(client, [opened, visit]) == answers


def test_the_same_uuid_with_other_data_is_refused(world: Any) -> None:
    day = today_day(world)
    client = client_for(world.users["kader_a"])
    visit = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", weight_kg="60"
    )
    assert send(client, [visit])["items"][0]["status"] == "saved"
    visit["data"]["weight_kg"] = "66"
    [answer] = send(client, [visit])["items"]
    assert answer["status"] == "refused" and answer["conflict"] == {"kind": "resubmitted"}
    assert Visit.objects.get(person=world.mother_a, date=TODAY).weight_kg == Decimal("60.00")


def test_a_value_the_visitors_form_has_no_field_for_is_refused(world: Any) -> None:
    day = today_day(world)
    blood_pressure = item(
        "record_visit",
        person=world.child_a.pk,
        opening_day=day.pk,
        date="2026-11-25",
        weight_kg="9.4",
        systolic_mmhg=120,
    )
    [answer] = send(client_for(world.users["kader_a"]), [blood_pressure])["items"]
    assert answer["errors"] == {"__all__": ["Isian systolic_mmhg tidak dipakai untuk pengunjung ini (anak)."]}


def test_a_campaign_visit_counts_in_the_campaigns_coverage(world: Any) -> None:
    admin = world.users["admin"]
    campaign = create_campaign(
        admin,
        name="Bulan Penimbangan November",
        kind="bulan_penimbangan",
        region=Region.objects.get(code="64.74"),
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
        target_groups=["balita"],
    )
    day = today_day(world)
    weighed = item(
        "record_visit",
        person=world.child_a.pk,
        opening_day=day.pk,
        date="2026-11-25",
        campaign=campaign.pk,
        weight_kg="9.3",
        length_height_cm="74.6",
        position="l",
    )
    adult = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", campaign=campaign.pk
    )
    saved, refused = send(client_for(world.users["kader_a"]), [weighed, adult])["items"]
    visit = Visit.objects.get(pk=saved["id"])
    assert (visit.campaign, visit.place, saved["result"]["campaign"]) == (
        campaign,
        Place.CAMPAIGN,
        campaign.pk,
    )
    assert refused["errors"] == {
        "campaign": ["Umur 378 bulan: bukan sasaran kegiatan ini (Balita 0–59 bulan)."]
    }
    _rows, total = coverage(world.users["kabupaten"], campaign, world.desa_a, today=TODAY)
    assert total.measured == 1


def test_another_posyandus_day_is_refused_as_not_found(world: Any) -> None:
    other_day = visits.open_day(world.users["admin"], world.posyandu_b, TODAY, [])
    elsewhere = item(
        "record_visit", person=world.child_a.pk, opening_day=other_day.pk, date="2026-11-25", weight_kg="9"
    )
    open_there = item("open_day", posyandu=world.posyandu_b.pk, date="2026-11-25")
    client = client_for(world.users["kader_a"])
    before = database_fingerprint()
    first, second = send(client, [elsewhere, open_there])["items"]
    assert first["conflict"] == {"kind": "not_found", "field": "opening_day"}
    assert list(second["errors"]) == ["posyandu"] and second["status"] == "refused"
    assert database_fingerprint() == before


def test_a_read_only_user_gets_403_and_nothing_changes(world: Any) -> None:
    viewer = client_for(world.users["kabupaten_viewer"])
    before = database_fingerprint()
    visit = item("record_visit", person=world.child_a.pk, opening_day=world.day_a.pk, date="2026-11-10")
    response = viewer.post(URL, json.dumps({"items": [visit]}), content_type="application/json")
    assert response.status_code == 403
    assert database_fingerprint() == before


def test_a_batch_too_large_or_unreadable_is_refused_whole(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    items = [item("open_day", posyandu=world.posyandu_a.pk, date="2026-11-25") for _ in range(101)]
    response = client.post(URL, json.dumps({"items": items}), content_type="application/json")
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "message": "Paling banyak 100 catatan sekali kirim; kirim sisanya sesudahnya."
    }
    assert client.post(URL, "{items", content_type="application/json").status_code == 400
    assert not OpeningDay.objects.filter(date=TODAY).exists()


def test_an_unreadable_item_is_refused_alone(world: Any) -> None:
    day = today_day(world)
    good = item(
        "record_visit", person=world.mother_a.pk, opening_day=day.pk, date="2026-11-25", weight_kg="60"
    )
    answers = send(
        client_for(world.users["kader_a"]),
        [{"kind": "record_visit"}, {"client_uuid": str(uuid.uuid4()), "kind": "x", "data": {}}, good],
    )
    assert [a["status"] for a in answers["items"]] == ["refused", "refused", "saved"]
    assert answers["items"][0]["errors"] == {"client_uuid": ["Kode catatan (client_uuid) tidak valid."]}
    assert answers["items"][1]["message"] == "Jenis catatan tidak dikenal: x"


def test_csrf_is_checked_as_for_the_forms(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["kader_a"])
    body = json.dumps({"items": []})
    assert client.post(URL, body, content_type="application/json").status_code == 403
    client.get("/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(URL, body, content_type="application/json", headers={"x-csrftoken": token})
    assert response.status_code == 200 and json.loads(response.content) == {
        "items": [],
        "saved": 0,
        "refused": 0,
    }


def test_an_ended_session_is_a_401_not_a_redirect(world: Any) -> None:
    response = Client().post(URL, json.dumps({"items": []}), content_type="application/json")
    assert response.status_code == 401


def test_a_referral_found_offline_is_on_the_list(world: Any) -> None:
    day = today_day(world)
    # 18 months and 72 cm lying: stunted, on the referral list.
    short = item(
        "record_visit",
        person=world.child_a.pk,
        opening_day=day.pk,
        date="2026-11-25",
        weight_kg="8.6",
        length_height_cm="72.0",
        position="l",
    )
    [answer] = send(client_for(world.users["kader_a"]), [short])["items"]
    referral = Referral.objects.get(visit_id=answer["id"])
    assert answer["result"]["refer"] is True
    assert answer["result"]["referral"] == {
        "id": referral.pk,
        "reasons": referral.reasons,
        "urgency": referral.urgency,
    }


@pytest.mark.django_db(transaction=True)
def test_a_batch_refreshes_its_posyandus_problems_once(
    world: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each item commits on its own, and each commit asks for the posyandu's problems to be found again: the
    batch queues that once, after its last item (tests run tasks at once, like a worker that is idle)."""
    from pokjanal import actions as pokjanal

    settings.PROBLEMS_REFRESH_SECONDS = 180  # queued after each write (at once: tests run tasks at once)
    day = today_day(world)
    refreshed: list[list[int]] = []
    refresh = pokjanal.refresh_problems

    def counted(ids: list[int]) -> dict[str, int]:
        refreshed.append(ids)
        return refresh(ids)

    monkeypatch.setattr(pokjanal, "refresh_problems", counted)
    batch = [
        item("record_visit", person=person.pk, opening_day=day.pk, date="2026-11-25", weight_kg=weight)
        for person, weight in ((world.child_a, "9.4"), (world.mother_a, "61"), (world.child_a, "9.5"))
    ]
    answers = send(client_for(world.users["kader_a"]), batch)
    assert [a["status"] for a in answers["items"]] == ["saved", "saved", "refused"]  # one visit a day
    assert refreshed == [[world.posyandu_a.pk]]
