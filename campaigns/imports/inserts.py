"""Inserting many rows of a model with one prepared statement (`executemany`; COPY on PostgreSQL).

Django's `bulk_create` prepares every value of every row through the field API and, on SQLite, splits the
rows into batches of 999 parameters (about 20 visits of 50 columns); for a 50,000-row import that is most of
the time. Here each column's conversion is chosen once per field (the database backend's own adapters) and
the rows go to the driver in one call per chunk. No signals, no returned primary keys: callers that need them
read them back by a unique key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """The backend's adapter of a column's non-null values, None where values pass as they are."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return lambda v: ops.adapt_decimalfield_value(v, digits, places)
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        if connection.vendor == "postgresql":  # COPY takes the JSON text as it is
            return lambda v: json.dumps(v, cls=encoder)
        adapt_json = ops.adapt_json_value
        return lambda v: adapt_json(v, encoder)
    return None


def _column(
    field: models.Field[Any, Any], now: Any, rows: Sequence[dict[str, Any]]
) -> list[Any] | tuple[Any]:
    """A column's converted values, one per row; a column no row gives is its default (auto_now fields:
    `now`), converted once."""
    convert = _converter(field)
    name = field.attname
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    if auto or name not in rows[0]:
        if auto:
            default = now
        else:
            default = field.get_default() if field.has_default() or field.null or field.blank else None
        return (default if default is None or convert is None else convert(default),)
    if convert is None:
        return [row[name] for row in rows]
    return [None if (value := row[name]) is None else convert(value) for row in rows]


def _tables(
    fields: list[models.Field[Any, Any]], rows: Sequence[dict[str, Any]]
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows as tuples of database values, CHUNK rows at a time."""
    now = timezone.now()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = [_column(field, now, chunk) for field in fields]
        width = len(chunk)  # a default is one value, repeated for every row
        yield list(zip(*(v if len(v) == width else v * width for v in values), strict=True))


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (field attname → value, the same fields in every row; fields not given take their
    default, the primary key is left to the database, auto_now fields get the same now)."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY for all rows: the server inserts while the next chunk is being converted here
            # (executemany would be a round trip per row).
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for chunk in _tables(fields, rows):
                    for row in chunk:
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for chunk in _tables(fields, rows):
                cursor.executemany(sql, chunk)
    return len(rows)
