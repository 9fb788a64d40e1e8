from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Pengguna")

    def ready(self) -> None:
        from accounts import sessions  # noqa: F401  # connects the login receiver
        from accounts.access import register_url_id
        from accounts.models import User

        register_url_id("user_id", User)
