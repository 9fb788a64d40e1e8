"""Monthly range partitions of a PostgreSQL table (declarative partitioning), for tables that grow with every
measurement: the report refresh of a month reads only that month's partition, and old months can be detached
and archived without deleting rows one by one (docs/scale.md "Partitioned history").

A table is partitioned on a date column holding the first day of a month (the "key"): one partition per month,
`<table>_pYYYY_MM`, holding `[month, next month)`, and a DEFAULT partition, `<table>_default`, that catches a
row whose month has no partition yet (an import of an old sheet), so an insert never fails for want of one;
`make_months` later moves such rows into their month's own partition.

The SQL is generic: `partition_table` copies the columns with `LIKE`, and reads the table's constraints and
indexes from the catalog to recreate them on the partitioned table, so a migration that calls it does not
depend on the columns of the day. PostgreSQL requires every primary key and unique index of a partitioned
table to contain the key: the primary key becomes (id, key), a unique constraint without the key is refused
(add the key to it first; a key derived from a column already in it keeps the constraint's meaning), and no
foreign key may point at the table (declare the incoming ones `db_constraint=False`). PostgreSQL 15 allows
no identity column on a partitioned table, so the id takes its values from a sequence owned by the column,
which `pg_get_serial_sequence` (and so Django's `sqlsequencereset` and test flushes) still finds.

Everything here is PostgreSQL only; on SQLite the table stays one table and the callers do nothing.
"""

from __future__ import annotations

import datetime
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.months import add_months, month_start

PARTITION_NAME = re.compile(r"_p(\d{4})_(\d{2})$")


@dataclass(frozen=True)
class Partition:
    name: str
    month: datetime.date  # the first day of the month it holds


def partition_name(table: str, month: datetime.date) -> str:
    return f"{table}_p{month:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def _q(connection: Any, name: str) -> str:
    return str(connection.ops.quote_name(name))


def is_partitioned(connection: Any, table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def partitions(connection: Any, table: str) -> list[Partition]:
    """The monthly partitions attached to `table`, oldest first (the DEFAULT partition is not listed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [table],
        )
        names = [name for (name,) in cursor.fetchall()]
    found = []
    for name in names:
        match = PARTITION_NAME.search(name)
        if match and name == partition_name(table, datetime.date(int(match[1]), int(match[2]), 1)):
            found.append(Partition(name, datetime.date(int(match[1]), int(match[2]), 1)))
    return sorted(found, key=lambda p: p.month)


def _columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _constraints(cursor: Any, table: str) -> list[tuple[str, str, str]]:
    """(name, type, definition) of the table's own constraints but NOT NULL, primary key first."""
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'c', 'f', 'x') AND coninhcount = 0 "
        "ORDER BY contype <> 'p', conname",
        [table],
    )
    return list(cursor.fetchall())


def _plain_indexes(cursor: Any, table: str) -> list[str]:
    """`CREATE INDEX` statements of the indexes that back no constraint (unique partial indexes included)."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = to_regclass(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
        "ORDER BY i.indexrelid",
        [table],
    )
    return [definition for (definition,) in cursor.fetchall()]


def _primary_key_columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _referencing(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
        "WHERE confrelid = to_regclass(%s) AND contype = 'f' AND conrelid <> confrelid",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _move_sequence(connection: Any, cursor: Any, old: str, new: str, column: str) -> None:
    """Give `new.column` the values of `old.column`'s identity or serial sequence, continuing from there."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [old, column])
    (sequence,) = cursor.fetchone()
    cursor.execute(
        "SELECT attidentity FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = %s",
        [old, column],
    )
    (identity,) = cursor.fetchone()
    if sequence is None:
        return
    if not identity:  # a serial column: the default was copied, the sequence only changes owner
        cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY {_q(connection, new)}.{_q(connection, column)}")
        return
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    cursor.execute(f"ALTER TABLE {_q(connection, old)} ALTER COLUMN {_q(connection, column)} DROP IDENTITY")
    name = _q(connection, f"{new}_{column}_seq")
    cursor.execute(
        f"CREATE SEQUENCE {name} AS bigint OWNED BY {_q(connection, new)}.{_q(connection, column)}"
    )
    cursor.execute("SELECT setval(%s, %s, %s)", [f"{new}_{column}_seq", last_value, is_called])
    cursor.execute(
        f"ALTER TABLE {_q(connection, new)} ALTER COLUMN {_q(connection, column)} "
        f"SET DEFAULT nextval('{new}_{column}_seq'::regclass)"
    )


def _rebuild(connection: Any, table: str, *, partition_key: str | None, months: list[datetime.date]) -> None:
    """Replace `table` by a copy with the same columns, rows, sequence, constraints and indexes: partitioned
    by month on `partition_key` (with a partition for each of `months` and a DEFAULT one), or, with no key,
    one plain table again."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        referencing = _referencing(cursor, table)
        if referencing:
            raise RuntimeError(
                f"{table} cannot be partitioned while foreign keys point at it: {', '.join(referencing)} "
                "(declare them db_constraint=False)"
            )
        columns = _columns(cursor, table)
        constraints = _constraints(cursor, table)
        indexes = _plain_indexes(cursor, table)
        primary_key = _primary_key_columns(cursor, table)
        old_key = None if partition_key else _partition_key(cursor, table)
        old = f"{table}_before_partitioning" if partition_key else f"{table}_partitioned"
        cursor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
        partitioning = f" PARTITION BY RANGE ({q(partition_key)})" if partition_key else ""
        cursor.execute(f"CREATE TABLE {q(table)} (LIKE {q(old)} INCLUDING DEFAULTS){partitioning}")
        if len(primary_key) >= 1:
            _move_sequence(connection, cursor, old, table, primary_key[0])
        if partition_key:
            for month in months:
                _create_partition(connection, cursor, table, month)
            cursor.execute(f"CREATE TABLE {q(default_name(table))} PARTITION OF {q(table)} DEFAULT")
        listed = ", ".join(q(c) for c in columns)
        cursor.execute(f"INSERT INTO {q(table)} ({listed}) SELECT {listed} FROM {q(old)}")
        cursor.execute(f"DROP TABLE {q(old)}")  # with its partitions, when it was the partitioned one
        for name, kind, definition in constraints:
            if kind == "p":
                if partition_key:  # PostgreSQL: the primary key of a partitioned table contains its key
                    key = [*primary_key, partition_key] if partition_key not in primary_key else primary_key
                else:  # the key partitioning added
                    key = [c for c in primary_key if c != old_key]
                definition = f"PRIMARY KEY ({', '.join(q(c) for c in key)})"
            elif kind in "ux" and partition_key and not re.search(rf"\b{partition_key}\b", definition):
                raise RuntimeError(f"{table}: the unique constraint {name} must include {partition_key}")
            cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
        for definition in indexes:  # a partitioned table's index is defined "ON ONLY" it
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))


def partition_table(connection: Any, table: str, key: str, *, ahead: int, today: datetime.date) -> None:
    """Make `table` partitioned by month on `key`, moving its rows: a partition for every month that has rows
    and for this month and the `ahead` next ones, and a DEFAULT partition. Does nothing if it already is."""
    if connection.vendor != "postgresql" or is_partitioned(connection, table):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {_q(connection, key)} FROM {_q(connection, table)}")
        months = {month_start(month) for (month,) in cursor.fetchall()}
    months |= {add_months(month_start(today), n) for n in range(ahead + 1)}
    _rebuild(connection, table, partition_key=key, months=sorted(months))


def unpartition_table(connection: Any, table: str) -> None:
    """Make a partitioned `table` one plain table again (the reverse of `partition_table`)."""
    if connection.vendor != "postgresql" or not is_partitioned(connection, table):
        return
    _rebuild(connection, table, partition_key=None, months=[])


def _create_partition(connection: Any, cursor: Any, table: str, month: datetime.date) -> None:
    q = connection.ops.quote_name
    cursor.execute(
        f"CREATE TABLE {q(partition_name(table, month))} PARTITION OF {q(table)} "
        "FOR VALUES FROM (%s) TO (%s)",
        [month, add_months(month, 1)],
    )


def _partition_key(cursor: Any, table: str) -> str:
    cursor.execute(
        "SELECT a.attname FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid "
        "AND a.attnum = p.partattrs[0] WHERE p.partrelid = to_regclass(%s)",
        [table],
    )
    (key,) = cursor.fetchone()
    return str(key)


def make_months(connection: Any, table: str, months: list[datetime.date]) -> dict[datetime.date, int]:
    """Create the partitions of `months` that are missing, and of every month that has rows in the DEFAULT
    partition, moving those rows into it. Returns {month created: rows moved into it}."""
    q = connection.ops.quote_name
    created: dict[datetime.date, int] = {}
    have = {p.month for p in partitions(connection, table)}
    with connection.cursor() as cursor:
        key = _partition_key(cursor, table)
        default = default_name(table)
        cursor.execute(f"SELECT DISTINCT {q(key)} FROM {q(default)}")
        stray = {month_start(month) for (month,) in cursor.fetchall()}
        columns = ", ".join(q(c) for c in _columns(cursor, table))
        for month in sorted({month_start(m) for m in months} | stray):
            if month in have:
                continue  # a row of an existing partition's month is never in the DEFAULT one
            if month not in stray:
                _create_partition(connection, cursor, table, month)
                created[month] = 0
                continue
            # A partition whose month has rows in the DEFAULT one cannot be created there: fill it apart with
            # the DEFAULT's rows of the month, then attach it (which checks the DEFAULT has none left).
            name = partition_name(table, month)
            cursor.execute(
                f"CREATE TABLE {q(name)} (LIKE {q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            )
            cursor.execute(
                f"WITH moved AS (DELETE FROM {q(default)} WHERE {q(key)} >= %s AND {q(key)} < %s "
                f"RETURNING {columns}) INSERT INTO {q(name)} ({columns}) SELECT {columns} FROM moved",
                [month, add_months(month, 1)],
            )
            created[month] = cursor.rowcount
            cursor.execute(
                f"ALTER TABLE {q(table)} ATTACH PARTITION {q(name)} FOR VALUES FROM (%s) TO (%s)",
                [month, add_months(month, 1)],
            )
    return created


def detach_before(connection: Any, table: str, month: datetime.date) -> list[Partition]:
    """Detach the monthly partitions of the months before `month`; they stay as tables of their own."""
    q = connection.ops.quote_name
    old = [p for p in partitions(connection, table) if p.month < month]
    with connection.cursor() as cursor:
        for partition in old:
            cursor.execute(f"ALTER TABLE {q(table)} DETACH PARTITION {q(partition.name)}")
    return old


def copy_to_file(connection: Any, query: str, path: Path) -> Path:
    """Write the rows of `query` as a gzip CSV file with a header line (PostgreSQL's COPY)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        connection.cursor() as cursor,
        gzip.open(path, "wb") as out,
        cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
    ):
        for data in copy:
            out.write(data)
    return path


def archive(connection: Any, name: str, directory: Path) -> Path:
    """Write the (detached) table `name` as `<name>.csv.gz` into `directory`, then drop the table."""
    q = connection.ops.quote_name
    path = copy_to_file(connection, f"SELECT * FROM {q(name)}", directory / f"{name}.csv.gz")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {q(name)}")
    return path
