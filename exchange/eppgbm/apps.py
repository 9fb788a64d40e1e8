from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EppgbmConfig(AppConfig):
    name = "exchange.eppgbm"
    label = "eppgbm"
    verbose_name = _("Ekspor e-PPGBM")
