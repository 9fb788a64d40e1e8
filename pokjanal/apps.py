from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjanalConfig(AppConfig):
    name = "pokjanal"
    verbose_name = _("Tim Pembina Posyandu (Pokjanal)")

    def ready(self) -> None:
        from pokjanal import access, signals  # noqa: F401  (URL id kwargs; problems kept up to date)
