from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kampanye penimbangan")

    def ready(self) -> None:
        from campaigns import access, tasks  # noqa: F401  # URL id keywords; the actions' background work
