import gc

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Tampilan")

    def ready(self) -> None:
        # A kabupaten report builds tens of thousands of objects per request. With Python's default
        # thresholds (700, 10, 10) the cycle collector's full passes, which scan every live object, land in
        # some requests and slow them by half (the benchmark's data-quality ranking: p95 360–390 ms without
        # this, 250–270 ms with it). The objects made at start-up (modules, classes, settings) are frozen out
        # of those scans, and young objects are collected in larger batches.
        gc.freeze()
        gc.set_threshold(10_000, 10, 10)
