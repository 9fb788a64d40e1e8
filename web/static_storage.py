"""The production storage of static files: whitenoise's compressed files with hashed names, with the imports
between ES modules rewritten to the hashed names too, so the offline day's scripts (static/js/offline/) load
the very files the service worker stored."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
