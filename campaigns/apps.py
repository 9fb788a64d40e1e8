from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kampanye penimbangan")

    def ready(self) -> None:
        from campaigns import access  # noqa: F401  # registers the URL id keywords
