"""The login backend: Django's, with the login's posyandu read in the same query as the login itself."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class UserBackend(ModelBackend):
    """Every request reads its login again; a kader's scope is her posyandu's desa (`accounts.scope`), so the
    posyandu comes with the login in one query instead of a second one on every page."""

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("posyandu").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
