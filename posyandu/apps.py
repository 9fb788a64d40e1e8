from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PosyanduConfig(AppConfig):
    name = "posyandu"
    verbose_name = _("Posyandu dan kader")

    def ready(self) -> None:
        from posyandu import access  # noqa: F401  (registers the URL id kwargs it owns)
