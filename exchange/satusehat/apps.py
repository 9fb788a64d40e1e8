from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatusehatConfig(AppConfig):
    name = "exchange.satusehat"
    label = "satusehat"
    verbose_name = _("Kirim ke SATUSEHAT")
