from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "visits"
    verbose_name = _("Hari buka posyandu dan kunjungan")

    def ready(self) -> None:
        from visits import access  # noqa: F401  # registers the URL id keywords
