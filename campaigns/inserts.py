"""Inserting many rows of a model with one prepared statement (`executemany`).

Django's `bulk_create` prepares every value of every row through the field API and, on SQLite, splits the
rows into batches of 999 parameters (about 20 visits of 50 columns); for a 50,000-row import that is most of
the time. Here each column's conversion is chosen once per field (the database backend's own adapters) and
the rows go to the driver in one call per chunk. No signals, no returned primary keys: callers that need them
read them back by a unique key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return lambda v: None if v is None else ops.adapt_decimalfield_value(v, digits, places)
    if isinstance(field, models.JSONField):
        adapt_json, encoder = ops.adapt_json_value, field.encoder
        return lambda v: None if v is None else adapt_json(v, encoder)
    return lambda v: v


Getter = Callable[[dict[str, Any]], Any]


def _getter(field: models.Field[Any, Any], now: Any) -> Getter:
    convert = _converter(field)
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = convert(now)
        return lambda _row: value
    if field.has_default() or field.null or field.blank:
        default = field.get_default()
        return lambda row: convert(row.get(name, default))
    return lambda row: convert(row[name])


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (field attname → value; missing fields take their default, the primary key is left to
    the database, auto_now fields get the same now)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    getters = [_getter(field, now) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            values = [tuple(get(row) for get in getters) for row in rows[start : start + CHUNK]]
            cursor.executemany(sql, values)
    return len(rows)
