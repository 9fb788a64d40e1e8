from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monthly"
    verbose_name = _("Laporan bulanan posyandu")

    def ready(self) -> None:
        from monthly import access  # noqa: F401  # registers the URL id keyword
