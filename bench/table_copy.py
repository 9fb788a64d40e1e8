"""Writing generated people, visits and referrals in bulk: PostgreSQL's COPY (text format, built a block at
a time), or Django's bulk inserts on other databases.

With `drop_indexes`, a table's secondary indexes and unique constraints are dropped before its rows are
copied (but the partial indexes of rows with a column the generator leaves empty) and built again from their
stored definitions afterwards, two at a time (the schema ends as migrated); where the role may (a superuser),
foreign keys are not checked row by row (`session_replication_role`), since the generator writes only ids it
has just written or read, and checkpoints are kept apart during the load (`TableLoad.wal_room`)."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import numpy as np
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.utils import timezone

from bench import visit_columns
from people.models import name_key
from rules import months, referral_urgency
from visits.models import register_rule_versions, rule_version_key, stored_results

NULL = r"\N"
BUILD_MEMORY = "512MB"  # per connection building indexes
BULK_WAL = "32GB"  # max_wal_size during a build of its own (TableLoad.wal_room)


def _text(values: Any) -> list[str]:
    """COPY text of each value (None → NULL); values are letters, digits and dots only."""
    return [NULL if v is None else str(v) for v in values]


def _ints(values: np.ndarray) -> list[str]:
    return list(map(str, values.tolist()))


def _lookup(keys: np.ndarray, text: Any) -> list[str]:
    """`text(key)` of each integer key, worked out once per key of the range (keys span a few thousand)."""
    low = int(keys.min(initial=0))
    table = np.array([text(k) for k in range(low, int(keys.max(initial=0)) + 1)], dtype=object)
    out: list[str] = table[keys - low].tolist()
    return out


def _floats(values: np.ndarray, places: int) -> list[str]:
    """Shortest round-trip text of each float (NaN → NULL), as psycopg sends a Python float. The values are
    rounded to `places` decimals, so each is read from a table of the range's texts; one that is not the
    double nearest its decimal is formatted on its own."""
    finite = np.isfinite(values)
    scale = 10**places
    steps = np.where(finite, np.rint(np.where(finite, values, 0) * scale), 0).astype(np.int64)
    if finite.any() and np.ptp(steps[finite]) > 100_000:
        out: list[str] = np.where(finite, values.astype(str), NULL).tolist()
        return out
    text = np.array(_lookup(steps, lambda k: repr(k / scale)), dtype=object)
    text[~finite] = NULL
    odd = finite & (steps / scale != values)
    text[odd] = values[odd].astype(str)
    out = text.tolist()
    return out


def _dates(values: np.ndarray) -> list[str]:
    days = values.astype("datetime64[D]").astype(np.int64)
    return _lookup(days, lambda d: str(np.datetime64(d, "D")))


def _bools(values: np.ndarray) -> list[str]:
    out: list[str] = np.where(values, "t", "f").tolist()
    return out


class TableLoad:
    def __init__(self, connection: BaseDatabaseWrapper, *, drop_indexes: bool = False) -> None:
        self.connection = connection
        self.copy = connection.vendor == "postgresql"
        self.drop_indexes = drop_indexes and self.copy
        self.index_seconds: dict[str, float] = {}
        self.skip_checks = False
        self.now = timezone.now().isoformat()

    # -- PostgreSQL helpers ----------------------------------------------------------------------------
    @contextmanager
    def wal_room(self) -> Iterator[str | None]:
        """Checkpoints kept apart during a build of its own, as PostgreSQL's manual advises for a bulk load
        ("Populating a Database": raise max_wal_size): a checkpoint every 20 seconds would write each page
        whole to the WAL again after it. The server's setting is raised (a superuser's role may) and set back
        on leaving (a build killed before that left it raised: the next one sets it back to the default).
        Yields what it was raised to, or None where it was left alone."""
        if not self.drop_indexes or self.connection.in_atomic_block or not self._superuser():
            yield None
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setting, unit, sourcefile, pg_size_bytes(setting || unit) = pg_size_bytes(%s)"
                " FROM pg_settings WHERE name = 'max_wal_size'",
                [BULK_WAL],
            )
            setting, unit, source, left_raised = cursor.fetchone()
            if left_raised:
                source = None
            cursor.execute(f"ALTER SYSTEM SET max_wal_size = '{BULK_WAL}'")
            cursor.execute("SELECT pg_reload_conf()")
        try:
            yield BULK_WAL
        finally:
            with self.connection.cursor() as cursor:
                if (source or "").endswith("postgresql.auto.conf"):  # set by ALTER SYSTEM before: kept
                    cursor.execute(f"ALTER SYSTEM SET max_wal_size = '{setting}{unit}'")
                else:
                    cursor.execute("ALTER SYSTEM RESET max_wal_size")
                cursor.execute("SELECT pg_reload_conf()")

    def _superuser(self) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            return bool(cursor.fetchone()[0])

    def _next_id(self, table: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return int(cursor.fetchone()[0])

    def _sync_sequence(self, table: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )

    @contextmanager
    def _without_indexes(self, tables: Sequence[str]) -> Iterator[None]:
        """The tables' secondary indexes and unique constraints dropped, built again on leaving."""
        if not self.drop_indexes:
            yield
            return
        kept: list[tuple[str, str]] = []  # (table, SQL to build it again)
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'u'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    kept.append((table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c "
                    "WHERE c.conname = i.indexname AND c.conrelid = %s::regclass)",
                    [table, table],
                )
                for name, definition in cursor.fetchall():
                    if definition.endswith(" IS NOT NULL)"):
                        continue  # over a column the generator leaves empty: no row enters it, kept as it is
                    # A partitioned table's index reads "ON ONLY" the parent: built so, it would stay invalid
                    # and exist on no partition.
                    kept.append((table, definition.replace(" ON ONLY ", " ON ", 1)))
                    cursor.execute(f'DROP INDEX "{name}"')
            self.skip_checks = self._superuser()
            if self.skip_checks:
                cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
            started = time.perf_counter()
            # The constraints first (each locks its table), then the other tables' indexes before the first's,
            # so that two connections build on two tables at once.
            order = {table: k for k, table in enumerate(reversed(tables))}
            kept.sort(key=lambda item: (" ADD CONSTRAINT " not in item[1], order[item[0]]))
            self._build_again([sql for _table, sql in kept])
            self.index_seconds[f"indexes of {', '.join(tables)}"] = time.perf_counter() - started

    def _build_again(self, statements: list[str]) -> None:
        """Runs the statements that build the dropped indexes and constraints again, with room to sort in
        memory: on two connections at once (two cores build two indexes) where the load commits as it goes,
        in order on this one inside a transaction (only it sees what it dropped)."""
        memory = f"SET maintenance_work_mem = '{BUILD_MEMORY}'"
        if self.connection.in_atomic_block:
            with self.connection.cursor() as cursor:
                cursor.execute(memory)
                for sql in statements:
                    cursor.execute(sql)
                cursor.execute("RESET maintenance_work_mem")
            return
        waiting = list(reversed(statements))
        lock = threading.Lock()

        def build() -> None:
            with self.second_connection() as raw:
                raw.execute(memory)
                while True:
                    with lock:
                        if not waiting:
                            return
                        sql = waiting.pop()
                    raw.execute(sql)

        with ThreadPoolExecutor(2) as pool:
            for done in [pool.submit(build) for _ in range(2)]:
                done.result()

    # -- people ----------------------------------------------------------------------------------------
    def people(
        self,
        model: type[Model],
        *,
        nik: list[str | None],
        name: list[str],
        sex: np.ndarray,
        birth_date: np.ndarray,
        posyandu_id: np.ndarray,
        desa_id: np.ndarray,
        has_kia_book: np.ndarray,
    ) -> np.ndarray:
        """Writes the people; returns their ids in order."""
        if not self.copy:
            people = [
                model(
                    nik=n,
                    name=nm,
                    name_key=name_key(nm),
                    sex=str(s),
                    birth_date=b.astype(datetime.date),
                    posyandu_id=int(p),
                    desa_id=str(d),
                    has_kia_book=bool(k),
                )
                for n, nm, s, b, p, d, k in zip(
                    nik, name, sex, birth_date, posyandu_id, desa_id, has_kia_book, strict=True
                )
            ]
            model.objects.bulk_create(people, batch_size=5000)  # type: ignore[attr-defined]
            return np.array([p.pk for p in people])
        table = model._meta.db_table
        with self._without_indexes([table]):
            first = self._next_id(table)
            ids = np.arange(first, first + len(name))
            columns = [
                _ints(ids),
                _text(nik),
                name,
                [name_key(n) for n in name],
                sex.tolist(),
                _dates(birth_date),
                _ints(posyandu_id),
                desa_id.tolist(),
                _bools(has_kia_book),
            ]
            tail = f"\tactive\t\t{self.now}"
            sql = (
                f"COPY {table} (id, nik, name, name_key, sex, birth_date, posyandu_id, desa_id, "
                "has_kia_book, status, phone, created_at) FROM STDIN"
            )
            self._copy(sql, columns, tail)
            self._sync_sequence(table)
        return ids

    def _copy(self, sql: str, columns: list[list[str]], tail: str) -> None:
        with self.connection.cursor() as cursor, cursor.copy(sql) as copy:
            _write(copy, columns, tail)

    def second_connection(self) -> Any:
        """Another connection to the same database (autocommit), for a second COPY alongside the first."""
        import psycopg

        settings = self.connection.settings_dict
        raw = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
            autocommit=True,
        )
        if self.skip_checks:
            raw.execute("SET session_replication_role = replica")
        return raw

    # -- visits ----------------------------------------------------------------------------------------
    @contextmanager
    def visits(
        self, visit: type[Model], referral: type[Model], *, rule_version: str, today: datetime.date
    ) -> Iterator[VisitWriter]:
        tables = [visit._meta.db_table, referral._meta.db_table]
        with self._without_indexes(tables):
            writer = VisitWriter(self, visit, referral, rule_version=rule_version, today=today)
            try:
                yield writer
            finally:
                writer.close()
            if self.copy:
                for table in tables:
                    self._sync_sequence(table)


def _write(copy: Any, columns: list[list[str]], tail: str, *, block: int = 100_000) -> None:
    """Rows of COPY text from columns of text, each row ending with `tail`."""
    for start in range(0, len(columns[0]), block):
        part = [c[start : start + block] for c in columns]
        copy.write("".join(["\t".join(r) + tail + "\n" for r in zip(*part, strict=True)]))


class _Stream:
    """One COPY kept open over many blocks; psycopg's thread sends each block while the caller builds the
    next, so the generator and the server work at once."""

    def __init__(self, raw_connection: Any, sql: str) -> None:
        from psycopg.copy import QueuedLibpqWriter

        self.cursor = raw_connection.cursor()
        self.context = self.cursor.copy(sql, writer=QueuedLibpqWriter(self.cursor))
        self.copy = self.context.__enter__()

    def write(self, columns: list[list[str]], tail: str) -> None:
        _write(self.copy, columns, tail)

    def close(self) -> None:
        self.context.__exit__(None, None, None)
        self.cursor.close()


class VisitWriter:
    def __init__(
        self,
        load: TableLoad,
        visit: type[Model],
        referral: type[Model],
        *,
        rule_version: str,
        today: datetime.date,
    ) -> None:
        self.load = load
        self.visit = visit
        self.referral = referral
        self.rule_version = rule_version
        self.rule_version_key = rule_version_key(rule_version)
        register_rule_versions([rule_version])
        # Referrals older than two months already treated, as a health worker would have followed them up.
        self.recent = np.datetime64(months.add_months(months.month_start(today), -1), "D")
        self.next_id = load._next_id(visit._meta.db_table) if load.copy else 0
        self.urgency: dict[tuple[str, ...], int] = {}
        self.flagged_text = [
            visit_columns_json(visit_columns.flagged_names(mask))
            for mask in range(1 << len(visit_columns.Z_COLUMNS))
        ]
        self.visit_sql = (
            f"COPY {visit._meta.db_table} (id, person_id, posyandu_id, desa_id, date, month, age_days, "
            "life_stage, weight_kg, length_height_cm, position, waz, haz, whz, baz, flagged, "
            "needs_remeasure, check_status, weight_gain, is_2t, is_bgm, finding_codes, finding_details, "
            "rule_version_ref_id, place, "
            "oedema, glucose_fasting, skilas, kb_status, kb_method, notes, created_at, updated_at) FROM STDIN"
        )
        self.referral_sql = (
            f"COPY {referral._meta.db_table} (person_id, visit_id, posyandu_id, desa_id, reasons, urgency, "
            "status, facility, created_at, updated_at) FROM STDIN"
        )
        self.streams: list[_Stream] = []
        self.other: Any = None
        # A build of its own (indexes dropped, autocommit): visits and referrals are each one COPY, on two
        # connections, kept open over every chunk. Inside a transaction (a test) the second connection would
        # not see the visits, so each chunk is copied on the one connection.
        if load.copy and load.drop_indexes and not load.connection.in_atomic_block:
            load.connection.ensure_connection()
            self.streams.append(_Stream(load.connection.connection, self.visit_sql))
            # Ended after the visits' stream, so that, where foreign keys are checked, the visits are
            # committed first.
            self.other = load.second_connection()
            self.streams.append(_Stream(self.other, self.referral_sql))

    def close(self) -> None:
        for stream in self.streams:
            stream.close()
        if self.other is not None:
            self.other.close()

    def _reasons(self, row: Sequence[int], table: visit_columns.FindingTable) -> list[str]:
        return [table.findings[i].code for i in row if i >= 0 and table.findings[i].refer]

    def _referral_columns(
        self, findings: np.ndarray, table: visit_columns.FindingTable
    ) -> tuple[list[str], list[str]]:
        """The referrals' `reasons` (JSON) and `urgency` of these rows of findings, worked out once for each
        distinct set of reasons: a row is keyed by its referring findings' codes, a digit each."""
        codes = sorted({f.code for f in table.findings if f.refer})
        digit = np.array(
            [codes.index(f.code) + 1 if f.refer else 0 for f in table.findings] + [0], dtype=np.int64
        )
        base = len(codes) + 1
        assert base ** findings.shape[1] < 2**63, "too many referral codes to key a row by"
        keys = np.zeros(len(findings), dtype=np.int64)
        for k in range(findings.shape[1]):
            keys = keys * base + digit[findings[:, k]]
        _distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        reasons = [self._reasons(row, table) for row in findings[first].tolist()]
        text = np.array([visit_columns_json(r) for r in reasons], dtype=object)
        urgency = np.array([str(self._urgency(r)) for r in reasons], dtype=object)
        inverse = inverse.reshape(-1)
        return text[inverse].tolist(), urgency[inverse].tolist()

    def _urgency(self, reasons: list[str]) -> int:
        key = tuple(reasons)
        if key not in self.urgency:
            self.urgency[key] = referral_urgency.urgency(reasons, pregnant=False, oedema=False)
        return self.urgency[key]

    def write(self, v: visit_columns.Visits, table: visit_columns.FindingTable) -> int:
        """Writes the visits and the referrals they raise; returns the number of referrals."""
        if not self.load.copy:
            return self._bulk_create(v, table)
        n = len(v)
        ids = np.arange(self.next_id, self.next_id + n)
        self.next_id += n
        codes, details = table.stored_columns(v.findings)  # no tab, newline or backslash in them
        columns = [
            _ints(ids),
            _ints(v.person_id),
            _ints(v.posyandu_id),
            v.desa_id.tolist(),
            _dates(v.date),
            _dates(v.month),
            _ints(v.age_days),
            v.life_stage.tolist(),
            _floats(v.weight_kg, 2),
            _floats(v.length_height_cm, 1),
            v.position.tolist(),
            *(_floats(v.z[name], 2) for name, _z, _f in visit_columns.Z_COLUMNS),
            np.array(self.flagged_text, dtype=object)[v.flagged].tolist(),
            _bools(v.flagged > 0),
            np.where(v.held, "held", "").tolist(),
            v.weight_gain.tolist(),
            _bools(v.is_2t),
            _bools(v.is_bgm),
            codes,
            details,
        ]
        tail = f"\t{self.rule_version_key}\tposyandu\tf\tf\t[]\t\t\t\t{self.load.now}\t{self.load.now}"
        if self.streams:
            self.streams[0].write(columns, tail)
        else:
            self.load._copy(self.visit_sql, columns, tail)
        rows = np.nonzero(v.refers)[0]
        reasons, urgency = self._referral_columns(v.findings[rows], table)
        referral_columns = [
            _ints(v.person_id[rows]),
            _ints(ids[rows]),
            _ints(v.posyandu_id[rows]),
            v.desa_id[rows].tolist(),
            reasons,
            urgency,
            np.where(v.month[rows] >= self.recent, "open", "treated").tolist(),
        ]
        tail = f"\t\t{self.load.now}\t{self.load.now}"
        if self.streams:
            self.streams[1].write(referral_columns, tail)
        else:
            self.load._copy(self.referral_sql, referral_columns, tail)
        return len(rows)

    def _bulk_create(self, v: visit_columns.Visits, table: visit_columns.FindingTable) -> int:
        visits = []
        for k in range(len(v)):
            row = v.findings[k]
            visits.append(
                self.visit(
                    person_id=int(v.person_id[k]),
                    posyandu_id=int(v.posyandu_id[k]),
                    desa_id=str(v.desa_id[k]),
                    date=v.date[k].astype(datetime.date),
                    month=v.month[k].astype(datetime.date),
                    age_days=int(v.age_days[k]),
                    life_stage=str(v.life_stage[k]),
                    weight_kg=_decimal(v.weight_kg[k], 2),
                    length_height_cm=_decimal(v.length_height_cm[k], 1),
                    position=str(v.position[k]),
                    **{name: _optional(v.z[name][k]) for name, _z, _f in visit_columns.Z_COLUMNS},
                    flagged=visit_columns.flagged_names(int(v.flagged[k])),
                    needs_remeasure=bool(v.flagged[k]),
                    check_status="held" if v.held[k] else "",
                    weight_gain=str(v.weight_gain[k]),
                    is_2t=bool(v.is_2t[k]),
                    is_bgm=bool(v.is_bgm[k]),
                    **stored_results([table.findings[i] for i in row if i >= 0], self.rule_version),
                )
            )
        self.visit.objects.bulk_create(visits, batch_size=5000)  # type: ignore[attr-defined]
        referrals = []
        for k in np.nonzero(v.refers)[0].tolist():
            reasons = self._reasons(v.findings[k].tolist(), table)
            visit = visits[k]
            referrals.append(
                self.referral(
                    person_id=visit.person_id,  # type: ignore[attr-defined]
                    visit=visit,
                    posyandu_id=visit.posyandu_id,  # type: ignore[attr-defined]
                    desa_id=visit.desa_id,  # type: ignore[attr-defined]
                    reasons=reasons,
                    urgency=self._urgency(reasons),
                    status="open" if v.month[k] >= self.recent else "treated",
                )
            )
        self.referral.objects.bulk_create(referrals, batch_size=5000)  # type: ignore[attr-defined]
        return len(referrals)


def visit_columns_json(value: list[str]) -> str:
    import json

    return json.dumps(value)


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _decimal(value: float, places: int) -> Any:
    from decimal import Decimal

    return None if np.isnan(value) else Decimal(f"{value:.{places}f}")
