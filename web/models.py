"""The table of the shared cache (`CACHES` in config/settings.py: Django's database cache), made by a
migration like every other table, so `migrate` is the one step that sets up a database. Django's cache
backend reads and writes it; no code uses this model."""

from __future__ import annotations

from django.db import models


class CacheEntry(models.Model):
    """The columns `manage.py createcachetable` would make."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "django_cache"

    def __str__(self) -> str:
        return self.cache_key
