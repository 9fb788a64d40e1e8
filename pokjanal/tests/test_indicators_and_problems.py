"""Facts of a posyandu from its data (pokjanal.indicators), the problems found from them and kept up to
date, problems recorded by hand, and supervision visits whose checklist findings become problems."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from conftest import TODAY
from pokjanal import actions
from pokjanal.indicators import Period, facts_for, year_inputs
from pokjanal.models import Problem
from pokjanal.tests.conftest import login
from posyandu import actions as posyandu_actions
from posyandu.models import EquipmentItem
from reports import actions as report_actions

ESSENTIAL = (
    "Kit antropometri",
    "Timbangan bayi",
    "Timbangan dewasa",
    "Alat ukur panjang badan (length board)",
    "Alat ukur tinggi badan (stadiometer)",
    "Pita LiLA",
)


def test_periods() -> None:
    assert Period.last_12_months(TODAY) == Period(datetime.date(2025, 12, 1), TODAY)
    assert Period.last_12_months(datetime.date(2026, 12, 31)).start == datetime.date(2026, 1, 1)
    assert Period.year(2026, until=TODAY) == Period(datetime.date(2026, 1, 1), TODAY)
    assert Period.year(2025, until=TODAY) == Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.mark.django_db
def test_facts_of_the_world_posyandu(world: Any) -> None:
    a, a2 = world.posyandu_a, world.posyandu_a2
    report_actions.refresh_all_figures()  # the counts are the stored monthly figures, read in one query
    with CaptureQueriesContext(connection) as ctx:
        facts = facts_for([a.pk, a2.pk], Period.last_12_months(TODAY))
    assert len(ctx.captured_queries) <= 16  # a fixed number, whatever the number of posyandu, kept included
    with CaptureQueriesContext(connection) as ctx:
        assert facts_for([a.pk, a2.pk], Period.last_12_months(TODAY)) == facts
    assert len(ctx.captured_queries) == 2  # read back: the kept rows, and the writes since
    fa = facts[a.pk]
    assert fa.active_kader == 1
    assert fa.essential_missing == ESSENTIAL
    assert fa.untrained_groups == ("pengelolaan", "ibu_hamil", "usia_sekolah", "dewasa_lansia")
    # One opening day (10 November) with one kader on duty.
    assert (fa.opening_days, fa.opening_months, fa.mean_kader_on_duty) == (1, 1, 1.0)
    # Budi (18 months) is S in each of the 12 months and was weighed in November only.
    assert fa.ds_mean_pct == pytest.approx(100 / 12)
    assert fa.kia_pct == 0.0  # Dewi is pregnant and had no pregnancy check
    assert fa.kb_pct is None  # no family-planning status recorded
    assert fa.immunisation_pct == 0.0  # Budi (12–23 months) has no basic immunisation recorded
    assert fa.months_3_of_4_services == 0
    assert (fa.stunting_pct, fa.stunting_measured) == (100.0, 1)  # length-for-age about −2.9
    assert fa.repeated_2t == 0
    assert fa.measurement is not None  # the month's figures: one weighing of 9.0 kg, none flagged
    assert (fa.measurement.measured, fa.measurement.flagged, fa.measurement.weight_digits[0]) == (1, 0, 1)
    assert fa.serves_target_groups is True
    fa2 = facts[a2.pk]
    assert (fa2.active_kader, fa2.opening_days, fa2.opening_months, fa2.mean_kader_on_duty) == (0, 0, 0, None)
    assert (fa2.ds_mean_pct, fa2.kia_pct, fa2.stunting_pct, fa2.measurement) == (None, None, None, None)
    assert fa2.serves_target_groups is False


@pytest.mark.django_db
def test_problems_are_found_updated_and_resolved(world: Any) -> None:
    a = world.posyandu_a
    counts = actions.refresh_problems([a.pk, world.posyandu_a2.pk], today=TODAY)
    found = {
        p.kind: (p.category, p.severity, p.evidence)
        for p in Problem.objects.filter(posyandu=a, source="data", status="open")
    }
    assert found == {
        "kader_kurang": ("manusia", "tinggi", {"active_kader": 1, "minimum": 5}),
        "hari_buka_kurang": ("kelembagaan", "tinggi", {"opening_days": 1, "minimum": 8}),
        "ds_rendah": ("lingkungan", "tinggi", {"ds_mean_pct": 8.3, "minimum": 50.0}),
        "alat_esensial": ("kelembagaan", "sedang", {"items": list(ESSENTIAL)}),
        "stunting_tinggi": (
            "lingkungan",
            "tinggi",
            {"stunting_pct": 100.0, "target_pct": 18.8, "measured": 1},
        ),
        "kompetensi_kosong": (
            "manusia",
            "rendah",
            {"groups": ["pengelolaan", "ibu_hamil", "usia_sekolah", "dewasa_lansia"]},
        ),
    }
    a2_kinds = set(Problem.objects.filter(posyandu=world.posyandu_a2).values_list("kind", flat=True))
    assert a2_kinds == {"kader_kurang", "hari_buka_kurang", "alat_esensial", "kompetensi_kosong"}
    assert counts == {"opened": 10, "updated": 0, "resolved": 0}
    # Running again changes nothing.
    assert actions.refresh_problems([a.pk], today=TODAY) == {"opened": 0, "updated": 0, "resolved": 0}
    # The equipment arrives: that problem is closed; one item broken keeps it open with new evidence.
    admin = world.users["admin"]
    lines = [
        posyandu_actions.EquipmentLine(
            item=i, count=1, condition="rusak_berat" if i.name == "Pita LiLA" else "baik"
        )
        for i in EquipmentItem.objects.all()
    ]
    posyandu_actions.set_equipment(admin, a, lines)
    assert actions.refresh_problems([a.pk], today=TODAY) == {"opened": 0, "updated": 1, "resolved": 0}
    assert Problem.objects.get(posyandu=a, kind="alat_esensial", status="open").evidence == {
        "items": ["Pita LiLA"]
    }
    posyandu_actions.set_equipment(
        admin,
        a,
        [
            posyandu_actions.EquipmentLine(item=i, count=1, condition="baik")
            for i in EquipmentItem.objects.all()
        ],
    )
    assert actions.refresh_problems([a.pk], today=TODAY) == {"opened": 0, "updated": 0, "resolved": 1}
    closed = Problem.objects.get(posyandu=a, kind="alat_esensial")
    assert (closed.status, closed.resolved_on) == ("resolved", TODAY)
    assert AuditEvent.objects.filter(
        verb="resolve_problem", object_key=f"pokjanal.problem:{closed.pk}"
    ).exists()
    # Hand-recorded problems are never touched by the detector.
    assert Problem.objects.get(pk=world.pokjanal.problem.pk).status == "handled"
    # Stunting is judged against the target the reports use: the kota's own 14 % once set.
    kota = world.pokjanal.body_kab.region
    report_actions.set_target(
        admin,
        indicator="stunting",
        region=kota,
        year=2026,
        percent=Decimal("14.0"),
        source="RPJMD",
    )
    assert actions.refresh_problems([a.pk], today=TODAY) == {"opened": 0, "updated": 1, "resolved": 0}
    assert Problem.objects.get(posyandu=a, kind="stunting_tinggi", status="open").evidence == {
        "stunting_pct": 100.0,
        "target_pct": 14.0,
        "measured": 1,
    }


@pytest.mark.django_db
def test_a_registry_write_re_detects_after_commit(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a = world.posyandu_a

    def train(topic: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            posyandu_actions.add_training(
                world.users["admin"],
                world.kader_a,
                competency_group="pengelolaan",
                topic=topic,
                date=datetime.date(2026, 3, 2),
            )
        return callbacks

    settings.PROBLEMS_REFRESH_SECONDS = 0  # writes queue nothing
    assert train("Pencatatan SIP") == []
    assert not Problem.objects.filter(posyandu=a, kind="kompetensi_kosong").exists()
    settings.PROBLEMS_REFRESH_SECONDS = 180
    assert len(train("Manajemen posyandu")) == 1
    problem = Problem.objects.get(posyandu=a, kind="kompetensi_kosong", status="open")
    assert problem.evidence == {"groups": ["ibu_hamil", "usia_sekolah", "dewasa_lansia"]}
    assert problem.found_on == TODAY


@pytest.mark.django_db
def test_writes_wait_on_one_queued_refresh_and_a_reveal_queues_none(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A campaign day saves a visit a minute per posyandu: one refresh, deferred a few minutes in the database
    queue, serves them all, and a logged read (the reveal of a NIK) is no write."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from visits.actions import record_visit

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PROBLEMS_REFRESH_SECONDS = 180
    delay_set = datetime.timedelta(minutes=3)
    admin = world.users["admin"]
    child = world.child_a
    with django_capture_on_commit_callbacks(execute=True):
        record_visit(admin, child, TODAY - datetime.timedelta(days=2), {"weight_kg": Decimal("9.0")})
        record_visit(admin, child, TODAY - datetime.timedelta(days=1), {"weight_kg": Decimal("9.2")})
    queued = DBTaskResult.objects.filter(task_path="pokjanal.tasks.refresh_posyandu_problems")
    assert list(queued.values_list("args_kwargs", flat=True)) == [
        {"args": [[world.posyandu_a.pk]], "kwargs": {}}
    ]
    delay = queued.get().run_after - timezone.now()
    assert delay_set - datetime.timedelta(seconds=30) < delay <= delay_set
    queued.update(status="SUCCESSFUL")  # the worker ran it: the next write queues a new one
    client = Client()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(reverse("people:nik", args=[child.pk])).status_code == 200
    assert queued.filter(status="READY").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        record_visit(admin, child, TODAY, {"weight_kg": Decimal("9.3")})
    assert queued.filter(status="READY").count() == 1


@pytest.mark.django_db
def test_officer_records_a_problem_by_hand(world: Any) -> None:
    client = login(world.users["kecamatan"])
    data = {
        "kind": "lainnya",
        "category": "usaha",
        "severity": "sedang",
        "description": "Belum ada dana operasional dari APBDes",
        "found_on": "2026-11-20",
        "client_uuid": str(uuid.uuid4()),
    }
    url = f"/pokjanal/posyandu/{world.posyandu_a2.pk}/masalah/baru/"
    first = client.post(url, data)
    again = client.post(url, data)
    problem = Problem.objects.get(description="Belum ada dana operasional dari APBDes")
    assert first["Location"] == again["Location"] == f"/pokjanal/masalah/{problem.pk}/"
    assert (problem.source, problem.category, problem.posyandu, problem.found_on) == (
        "manual",
        "usaha",
        world.posyandu_a2,
        datetime.date(2026, 11, 20),
    )
    own = f"/pokjanal/posyandu/{world.posyandu_a.pk}/masalah/baru/"  # a kader records needs, not problems
    assert (
        login(world.users["kader_a"]).post(own, data | {"client_uuid": str(uuid.uuid4())}).status_code == 403
    )
    assert Problem.objects.filter(description=data["description"]).count() == 1


@pytest.mark.django_db
def test_supervision_visit_findings_become_problems(world: Any) -> None:
    client = login(world.users["kecamatan"])
    data = {
        "date": "2026-11-18",
        "visitors": "Hj. Rahmawati (PKK), Bidan Sari",
        "notes": "Kader bersemangat",
        "q_jadwal_rutin": "ya",
        "q_ukur_benar": "tidak",
        "q_dana_operasional": "tidak",
        "client_uuid": str(uuid.uuid4()),
    }
    response = client.post(f"/pokjanal/posyandu/{world.posyandu_a.pk}/kunjungan/baru/", data)
    visit = world.posyandu_a.supervision_visits.get(date=datetime.date(2026, 11, 18))
    assert response["Location"] == f"/pokjanal/kunjungan/{visit.pk}/"
    assert visit.answers == {"jadwal_rutin": "ya", "ukur_benar": "tidak", "dana_operasional": "tidak"}
    assert visit.body == world.pokjanal.body_kec  # the officer's own body
    found = sorted(visit.problems.values_list("category", "severity", "description"))
    assert found == [
        ("manusia", "tinggi", "Tidak terpenuhi: Kader menimbang dan mengukur dengan cara yang benar"),
        ("usaha", "sedang", "Tidak terpenuhi: Ada dana operasional (APBDes, swadaya atau mitra)"),
    ]
    page = client.get(f"/pokjanal/kunjungan/{visit.pk}/").content.decode()
    assert "Kader menimbang dan mengukur dengan cara yang benar" in page


@pytest.mark.django_db
def test_problem_list_is_scoped_filtered_and_query_count_is_fixed(world: Any) -> None:
    actions.refresh_problems([world.posyandu_a.pk, world.posyandu_a2.pk, world.posyandu_b.pk], today=TODAY)
    client = login(world.users["kecamatan"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pokjanal/masalah/")
    listed = response.context["page"].paginator.count
    assert (
        listed == Problem.objects.filter(posyandu__desa__parent=world.desa_a.parent).open().count() == 12
    )  # 10 from data, 1 by hand, 1 from the visit
    assert len(ctx.captured_queries) <= 12
    other = login(world.users["other_kabupaten"]).get("/pokjanal/masalah/").context["page"].paginator.count
    assert other == Problem.objects.filter(posyandu=world.posyandu_b).count() == 4
    manusia = client.get("/pokjanal/masalah/?kategori=manusia&status=semua").context["page"].object_list
    assert {p.kind for p in manusia} == {"kader_kurang", "kompetensi_kosong"}


@pytest.mark.django_db
def test_refresh_command(world: Any) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from pokjanal.models import StoredFacts

    today = timezone.localdate()
    out = StringIO()
    call_command("refresh_problems", "--region", "64.74.01", stdout=out)
    kept = f"facts of {today.year} kept"
    assert out.getvalue().strip() == f"2 posyandu: 10 opened, 0 updated, 0 resolved; {kept}"
    call_command("refresh_problems", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == f"3 posyandu: 4 opened, 0 updated, 0 resolved; {kept}"
    # The strata summary's facts of the running year are kept for every posyandu: no page computes them.
    year = StoredFacts.objects.filter(start=datetime.date(today.year, 1, 1), end=today)
    assert year.count() == 3


@pytest.mark.django_db
def test_thresholds_come_from_settings_with_their_own_version(world: Any, settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from reports.rulesets import problem_thresholds, strata_thresholds

    settings.POKJANAL_PROBLEM_RULES = {"version": "masalah-bontang-2026", "min_active_kader": 1}
    actions.refresh_problems([world.posyandu_a.pk], today=TODAY)
    found = Problem.objects.filter(posyandu=world.posyandu_a, source="data")
    assert "kader_kurang" not in set(found.values_list("kind", flat=True))  # one kader is enough here
    assert set(found.values_list("rule_version", flat=True)) == {"masalah-bontang-2026"}
    settings.POKJANAL_STRATA_RULES = {"min_opening_days": 6}
    with pytest.raises(ImproperlyConfigured, match="need their own 'version'"):
        strata_thresholds()
    settings.POKJANAL_STRATA_RULES = {"version": "x", "min_days": 6}
    with pytest.raises(ImproperlyConfigured, match="unknown thresholds"):
        strata_thresholds()
    settings.POKJANAL_PROBLEM_RULES = None
    assert problem_thresholds().version == "masalah-2026"


@pytest.mark.django_db
def test_opening_days_follow_the_work(world: Any) -> None:
    """Issue 10: weighings entered without pressing "Buka hari" (imported, a campaign) are posyandu days; a
    home visit is not. Kader on duty are known only for the day that names them."""
    from rules.strata import classify
    from visits import actions as visit_actions

    admin, a = world.users["admin"], world.posyandu_a
    for month in range(3, 11):  # March–October 2026: Budi weighed on the 10th, October in the campaign
        visit_actions.record_visit(
            admin,
            world.child_a,
            datetime.date(2026, month, 10),
            {"weight_kg": Decimal("8.0") + Decimal(month) / 10},
            place="campaign" if month == 10 else "posyandu",
        )
    visit_actions.record_visit(
        admin, world.child_a, datetime.date(2026, 11, 20), {"weight_kg": Decimal("9.1")}, place="home"
    )
    facts = facts_for([a.pk], Period.last_12_months(TODAY))[a.pk]
    # Eight days from the weighings and 10 November (the opening day with kader_a on duty).
    assert (facts.opening_days, facts.opening_months, facts.mean_kader_on_duty) == (9, 9, 1.0)
    actions.refresh_problems([a.pk], today=TODAY)
    kinds = set(
        Problem.objects.filter(posyandu=a, source="data", status="open").values_list("kind", flat=True)
    )
    assert "hari_buka_kurang" not in kinds
    strata = classify(year_inputs(facts, additional_programmes=1, dana_sehat_pct=60.0)).strata
    # Open often enough; the one day that names its kader had one on duty.
    assert (strata.stratum, strata.held_back_by) == ("pratama", "mean_kader_on_duty")
