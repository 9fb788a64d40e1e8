from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class ProjectUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Logins are shown here but changed only on the user pages (/pengguna/), whose actions check who may
    grant which role and area and write an audit event; the admin's forms would bypass both."""

    list_display = ("username", "first_name", "role", "region", "posyandu", "read_only", "is_active")
    list_filter = ("role", "read_only", "is_active")
    raw_id_fields = ("region", "posyandu")
    filter_horizontal = ("desa_coverage",)
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Peran dan wilayah"),
            {"fields": ("role", "read_only", "region", "posyandu", "desa_coverage", "phone")},
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
