from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class ProjectUserAdmin(UserAdmin):  # type: ignore[type-arg]
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
