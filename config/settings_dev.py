"""Settings for the developer's tools: the test suite, type checks and benchmarks.

The same as production (`config.settings`, DEBUG off, as pytest-django runs anyway) except for a fixed,
public SECRET_KEY, static files served unhashed, so that no `collectstatic` is needed first, and a cache in
memory. Never serve real data with these."""

import os

os.environ.setdefault("SECRET_KEY", "development-only-key-not-secret")

from config.settings import *  # noqa: F403  # the production settings, then the differences below

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# whitenoise finds the files where runserver would (no STATIC_ROOT to collect into first).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process keeps its own cache in memory: a test's cached page or rate-limit count never meets
# another's.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read a report page right after the write it must show.
FIGURES_REFRESH_SECONDS = 0
