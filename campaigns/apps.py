from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kampanye penimbangan")

    def ready(self) -> None:
        # Imported here, not at the top: both import campaigns.models, which cannot load before the app
        # registry is ready (this module is loaded to build it). access registers the URL id keywords, tasks
        # connects the receivers of the actions' background work.
        from campaigns import access, tasks  # noqa: F401
