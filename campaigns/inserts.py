"""Inserting many rows of a model with one prepared statement (`executemany`; COPY on PostgreSQL).

Django's `bulk_create` prepares every value of every row through the field API and, on SQLite, splits the
rows into batches of 999 parameters (about 20 visits of 50 columns); for a 50,000-row import that is most of
the time. Here each column's conversion is chosen once per field (the database backend's own adapters) and
the rows go to the driver in one call per chunk. No signals, no returned primary keys: callers that need them
read them back by a unique key."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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


def _column(field: models.Field[Any, Any], now: Any) -> tuple[str, Any, Callable[[Any], Any] | None]:
    """(attname, the value when a row has none, converter): auto_now fields always take `now`."""
    convert = _converter(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "", convert(now) if convert else now, None
    default = field.get_default() if field.has_default() or field.null or field.blank else None
    return field.attname, default, convert


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (field attname → value; missing fields take their default, the primary key is left to
    the database, auto_now fields get the same now)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    columns_ = [_column(field, now) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            values = [
                tuple(
                    [
                        value
                        if (value := row.get(name, default)) is None or convert is None
                        else convert(value)
                        for name, default, convert in columns_
                    ]
                )
                for row in rows[start : start + CHUNK]
            ]
            if connection.vendor == "postgresql":
                # COPY streams the rows in one statement; executemany would be a round trip per row.
                with cursor.cursor.copy(copy_sql) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                cursor.executemany(sql, values)
    return len(rows)
