"""Planner statistics after bulk loads.

PostgreSQL plans from statistics that autovacuum gathers some time after a load, and never for rows still
inside the loading transaction: until then it takes a freshly filled table for an empty one and may answer a
correlated query over a million visits with nested loops that run for minutes. Code that loads in bulk and
then queries what it loaded (the demo, the benchmark data, the full refresh of the report figures) calls
`refresh_statistics` first. SQLite plans these queries from its indexes alone, so nothing is done there."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def refresh_statistics(*models: type[Model]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
