"""Keeping each posyandu's facts of a period (`pokjanal.models.StoredFacts`), so that an area's pages read
them instead of scanning a year of visits again (`pokjanal.indicators.facts_for` reads through it).

A row is good while no write was audited for its posyandu after the audit event it was computed at: every
write of a visit, a person, a referral, a kader, a training, equipment or the registry is audited with its
posyandu, the same signal that marks the monthly figures stale (`reports.figures.stale_posyandu`). A running
period ends today, so its rows are computed again the next day; a row of the same start with an earlier end
is replaced when a later one is kept."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import asdict
from typing import Any

from django.db.models import F, Func, JSONField, Max

from audit.models import AuditEvent
from pokjanal.models import StoredFacts
from rules.problems import PosyanduFacts
from rules.quality import Moments, Quality


def last_event_id() -> int:
    """The audit event facts computed now are good up to (read before computing them)."""
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


class _Without(Func):
    """A JSON object without some of its keys, removed by the database (so they are neither sent nor read)."""

    output_field = JSONField()

    def __init__(self, field: str, keys: tuple[str, ...]) -> None:
        super().__init__(F(field))
        self.keys = keys

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - %s::text[])", [*params, list(self.keys)]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        paths = ", ".join(["%s"] * len(self.keys))
        return f"json_remove({sql}, {paths})", [*params, *(f"$.{key}" for key in self.keys)]


def load(
    posyandu_ids: Collection[int], start: datetime.date, end: datetime.date, *, without: tuple[str, ...] = ()
) -> dict[int, PosyanduFacts]:
    """The kept facts of the period that no later write has made stale; the fields named in `without` (such
    as "measurement", the largest) are left at their default."""
    facts: Any = _Without("facts", without) if without else F("facts")
    rows = list(
        StoredFacts.objects.filter(posyandu_id__in=list(posyandu_ids), start=start, end=end).values_list(
            "posyandu_id", "event_id", facts
        )
    )
    if not rows:
        return {}
    since = min(event_id for _pid, event_id, _facts in rows)
    written = dict(
        AuditEvent.objects.writes()
        .filter(posyandu_id__in=[pid for pid, _e, _f in rows], id__gt=since)
        .values("posyandu_id")
        .annotate(last=Max("id"))
        .values_list("posyandu_id", "last")
    )
    return {pid: from_json(facts) for pid, event_id, facts in rows if written.get(pid, 0) <= event_id}


def save(facts: Mapping[int, PosyanduFacts], start: datetime.date, end: datetime.date, event_id: int) -> None:
    if not facts:
        return
    ids = list(facts)
    StoredFacts.objects.filter(posyandu_id__in=ids, start=start, end__lt=end).delete()
    StoredFacts.objects.bulk_create(
        [
            StoredFacts(posyandu_id=pid, start=start, end=end, event_id=event_id, facts=to_json(f))
            for pid, f in facts.items()
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["posyandu", "start", "end"],
        update_fields=["event_id", "facts"],
    )


def to_json(facts: PosyanduFacts) -> dict[str, Any]:
    return asdict(facts)


def from_json(data: dict[str, Any]) -> PosyanduFacts:
    values = dict(data)
    values["essential_missing"] = tuple(values["essential_missing"])
    values["untrained_groups"] = tuple(values["untrained_groups"])
    measurement = values.get("measurement")
    if measurement is not None:
        values["measurement"] = Quality(
            measured=measurement["measured"],
            flagged=measurement["flagged"],
            weighed=measurement["weighed"],
            missing_length=measurement["missing_length"],
            weight_digits=tuple(measurement["weight_digits"]),
            length_digits=tuple(measurement["length_digits"]),
            haz=Moments(**measurement["haz"]),
            whz=Moments(**measurement["whz"]),
        )
    return PosyanduFacts(**values)
