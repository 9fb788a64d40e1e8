"""The visits' monthly partitions on PostgreSQL (`web.partitions`; docs/scale.md "Partitioned history"): made
ahead of time, and old ones detached and archived, by `manage.py visit_partitions`, which the task worker's
unit runs at every start and the daily upkeep runs every night. On SQLite visits stay one table and nothing
here does anything.

Detaching a month takes its visits out of the application as deleting them would, so the rows referring to
them (no database constraint guards them: `Visit`'s docstring) follow each relation's `on_delete` rule: when
archiving, a CASCADE relation's rows are archived beside the visits and deleted (services, SATUSEHAT
submissions), a SET_NULL one forgets the visit (an immunisation stays in the person's record), and a PROTECT
one (a referral) refuses the month, as it refuses deleting the visit. Without archiving, the detached table
may be attached again, so any referring row refuses the month.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models, transaction

from rules.months import add_months, month_start
from visits.models import Visit
from web import partitions

TABLE = Visit._meta.db_table
AHEAD_MONTHS = 3  # partitions made ahead: a quarter of missed runs before rows fall into the DEFAULT one
# Months kept attached at least: the reports, the Tim Pembina's facts and the trends read the last 12 months
# and the year before them, and a weighing's N/T/O needs the month before.
KEEP_MONTHS = 24
# Making a partition locks the visits for a moment: wait at most this long for the posyandu day's writes,
# rather than hold them in a queue behind the lock; a run that gives up is repeated by the next one.
LOCK_TIMEOUT = "5s"


class Refused(Exception):
    """A month whose visits other rows still need."""


@dataclass
class Detached:
    months: list[datetime.date] = field(default_factory=list)
    archives: list[Path] = field(default_factory=list)
    forgotten: dict[str, int] = field(default_factory=dict)  # SET_NULL relation → rows that forgot a visit


def active() -> bool:
    """Whether the visits are partitioned (PostgreSQL, migrated)."""
    return partitions.is_partitioned(connection, TABLE)


def make_ahead(today: datetime.date, ahead: int = AHEAD_MONTHS) -> dict[datetime.date, int]:
    """Partitions for this month and the `ahead` next ones, and for every month with rows in the DEFAULT
    partition (moved into it). {month created: rows moved}."""
    months = [add_months(month_start(today), n) for n in range(ahead + 1)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        return partitions.make_months(connection, TABLE, months)


def make_for(months: Iterable[datetime.date]) -> None:
    """The partitions of `months`, made before a bulk load writes visits of months long past (the demo, the
    benchmark data), so that its rows go straight to their partitions instead of the DEFAULT one."""
    if active():
        with transaction.atomic():
            partitions.make_months(connection, TABLE, sorted({month_start(m) for m in months}))


def _relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Every relation pointing at `model`, those without a reverse name ("+") included."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, models.ForeignObjectRel) and field.field.concrete
    ]


def _referring(rel: models.ForeignObjectRel, partition: str) -> tuple[str, str]:
    """(table, condition) of the rows of `rel`'s model that refer to a visit of `partition`."""
    q = connection.ops.quote_name
    table = q(rel.field.model._meta.db_table)
    return table, f"{q(rel.field.column)} IN (SELECT {q(Visit._meta.pk.column)} FROM {q(partition)})"


def earliest_kept(today: datetime.date) -> datetime.date:
    return add_months(month_start(today), -KEEP_MONTHS)


def detach_before(month: datetime.date, today: datetime.date, *, archive_to: Path | None = None) -> Detached:
    """Detach the partitions of the months before `month`; with `archive_to`, write each (and the rows a
    CASCADE relation deletes with it) as a gzip CSV file there and drop it. One transaction: a refused month
    detaches nothing. A month of the last `KEEP_MONTHS` is refused."""
    if month > earliest_kept(today):
        raise Refused(f"the months since {earliest_kept(today):%Y-%m} are kept (the reports read them)")
    q = connection.ops.quote_name
    done = Detached()
    with transaction.atomic(), connection.cursor() as cursor:
        for partition in partitions.detach_before(connection, TABLE, month):
            done.months.append(partition.month)
            for rel in _relations(Visit):
                table, referring = _referring(rel, partition.name)
                cursor.execute(f"SELECT count(*) FROM {table} WHERE {referring}")
                (count,) = cursor.fetchone()
                if not count:
                    continue
                name = rel.field.model._meta.label
                if archive_to is None or rel.on_delete not in (models.CASCADE, models.SET_NULL):
                    raise Refused(f"{partition.month:%Y-%m}: {count} {name} still refer to its visits")
                if rel.on_delete is models.SET_NULL:
                    cursor.execute(f"UPDATE {table} SET {q(rel.field.column)} = NULL WHERE {referring}")
                    done.forgotten[name] = done.forgotten.get(name, 0) + cursor.rowcount
                    continue
                if _relations(rel.field.model):
                    raise Refused(f"{partition.month:%Y-%m}: {name} has rows of its own referring to it")
                path = archive_to / f"{rel.field.model._meta.db_table}-of-{partition.name}.csv.gz"
                partitions.copy_to_file(connection, f"SELECT * FROM {table} WHERE {referring}", path)
                cursor.execute(f"DELETE FROM {table} WHERE {referring}")
                done.archives.append(path)
            if archive_to is not None:
                done.archives.append(partitions.archive(connection, partition.name, archive_to))
    return done
