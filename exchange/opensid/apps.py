"""The desa's resident register imported from OpenSID's "impor penduduk" sheet (docs/interop.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpensidConfig(AppConfig):
    name = "exchange.opensid"
    label = "opensid"
    verbose_name = _("Impor penduduk OpenSID")

    def ready(self) -> None:
        # Imported here: both read the app's models, which cannot load while the registry is being built.
        # tasks connects the receivers of the actions' background work.
        from exchange.opensid import tasks  # noqa: F401
