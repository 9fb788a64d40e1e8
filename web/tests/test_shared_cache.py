"""Production keeps its cache in the database (config/settings.py `CACHES`), so every gunicorn worker and
the task worker see one cache: a rate limit counted by one worker holds in all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from config import settings as production
from web.models import CacheEntry

pytestmark = pytest.mark.django_db


def test_the_production_cache_is_one_table_every_worker_reads(settings: Any) -> None:
    settings.CACHES = production.CACHES
    worker = caches["default"]
    assert isinstance(worker, DatabaseCache)
    worker.set("api-throttle:7", [1, 2, 3], 60)
    assert CacheEntry.objects.count() == 1  # the table the migration made
    other_worker = DatabaseCache("django_cache", production.CACHES["default"])  # another process's cache
    assert other_worker.get("api-throttle:7") == [1, 2, 3]
