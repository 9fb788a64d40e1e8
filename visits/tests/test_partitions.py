"""Visits partitioned by month on PostgreSQL, one table on SQLite, the same code on both (docs/scale.md
"Partitioned history"): the month's figures refresh touches only its month's partition, the command makes
partitions ahead and moves stray rows, and detaches and archives old months by their relations' rules."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from reports import figures
from visits import actions
from visits import partitions as visit_partitions
from visits.models import Immunisation, Service, Visit
from web import partitions

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 1)
POSTGRES = connection.vendor == "postgresql"


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("visit_partitions", *args, stdout=out)
    return out.getvalue()


def test_no_relation_to_a_visit_has_a_database_constraint() -> None:
    """A partitioned table's key is (id, month): a constraint on id alone cannot point at it."""
    relations = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Visit
    ]
    assert len(relations) >= 4  # services, immunisations, referrals, SATUSEHAT submissions
    assert [r for r in relations if _field(r).db_constraint] == []


def _field(label: str) -> Any:
    app_model, name = label.rsplit(".", 1)
    return apps.get_model(app_model)._meta.get_field(name)


def _month_refresh_queries(world: Any) -> list[str]:
    """The SQL on visits that the monthly figures refresh of posyandu_a for November runs."""
    with CaptureQueriesContext(connection) as captured:
        figures.compute_monthly({world.posyandu_a.pk: world.posyandu_a.desa_id}, [NOVEMBER])
    return [q["sql"] for q in captured.captured_queries if Visit._meta.db_table in q["sql"]]


def _relations(plan: Any) -> set[str]:
    if isinstance(plan, dict):
        found = {plan["Relation Name"]} if "Relation Name" in plan else set()
        return found.union(*(_relations(value) for value in plan.values()))
    if isinstance(plan, list):
        return set().union(*(_relations(item) for item in plan))
    return set()


def test_the_month_refresh_reads_only_its_month(world: Any) -> None:
    # Visits in the months around: none of them may be read for November.
    actions.record_visit(
        world.users["admin"], world.child_a, datetime.date(2026, 10, 20), {"weight_kg": Decimal("9.1")}
    )
    queries = _month_refresh_queries(world)
    assert len(queries) >= 5  # SKDN, three z-scores, data quality, rule versions, days opened, KB, KIA
    if POSTGRES:
        command()  # November's partition made, its rows moved out of the DEFAULT one
        assert Visit.objects.filter(month=NOVEMBER).exists()
        for sql in queries:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            touched = {name for name in _relations(plan) if name.startswith(Visit._meta.db_table)}
            assert touched == {"visits_visit_p2026_11"}, sql
    else:
        # One plain table, no partitions, and every query finds the month through an index.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'visits_visit%'"
            )
            assert [name for (name,) in cursor.fetchall()] == ["visits_visit"]
            for sql in queries:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                steps = [row[-1] for row in cursor.fetchall()]
                reads = [s for s in steps if "visits_visit" in s]
                assert reads, (sql, steps)
                assert all(" USING " in s for s in reads), (sql, steps)  # no full scan of the visits
                assert any("month" in s or "posyandu" in s for s in reads), (sql, steps)


def test_saving_correcting_and_deleting_visits(world: Any) -> None:
    """The partitioned table keeps its ids, its unique rules and the on_delete of every relation."""
    admin = world.users["admin"]
    visit = actions.record_visit(
        admin, world.mother_a, datetime.date(2026, 9, 8), {"weight_kg": Decimal("58.0")}, services=["iron"]
    )
    again = actions.record_visit(
        admin, world.mother_a, datetime.date(2026, 10, 8), {"weight_kg": Decimal("58.2")}
    )
    assert again.pk > visit.pk and Visit.objects.get(pk=visit.pk).month == datetime.date(2026, 9, 1)
    with pytest.raises(actions.VisitAlreadyRecorded):
        actions.record_visit(admin, world.mother_a, datetime.date(2026, 9, 8), {"weight_kg": Decimal("58.0")})
    actions.correct_visit(admin, visit, {"weight_kg": Decimal("58.5")})
    assert Visit.objects.get(pk=visit.pk).weight_kg == Decimal("58.5")

    dose = Immunisation.objects.create(person=world.mother_a, vaccine="TT1", date=visit.date, visit=visit)
    visit.delete()  # what a merge or an admin does: Django's collector, not the database, applies on_delete
    assert not Service.objects.filter(visit_id=visit.pk).exists()
    dose.refresh_from_db()
    assert dose.visit_id is None
    with pytest.raises(ProtectedError):  # a referral keeps its visit
        world.visit_a.delete()
    assert Visit.objects.filter(pk=world.visit_a.pk).exists()


def test_partitions_made_ahead_and_stray_rows_moved(world: Any) -> None:
    table = Visit._meta.db_table
    before = {m: Visit.objects.filter(month=m).count() for m in Visit.objects.values_list("month", flat=True)}
    if not POSTGRES:
        assert command() == "Visits are one table here (SQLite, or not partitioned): nothing to do.\n"
        assert {m: Visit.objects.filter(month=m).count() for m in before} == before
        assert not visit_partitions.active()
        return
    command()
    made = {p.month for p in partitions.partitions(connection, table)}
    assert {
        NOVEMBER,
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
        datetime.date(2027, 2, 1),
    } <= made
    assert set(before) <= made
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {partitions.default_name(table)}")
        assert cursor.fetchone()[0] == 0
        for month, count in before.items():
            cursor.execute(f"SELECT count(*) FROM {partitions.partition_name(table, month)}")
            assert cursor.fetchone()[0] == count
    assert command() == "every partition needed was there\n"
    # A row of a month without a partition lands in the DEFAULT one and is moved by the next run.
    old = actions.record_visit(
        world.users["admin"], world.mother_a, datetime.date(2024, 3, 5), {"weight_kg": Decimal("57.0")}
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [old.pk])
        assert cursor.fetchone()[0] == partitions.default_name(table)
    assert "partition 2024-03 made, 1 rows moved into it" in command()
    assert Visit.objects.get(pk=old.pk).weight_kg == Decimal("57.0")


def test_old_months_detached_and_archived(world: Any, tmp_path: Path) -> None:
    admin = world.users["admin"]
    kept = actions.record_visit(
        admin, world.mother_a, datetime.date(2019, 1, 9), {"weight_kg": Decimal("55.0")}
    )
    old = actions.record_visit(
        admin, world.mother_a, datetime.date(2018, 12, 3), {"weight_kg": Decimal("54.0")}, services=["iron"]
    )
    dose = Immunisation.objects.create(person=world.mother_a, vaccine="TT2", date=old.date, visit=old)
    if not POSTGRES:  # one table: nothing is detached, archived or forgotten
        assert "nothing to do" in command("--detach-before", "2019-01", "--archive-to", str(tmp_path))
        assert Visit.objects.filter(pk=old.pk).exists() and Service.objects.filter(visit_id=old.pk).exists()
        assert list(tmp_path.iterdir()) == []
        return
    command()  # December 2018 and January 2019 get their partitions
    # Without an archive the detached table may come back, so no row may refer to its visits.
    with pytest.raises(CommandError, match=r"nothing detached: 2018-12: 1 visits\.Service still refer"):
        command("--detach-before", "2019-01")
    assert Visit.objects.filter(pk=old.pk).exists()

    out = command("--detach-before", "2019-01", "--archive-to", str(tmp_path))

    assert "partition 2018-12 detached and archived" in out
    assert not Visit.objects.filter(pk=old.pk).exists() and Visit.objects.filter(pk=kept.pk).exists()
    assert not Service.objects.filter(visit_id=old.pk).exists()
    dose.refresh_from_db()
    assert dose.visit_id is None
    assert {p.month for p in partitions.partitions(connection, Visit._meta.db_table)} >= {
        datetime.date(2019, 1, 1)
    }
    with gzip.open(tmp_path / "visits_visit_p2018_12.csv.gz", "rt") as archived:
        rows = list(csv.DictReader(archived))
    assert [(int(r["id"]), r["weight_kg"], r["month"]) for r in rows] == [(old.pk, "54.00", "2018-12-01")]
    with gzip.open(tmp_path / "visits_service-of-visits_visit_p2018_12.csv.gz", "rt") as archived:
        assert [(r["visit_id"], r["kind"]) for r in csv.DictReader(archived)] == [(str(old.pk), "iron")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('visits_visit_p2018_12')")
        assert cursor.fetchone()[0] is None  # dropped once archived


def test_the_last_two_years_stay(world: Any, tmp_path: Path) -> None:
    if POSTGRES:
        command()
        with pytest.raises(CommandError, match="nothing detached: the months since 2024-11 are kept"):
            command("--detach-before", "2024-12", "--archive-to", str(tmp_path))
    else:
        command("--detach-before", "2024-12", "--archive-to", str(tmp_path))
    assert Visit.objects.filter(pk=world.visit_a.pk).exists()
    assert list(tmp_path.iterdir()) == []


def test_a_referral_keeps_its_month(world: Any, tmp_path: Path) -> None:
    old = actions.record_visit(
        world.users["admin"],
        world.mother_a,
        datetime.date(2018, 6, 4),
        {"weight_kg": Decimal("56.0"), "systolic_mmhg": 182, "diastolic_mmhg": 112},
    )
    assert old.referral  # hypertension: on the referral list
    if POSTGRES:
        command()
        with pytest.raises(CommandError, match=r"nothing detached: 2018-06: 1 visits\.Referral still refer"):
            command("--detach-before", "2018-07", "--archive-to", str(tmp_path))
    else:
        command("--detach-before", "2018-07", "--archive-to", str(tmp_path))
    assert Visit.objects.filter(pk=old.pk).exists()
    assert list(tmp_path.iterdir()) == []
