"""The health worker's referral list: urgency from the reasons (rules.referral_urgency), segera first and
then the newest, filters by status, urgency, reason and posyandu kept in the pager, and follow-ups as a
timeline."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from conftest import TODAY
from people import actions as people
from posyandu import actions as posyandu_actions
from visits import actions
from visits.models import Referral, ReferralUpdate, ReferralUrgency

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def referrals(world: Any) -> dict[str, Any]:
    """Five referrals in kelurahan A; Budi's (severely stunted, 15 days ago, biasa) is the world's. "Anggrek"
    sorts before "Melati": ordered by posyandu name, its cases came before Melati's urgent ones."""
    admin = world.users["admin"]
    anggrek = posyandu_actions.register_posyandu(
        admin,
        code="PA3",
        name="Anggrek",
        desa=world.desa_a,
        opening_day=12,
        spm_fields=["kesehatan"],
    )
    house = people.register_household(admin, head_name="Hasan", address="Jl. Anggrek 1", posyandu=anggrek)

    def person(name: str, sex: str, born: datetime.date, household: Any) -> Any:
        return people.register_person(admin, name=name, sex=sex, birth_date=born, household=household)

    def visit(who: Any, day: datetime.date, **measurements: Any) -> Referral:
        return actions.record_visit(admin, who, day, measurements, place="home").referral

    wasted = person("Rafi Pratama", "L", days_ago(2 + 400), world.household_a)
    hasan = person("Hasan Basri", "L", datetime.date(1970, 1, 1), house)
    yanti = person("Yanti", "P", datetime.date(1975, 6, 1), house)
    return {
        "anggrek": anggrek,
        # 400 days old, 7.2 kg at 75 cm lying: weight-for-length z −3.5, gizi buruk.
        "wasted": visit(
            wasted, days_ago(2), weight_kg=Decimal("7.2"), length_height_cm=Decimal("75.0"), position="l"
        ),
        # Dewi is 20 weeks pregnant: 150/95 mmHg is suspected pre-eclampsia.
        "pregnant_bp": visit(world.mother_a, days_ago(15), systolic_mmhg=150, diastolic_mmhg=95),
        "glucose": visit(hasan, days_ago(20), glucose_mg_dl=260),
        "bp": visit(yanti, days_ago(1), systolic_mmhg=150, diastolic_mmhg=95),  # not pregnant: biasa
        "stunted": world.referral_a,  # severely stunted
    }


def names(body: str) -> list[str]:
    rows = body.split('data-testid="referral-row"')[1:]
    return [row.split("</a>")[0].rsplit(">", 1)[1] for row in rows]


def test_urgency_is_derived_from_the_reasons_of_the_visit(referrals: dict[str, Any]) -> None:
    urgency = {key: r.urgency for key, r in referrals.items() if key != "anggrek"}
    assert urgency == {
        "wasted": ReferralUrgency.SEGERA,
        "pregnant_bp": ReferralUrgency.SEGERA,
        "glucose": ReferralUrgency.SEGERA,
        "bp": ReferralUrgency.BIASA,
        "stunted": ReferralUrgency.BIASA,
    }
    assert referrals["wasted"].reasons == ["wflh_severely_wasted"]
    assert referrals["pregnant_bp"].reasons == referrals["bp"].reasons == ["hypertension"]


def test_a_correction_that_changes_the_reasons_changes_the_urgency(
    world: Any, referrals: dict[str, Any]
) -> None:
    visit = referrals["glucose"].visit
    actions.correct_visit(world.users["admin"], visit, {"glucose_mg_dl": 210, "systolic_mmhg": 150,
                                                        "diastolic_mmhg": 95})  # fmt: skip
    still = Referral.objects.get(pk=referrals["glucose"].pk)
    assert (still.reasons, still.urgency) == (["hypertension", "high_glucose"], ReferralUrgency.SEGERA)
    actions.correct_visit(world.users["admin"], visit, {"glucose_mg_dl": 120})
    routine = Referral.objects.get(pk=referrals["glucose"].pk)
    assert (routine.reasons, routine.urgency) == (["hypertension"], ReferralUrgency.BIASA)
    event = AuditEvent.objects.filter(verb="update_referral_reasons").latest("pk")
    assert event.changes["urgency"] == [ReferralUrgency.SEGERA, ReferralUrgency.BIASA]


def test_the_list_shows_segera_first_then_the_newest(
    world: Any, referrals: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(world.users["bidan_a"])
    # Session, user, the bidan's desa, the count, the posyandu choices, one page with its joins.
    with django_assert_num_queries(6):
        body = client.get(reverse("visits:referrals")).content.decode()
    assert names(body) == ["Rafi Pratama", "Dewi Lestari", "Hasan Basri", "Yanti", "Budi Santoso"]
    assert body.count(">Segera</span>") == 3 and body.count(">Biasa</span>") == 2
    assert 'data-testid="referral-count">5 rujukan' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"urgensi": "1"}, ["Rafi Pratama", "Dewi Lestari", "Hasan Basri"]),
        ({"urgensi": "2"}, ["Yanti", "Budi Santoso"]),
        ({"alasan": "hypertension"}, ["Dewi Lestari", "Yanti"]),
        ({"alasan": "lhfa_severely_stunted"}, ["Budi Santoso"]),
        ({"alasan": "lhfa_stunted"}, []),  # a code inside another is not matched
        ({"alasan": "wflh_severely_wasted", "urgensi": "2"}, []),
        ({"posyandu": "anggrek"}, ["Hasan Basri", "Yanti"]),
        ({"posyandu": "anggrek", "urgensi": "1"}, ["Hasan Basri"]),
        ({"status": "examined"}, []),
        ({"status": "semua", "urgensi": "2"}, ["Yanti", "Budi Santoso"]),
    ],
)
def test_filters_by_urgency_reason_posyandu_and_status(
    world: Any, referrals: dict[str, Any], query: dict[str, str], expected: list[str]
) -> None:
    if query.get("posyandu") == "anggrek":
        query = {**query, "posyandu": str(referrals["anggrek"].pk)}
    body = client_for(world.users["bidan_a"]).get(reverse("visits:referrals"), query).content.decode()
    assert names(body) == expected


def test_an_invalid_filter_is_reported_and_ignored(world: Any, referrals: dict[str, Any]) -> None:
    response = client_for(world.users["bidan_a"]).get(
        reverse("visits:referrals"), {"urgensi": "9", "alasan": "hypertension"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in body  # Django's Indonesian message next to the field
    assert names(body) == ["Dewi Lestari", "Yanti"]


def test_the_pager_keeps_the_filters(world: Any, referrals: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr("visits.views.REFERRALS_PER_PAGE", 2)
    client = client_for(world.users["bidan_a"])
    body = client.get(reverse("visits:referrals"), {"urgensi": "1", "alasan": ""}).content.decode()
    assert names(body) == ["Rafi Pratama", "Dewi Lestari"]
    assert 'href="?urgensi=1&amp;alasan=&amp;page=2"' in body
    second = client.get(
        reverse("visits:referrals"), {"urgensi": "1", "alasan": "", "page": "2"}
    ).content.decode()
    assert names(second) == ["Hasan Basri"]
    assert 'href="?urgensi=1&amp;alasan=&amp;page=1"' in second


def test_the_bidan_sees_only_her_desa(world: Any, referrals: dict[str, Any]) -> None:
    other = people.register_household(
        world.users["admin"], head_name="Lain", address="Jl. Mawar", posyandu=world.posyandu_a2
    )
    mawar = people.register_person(
        world.users["admin"],
        name="Orang Mawar",
        sex="L",
        birth_date=datetime.date(1970, 1, 1),
        household=other,
    )
    actions.record_visit(world.users["admin"], mawar, days_ago(1), {"glucose_mg_dl": 300}, place="home")
    body = client_for(world.users["bidan_a"]).get(reverse("visits:referrals"), {"urgensi": "1"}).content
    assert "Orang Mawar" not in body.decode()
    assert (
        "Orang Mawar"
        in client_for(world.users["kecamatan"]).get(reverse("visits:referrals")).content.decode()
    )


def test_each_follow_up_adds_to_the_timeline(world: Any) -> None:
    client = client_for(world.users["bidan_a"])
    url = reverse("visits:referral", args=[world.referral_a.pk])
    first = {
        "status": "referred",
        "date": (TODAY - datetime.timedelta(days=10)).isoformat(),
        "facility": "Puskesmas Bontang Utara I",
        "note": "Dirujuk ke puskesmas untuk pemeriksaan.",
        "client_uuid": str(uuid.uuid4()),
    }
    response = client.post(url, first)
    assert response.status_code == 302 and response["Location"] == url
    assert client.post(url, first).status_code == 302  # a retried submission adds nothing
    second = {
        "status": "examined",
        "date": TODAY.isoformat(),
        "facility": "",
        "note": "Diperiksa dokter, konseling gizi.",
        "client_uuid": str(uuid.uuid4()),
    }
    assert client.post(url, second).status_code == 302

    referral = Referral.objects.get(pk=world.referral_a.pk)
    assert (referral.status, referral.facility) == ("examined", "Puskesmas Bontang Utara I")
    timeline = list(
        ReferralUpdate.objects.filter(referral=referral).values_list("status", "date", "note", "by__username")
    )
    assert timeline == [
        ("referred", TODAY - datetime.timedelta(days=10), first["note"], "bidan_a"),
        ("examined", TODAY, second["note"], "bidan_a"),
    ]
    verbs = list(
        AuditEvent.objects.filter(verb__in=["follow_up_referral", "set_referral_status"])
        .order_by("pk")
        .values_list("verb", "changes__status")
    )
    assert verbs == [
        ("follow_up_referral", [None, "referred"]),
        ("set_referral_status", ["open", "referred"]),
        ("follow_up_referral", [None, "examined"]),
        ("set_referral_status", ["referred", "examined"]),
    ]
    body = client.get(url).content.decode()
    assert body.count('data-testid="referral-update"') == 2
    assert body.index(first["note"]) < body.index(second["note"])


def test_a_follow_up_before_the_visit_is_refused_and_changes_nothing(world: Any) -> None:
    client = client_for(world.users["bidan_a"])
    url = reverse("visits:referral", args=[world.referral_a.pk])
    events = AuditEvent.objects.count()
    response = client.post(
        url,
        {
            "status": "examined",
            "date": (world.visit_a.date - datetime.timedelta(days=1)).isoformat(),
            "note": "Terlalu awal",
            "client_uuid": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "Tanggal tindak lanjut tidak boleh sebelum tanggal kunjungan." in response.content.decode()
    future = client.post(
        url, {"status": "examined", "date": (TODAY + datetime.timedelta(days=1)).isoformat(), "note": "x"}
    )
    assert "Tanggal tidak boleh di masa depan." in future.content.decode()
    assert (AuditEvent.objects.count(), ReferralUpdate.objects.count()) == (events, 0)
    assert Referral.objects.get(pk=world.referral_a.pk).status == "open"


def test_a_campaign_import_raises_an_urgent_referral(world: Any) -> None:
    from campaigns import actions as campaigns
    from campaigns.tests.conftest import csv_bytes, row

    sheet = csv_bytes(
        [
            row(posyandu="PA1", name="Rafi Pratama", sex="L", birth_date="10-07-2025", mother_name="Sri",
                date="12-08-2026", weight_kg="7,2", length_height_cm="75,0", position="Berbaring"),
        ]
    )  # fmt: skip
    job = campaigns.upload_sheet(world.users["kabupaten"], world.campaign, name="timbang.csv", content=sheet)
    campaigns.start_import(world.users["kabupaten"], job, mode="valid_rows")
    imported = Referral.objects.get(visit__campaign=world.campaign)
    assert (imported.reasons, imported.urgency) == (["wflh_severely_wasted"], ReferralUrgency.SEGERA)
