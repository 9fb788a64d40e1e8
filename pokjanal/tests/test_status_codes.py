"""Stored status codes are English, as every other app stores them (issue 13); the labels stay Indonesian.
Migration 0004 rewrites the stored rows, and back when it is reversed."""

from __future__ import annotations

import datetime

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pokjanal.models import ActionStatus, AssessmentStatus, NeedStatus, ProblemStatus, RakorStatus

BEFORE = ("pokjanal", "0003_order_problems_and_needs_by_rank")
AFTER = ("pokjanal", "0004_statuses_in_english")

ACTION = [("direncanakan", "planned"), ("berjalan", "running"), ("selesai", "done"), ("batal", "cancelled")]
# model → [(code before, code after)]: the same Indonesian word was a different status in different models.
CODES = {
    "problem": [("terbuka", "open"), ("ditangani", "handled"), ("selesai", "resolved")],
    "rakor": [("direncanakan", "planned"), ("terlaksana", "held"), ("batal", "cancelled")],
    "action": ACTION,
    "actionupdate": ACTION,
    "need": [
        ("diajukan", "requested"),
        ("ditangani", "assigned"),
        ("terpenuhi", "met"),
        ("ditolak", "rejected"),
    ],
    "strataassessment": [
        ("draf", "draft"),
        ("diajukan", "proposed"),
        ("diverifikasi", "verified"),
        ("disetujui", "approved"),
    ],
}


def test_every_status_is_stored_in_english() -> None:
    stored = {
        "problem": ProblemStatus.values,
        "rakor": RakorStatus.values,
        "action": ActionStatus.values,
        "need": NeedStatus.values,
        "strataassessment": AssessmentStatus.values,
    }
    assert stored == {
        model: [after for _before, after in codes]
        for model, codes in CODES.items()
        if model != "actionupdate"
    }
    assert [str(label) for label in ProblemStatus.labels] == ["Terbuka", "Sedang ditangani", "Selesai"]


def _migrate(target: tuple[str, str]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def _rows(apps: Apps) -> None:
    """One row of every status of every model, stored with the codes of migration 0003."""
    region = apps.get_model("regions", "Region").objects.create(
        code="99.01.01.2001", name="Desa Uji", level=4, kind="desa"
    )
    posyandu = apps.get_model("posyandu", "Posyandu").objects.create(code="P-UJI", name="Uji", desa=region)
    body = apps.get_model("pokjanal", "Body").objects.create(region=region, name="Pokja Desa Uji")
    day = datetime.date(2026, 11, 2)
    for i, (code, _after) in enumerate(CODES["problem"]):
        apps.get_model("pokjanal", "Problem").objects.create(
            posyandu=posyandu,
            kind="lainnya",
            source="manual",
            category="kelembagaan",
            severity="tinggi",
            status=code,
            found_on=day,
            description=str(i),
        )
    for code, _after in CODES["rakor"]:
        apps.get_model("pokjanal", "Rakor").objects.create(
            body=body,
            title=code,
            starts_at=datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC),
            place="Balai",
            status=code,
        )
    for code, _after in CODES["action"]:
        action = apps.get_model("pokjanal", "Action").objects.create(
            body=body,
            region=region,
            origin="rencana",
            description=code,
            category="kelembagaan",
            owner_sector="kesehatan",
            due_date=day,
            status=code,
            created_on=day,
        )
        apps.get_model("pokjanal", "ActionUpdate").objects.create(
            action=action, date=day, status=code, note=code
        )
    for code, _after in CODES["need"]:
        apps.get_model("pokjanal", "Need").objects.create(
            posyandu=posyandu, kind="alat", description=code, priority="tinggi", requested_on=day, status=code
        )
    for year, (code, _after) in enumerate(CODES["strataassessment"], start=2022):
        apps.get_model("pokjanal", "StrataAssessment").objects.create(
            posyandu=posyandu, year=year, status=code
        )


def _stored(apps: Apps) -> dict[str, list[str]]:
    return {
        model: sorted(apps.get_model("pokjanal", model).objects.values_list("status", flat=True))
        for model in CODES
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_rewrites_stored_statuses_both_ways() -> None:
    try:
        _rows(_migrate(BEFORE))
        assert _stored(_migrate(AFTER)) == {m: sorted(after for _b, after in c) for m, c in CODES.items()}
        assert _stored(_migrate(BEFORE)) == {m: sorted(before for before, _a in c) for m, c in CODES.items()}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
