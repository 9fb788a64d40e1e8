from django.contrib import admin

from posyandu.models import EquipmentItem, SpmField


@admin.register(EquipmentItem)
class EquipmentItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Administrators add kinds of equipment here; inventories themselves are kept on the posyandu pages."""

    list_display = ("name", "is_essential", "order")
    list_editable = ("is_essential", "order")


@admin.register(SpmField)
class SpmFieldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "order")
