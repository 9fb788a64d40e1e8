from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("Sasaran: rumah tangga dan warga")

    def ready(self) -> None:
        from people import access  # noqa: F401  # registers the URL id keywords
