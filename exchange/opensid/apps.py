from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpensidConfig(AppConfig):
    name = "exchange.opensid"
    label = "opensid"
    verbose_name = _("Impor penduduk OpenSID")
