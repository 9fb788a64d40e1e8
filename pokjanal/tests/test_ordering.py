"""Severity, priority and status are ranks, not text (issue 10, defect 7): "tinggi" before "sedang" before
"rendah", open before handled before closed, on every list that orders by them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pokjanal import actions
from pokjanal.models import Problem
from pokjanal.tests.conftest import login

pytestmark = pytest.mark.django_db


def problems(world: Any) -> dict[str, Problem]:
    admin, b = world.users["admin"], world.posyandu_b
    made = {}
    for name, severity, day in (
        ("p1", "rendah", 20),
        ("p2", "tinggi", 1),
        ("p3", "sedang", 24),
        ("p4", "tinggi", 10),
        ("p5", "tinggi", 22),
        ("p6", "rendah", 23),
    ):
        made[name] = actions.record_problem(
            admin,
            b,
            kind="lainnya",
            category="usaha",
            severity=severity,
            description=name,
            found_on=datetime.date(2026, 11, day),
        )
    actions.set_problem_status(admin, made["p4"], "handled")
    actions.set_problem_status(admin, made["p5"], "resolved")
    return made


def test_problems_by_severity_then_status(world: Any) -> None:
    problems(world)
    client = login(world.users["other_kabupaten"])
    listed = client.get("/pokjanal/masalah/").context["page"].object_list
    assert [p.description for p in listed] == ["p2", "p4", "p3", "p6", "p1"]
    everything = client.get("/pokjanal/masalah/?status=semua").context["page"].object_list
    assert [p.description for p in everything] == ["p2", "p4", "p3", "p6", "p1", "p5"]
    overview = client.get(f"/pokjanal/posyandu/{world.posyandu_b.pk}/").context["problems"]
    assert [p.description for p in overview] == ["p2", "p4", "p3", "p6", "p1"]
    # The default ordering of the model says the same.
    assert list(Problem.objects.filter(posyandu=world.posyandu_b).values_list("description", flat=True)) == [
        "p2",
        "p4",
        "p3",
        "p6",
        "p1",
        "p5",
    ]


def test_needs_by_priority_then_status(world: Any) -> None:
    admin, b = world.users["admin"], world.posyandu_b
    made = {}
    for name, priority, status in (
        ("n1", "rendah", "requested"),
        ("n2", "tinggi", "assigned"),
        ("n3", "sedang", "requested"),
        ("n4", "tinggi", "requested"),
        ("n5", "tinggi", "met"),
        ("n6", "sedang", "rejected"),
    ):
        made[name] = actions.request_need(admin, b, kind="alat", description=name, priority=priority)
        if status != "requested":
            actions.handle_need(admin, made[name], status=status, assigned_sector="kesehatan")
    client = login(world.users["other_kabupaten"])
    listed = client.get("/pokjanal/kebutuhan/").context["page"].object_list
    assert [n.description for n in listed] == ["n4", "n2", "n3", "n1"]
    everything = client.get("/pokjanal/kebutuhan/?status=semua").context["page"].object_list
    assert [n.description for n in everything] == ["n4", "n2", "n3", "n1", "n5", "n6"]
    overview = client.get(f"/pokjanal/posyandu/{b.pk}/").context["needs"]
    assert [n.description for n in overview] == ["n4", "n2", "n3", "n1", "n5", "n6"]
