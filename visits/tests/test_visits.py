from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from conftest import TODAY
from people import actions as people
from visits import actions
from visits.models import OpeningDay, Referral, ReferralStatus, Visit

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def child(world: Any, name: str, birth: datetime.date, sex: str = "P") -> Any:
    return people.register_person(
        world.users["admin"],
        name=name,
        sex=sex,
        birth_date=birth,
        household=world.household_a,
        mother=world.mother_a,
    )


def weigh(world: Any, person: Any, on: datetime.date, kg: str, **more: Any) -> Visit:
    return actions.record_visit(world.users["kader_a"], person, on, {"weight_kg": Decimal(kg), **more})


def codes(visit: Visit) -> set[str]:
    return {f["code"] for f in visit.findings}


def test_stunted_child_is_classified_and_referred(world: Any) -> None:
    visit = world.visit_a
    assert visit.haz is not None and visit.haz < -2
    assert "lhfa_stunted" in codes(visit) or "lhfa_severely_stunted" in codes(visit)
    referral = Referral.objects.get(visit=visit)
    assert referral.status == ReferralStatus.OPEN
    assert set(referral.reasons) & {"lhfa_stunted", "lhfa_severely_stunted"}
    assert visit.weight_gain == "B"
    assert visit.rule_version.startswith("ilp-2024.1+")


def test_weight_gain_n_t_and_2t_follow_the_kbm_table(world: Any) -> None:
    born = datetime.date(2025, 11, 10)  # 9 months old in August 2026: KBM 300 g
    girl = child(world, "Sari", born)
    first = weigh(world, girl, datetime.date(2026, 7, 10), "7.40")
    up = weigh(world, girl, datetime.date(2026, 8, 10), "7.70")  # +300 g = KBM → N
    flat = weigh(world, girl, datetime.date(2026, 9, 10), "7.90")  # +200 g < 300 → T
    again = weigh(world, girl, datetime.date(2026, 10, 10), "7.80")  # loss → T, and T last month → 2T
    assert [first.weight_gain, up.weight_gain, flat.weight_gain, again.weight_gain] == ["B", "N", "T", "T"]
    assert (flat.is_2t, again.is_2t) == (False, True)
    assert "gain_2t" in codes(again) and Referral.objects.filter(visit=again).exists()
    same = weigh(world, girl, datetime.date(2026, 11, 10), "7.80")  # 12 months, the same weight: T
    assert [f["detail"] for f in same.findings if f["code"] == "gain_2t"] == ["0 g < KBM 200 g"]


def test_a_missing_month_gives_o(world: Any) -> None:
    girl = child(world, "Rina", datetime.date(2025, 1, 5))
    weigh(world, girl, datetime.date(2026, 6, 10), "9.0")
    later = weigh(world, girl, datetime.date(2026, 8, 10), "9.4")
    assert later.weight_gain == "O"


def test_correcting_an_earlier_weight_recomputes_the_next_month(world: Any) -> None:
    girl = child(world, "Tia", datetime.date(2025, 11, 10))
    july = weigh(world, girl, datetime.date(2026, 7, 10), "7.40")
    august = weigh(world, girl, datetime.date(2026, 8, 10), "7.70")
    assert august.weight_gain == "N"
    actions.correct_visit(world.users["kader_a"], july, {"weight_kg": Decimal("7.60")})
    august.refresh_from_db()
    assert august.weight_gain == "T"  # +100 g < 300 g
    event = AuditEvent.objects.get(verb="correct_visit", object_key=f"visits.visit:{july.pk}")
    assert event.changes["weight_kg"] == ["7.40", "7.60"]


def test_out_of_range_values_are_refused_with_a_message_and_nothing_is_stored(world: Any) -> None:
    before = Visit.objects.count()
    with pytest.raises(ValidationError) as caught:
        weigh(world, world.child_a, TODAY, "180")
    assert "di luar rentang yang masuk akal (0,5–150)" in caught.value.message_dict["weight_kg"][0]
    assert Visit.objects.count() == before


def test_who_implausible_z_is_kept_but_marked_for_remeasurement(world: Any) -> None:
    visit = weigh(world, world.child_a, TODAY, "30.0")  # 18 months, 30 kg: weight-for-age z beyond +5
    assert visit.pk is not None
    assert visit.needs_remeasure and "waz" in visit.flagged
    assert "remeasure" in codes(visit)


def test_bgm_below_minus_three(world: Any) -> None:
    visit = weigh(world, world.child_a, TODAY, "7.0")  # 18 months, 7 kg
    assert visit.waz is not None and visit.waz < -3
    assert visit.is_bgm and "bgm" in codes(visit)


def test_pregnant_woman_kek_and_hypertension(world: Any) -> None:
    visit = actions.record_visit(
        world.users["kader_a"],
        world.mother_a,
        TODAY,
        {"weight_kg": Decimal("52"), "muac_cm": Decimal("22.9"), "systolic_mmhg": 150, "diastolic_mmhg": 95},
    )
    assert visit.pregnancy_id == world.pregnancy_a.pk
    assert {"kek", "hypertension"} <= codes(visit)
    assert set(Referral.objects.get(visit=visit).reasons) == {"kek", "hypertension"}


def test_elderly_skilas_and_adult_bmi(world: Any) -> None:
    grandma = people.register_person(
        world.users["admin"],
        name="Nenek Ijah",
        sex="P",
        birth_date=datetime.date(1950, 3, 1),
        household=world.household_a,
    )
    visit = actions.record_visit(
        world.users["kader_a"],
        grandma,
        TODAY,
        {
            "weight_kg": Decimal("40"),
            "length_height_cm": Decimal("150"),
            "skilas": ["penglihatan"],
            "glucose_mg_dl": 210,
        },
    )
    # BMI 40 / 1.5² = 17.8: "kurus tingkat ringan" (17.0–< 18.5, Permenkes 41/2014).
    assert {"bmi_kurus_ringan", "skilas_penglihatan", "high_glucose"} <= codes(visit)
    assert visit.life_stage == "lansia"


def test_retried_submission_is_stored_once(world: Any) -> None:
    import uuid

    key = uuid.uuid4()
    first = actions.record_visit(
        world.users["kader_a"], world.child_a, TODAY, {"weight_kg": Decimal("9.1")}, client_uuid=key
    )
    again = actions.record_visit(
        world.users["kader_a"], world.child_a, TODAY, {"weight_kg": Decimal("9.1")}, client_uuid=key
    )
    assert first.pk == again.pk
    assert Visit.objects.filter(person=world.child_a, date=TODAY).count() == 1


def test_visit_form_takes_a_decimal_comma_and_shows_the_result(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("visits:visit_create", args=[world.day_a.pk]) + f"?warga={world.mother_a.pk}"
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, {"weight_kg": "55,5", "muac_cm": "24,1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.get(person=world.mother_a, date=world.day_a.date)
    assert (visit.weight_kg, visit.muac_cm) == (Decimal("55.50"), Decimal("24.1"))
    body = client.get(response["Location"]).content.decode()
    assert "LiLA normal" in body


def test_form_refuses_implausible_value_next_to_the_field(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("visits:visit_create", args=[world.day_a.pk]) + f"?warga={world.child_a.pk}"
    response = client.post(url, {"weight_kg": "0,3", "position": "l"})
    assert response.status_code == 200
    assert "Berat badan 0,3 di luar rentang yang masuk akal (0,5–150)" in response.content.decode()


def test_bidan_records_the_follow_up(world: Any) -> None:
    bidan = client_for(world.users["bidan_a"])
    body = bidan.get(reverse("visits:referrals")).content.decode()
    assert "Budi Santoso" in body
    response = bidan.post(
        reverse("visits:referral", args=[world.referral_a.pk]),
        {
            "status": "examined",
            "date": TODAY.isoformat(),
            "facility": "Puskesmas Bontang Utara I",
            "note": "Konseling gizi",
        },
    )
    assert response.status_code == 302
    world.referral_a.refresh_from_db()
    assert (world.referral_a.status, world.referral_a.facility) == ("examined", "Puskesmas Bontang Utara I")


def test_follow_up_lists_group_by_rt(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("visits:followup", args=[world.posyandu_a.pk])
    # Budi was weighed on 10 November: on the October list, not on November's.
    body = client.get(url, {"daftar": "belum_ditimbang", "bulan": "2026-10"}).content.decode()
    assert "Budi Santoso" in body
    assert world.rt_a.label in body  # grouped under his RT
    body = client.get(url, {"daftar": "belum_ditimbang", "bulan": "2026-11"}).content.decode()
    assert "Budi Santoso" not in body
    body = client.get(url, {"daftar": "ibu_hamil", "bulan": "2026-11"}).content.decode()
    assert "Dewi Lestari" in body
    body = client.get(url, {"daftar": "imunisasi", "bulan": "2026-11"}).content.decode()
    # 18 months, nothing recorded: the first dose of each series he may still catch up, not HB-0 or rotavirus.
    assert "Budi Santoso" in body and "DPT-HB-Hib 1 (terlambat)" in body and "HB-0" not in body


def test_nifas_mother_is_offered_red_vitamin_a_and_a_child_the_due_vaccines(world: Any) -> None:
    from people.models import PregnancyOutcome

    born = TODAY - datetime.timedelta(days=20)  # five days before the opening day of world.day_a
    people.record_pregnancy_outcome(
        world.users["admin"],
        world.pregnancy_a,
        PregnancyOutcome.LIVE_BIRTH,
        born,
        child={"name": "Bayi", "sex": "L"},
    )
    client = client_for(world.users["kader_a"])
    url = reverse("visits:visit_create", args=[world.day_a.pk])
    body = client.get(f"{url}?warga={world.mother_a.pk}").content.decode()
    assert 'value="vit_a_red"' in body
    body = client.get(f"{url}?warga={world.child_a.pk}").content.decode()
    assert 'value="mr1"' in body and "terlambat" in body  # 18 months, MR1 due at 9 months: overdue
    assert 'value="hb0"' not in body and 'value="rv1"' not in body  # past their age limits
    assert 'value="dpt2"' not in body  # after DPT-HB-Hib 1
    # Budi was weighed on that day already (world.visit_a): the dose is given on a home visit today.
    home = reverse("visits:home_visit", args=[world.child_a.pk])
    response = client.post(home, {"weight_kg": "9,2", "vaccines": ["mr1"]})
    assert response.status_code == 302
    assert world.child_a.immunisations.get().vaccine == "mr1"


def test_a_late_kader_is_added_to_the_day(world: Any) -> None:
    from posyandu import actions as registry

    late = registry.register_kader(
        world.users["admin"],
        name="Rini Astuti",
        sex="P",
        desa=world.desa_a,
        membership=registry.FirstMembership(
            posyandu=world.posyandu_a,
            start_date=datetime.date(2024, 1, 1),
            board_role="anggota",
            spm_field_id="kesehatan",
        ),
    )
    client = client_for(world.users["kader_a"])
    url = reverse("visits:day_edit", args=[world.day_a.pk])
    response = client.post(
        url, {"kader": [world.kader_a.pk, late.pk], "health_workers": "Bidan Sari, Perawat Joko"}
    )
    assert response.status_code == 302
    world.day_a.refresh_from_db()
    assert set(world.day_a.kader_on_duty.values_list("name", flat=True)) == {"Siti Rahayu", "Rini Astuti"}
    assert (world.day_a.date, world.day_a.health_workers) == (
        TODAY - datetime.timedelta(days=15),
        "Bidan Sari, Perawat Joko",
    )
    event = AuditEvent.objects.get(verb="update_day")
    assert sorted(event.changes["kader_on_duty"][1]) == sorted([str(world.kader_a.pk), str(late.pk)])


def test_a_second_visit_the_same_day_opens_the_one_recorded(world: Any) -> None:
    """One visit per person, day and posyandu: a second kader serving Budi on world.day_a again is sent to the
    visit recorded first, to correct it; nothing is stored."""
    from tests.test_url_access import database_fingerprint

    client = client_for(world.users["kader_a"])
    url = reverse("visits:visit_create", args=[world.day_a.pk]) + f"?warga={world.child_a.pk}"
    before = database_fingerprint()
    response = client.post(url, {"weight_kg": "9,4", "length_height_cm": "74,5", "position": "l"})
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:visit_correct", args=[world.visit_a.pk])
    assert database_fingerprint() == before
    assert list(Visit.objects.filter(person=world.child_a).values_list("pk", "weight_kg")) == [
        (world.visit_a.pk, Decimal("9.0"))
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Kunjungan hari ini sudah dicatat; Anda dapat memperbaikinya di sini." in page


@pytest.mark.parametrize("caught_by", ["validation", "database"])
def test_two_visits_recorded_at_once_end_as_one(world: Any, monkeypatch: Any, caught_by: str) -> None:
    """The race: another kader's visit is stored just before this one. The constraint (in the model's
    validation, or in the database when both submissions passed validation at once) refuses the second visit
    and the action answers with the one recorded first; nothing else is stored."""
    if caught_by == "database":
        monkeypatch.setattr(Visit, "validate_constraints", lambda self, exclude=None: None)
    other_day = actions.open_day(
        world.users["admin"], world.posyandu_a, TODAY - datetime.timedelta(days=1), [world.kader_a], ""
    )
    first = actions.record_visit(
        world.users["admin"],
        world.child_a,
        other_day.date,
        {"weight_kg": Decimal("9.2")},
        opening_day=other_day,
    )
    events = AuditEvent.objects.count()
    with pytest.raises(actions.VisitAlreadyRecorded) as raised:
        actions.record_visit(
            world.users["kader_a"],
            world.child_a,
            other_day.date,
            {"weight_kg": Decimal("9.3")},
            opening_day=other_day,
        )
    assert raised.value.visit == first
    assert list(
        Visit.objects.filter(person=world.child_a, date=other_day.date).values_list("pk", "weight_kg")
    ) == [(first.pk, Decimal("9.2"))]
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("caught_by", ["validation", "database"])
def test_two_kader_opening_the_same_day_at_once_get_the_message(
    world: Any, monkeypatch: Any, caught_by: str
) -> None:
    """The race the load bench met (two kader of a posyandu press "Buka hari ini" together): the other
    kader's day is stored after this one's check and before its write. The constraint refuses the second day
    (in the model's validation, or in the database when both passed validation at once) with the form's
    message instead of a server error; one day is stored."""
    if caught_by == "database":
        monkeypatch.setattr(OpeningDay, "validate_constraints", lambda self, exclude=None: None)
    on = TODAY - datetime.timedelta(days=1)
    actions.open_day(world.users["admin"], world.posyandu_a, on)  # the other kader, a moment earlier
    checks: list[bool] = []
    real_exists = QuerySet.exists

    def checked_before_the_other_wrote(self: QuerySet[Any]) -> bool:
        checks.append(True)
        return False if len(checks) == 1 else real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", checked_before_the_other_wrote)
    with pytest.raises(ValidationError) as raised:
        actions.open_day(world.users["kader_a"], world.posyandu_a, on)
    assert raised.value.message_dict == {"date": ["Hari buka pada tanggal ini sudah dicatat."]}
    assert OpeningDay.objects.filter(posyandu=world.posyandu_a, date=on).count() == 1


def test_changed_screening_cut_offs_need_their_own_version(world: Any, settings: Any) -> None:
    """Before issue 13 `SCREENING_RULES` changed cut-offs under the default version, so a visit judged by
    other numbers was stamped "ilp-2024.1" (docs/architecture.md: an override names its own version)."""
    from django.core.exceptions import ImproperlyConfigured

    settings.SCREENING_RULES = {"hold_gain_kg_per_month": 4.0}
    with pytest.raises(ImproperlyConfigured, match="SCREENING_RULES: changed thresholds need their own"):
        actions.rules()
    settings.SCREENING_RULES = {"version": "ilp-bontang-2026", "hold_gain_kg_per_month": 4.0}
    assert (actions.rules().version, actions.rules().hold_gain_kg_per_month) == ("ilp-bontang-2026", 4.0)
    budi = child(world, "Sari", datetime.date(2025, 6, 1))
    assert weigh(world, budi, TODAY, "9.0").rule_version.startswith("ilp-bontang-2026+")
