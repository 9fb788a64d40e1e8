from django.contrib import admin

from exchange.satusehat.models import Facility


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Administrators map each puskesmas's work area to its SATUSEHAT Organization and Location ids here (a
    reference list, as the kinds of equipment); the submissions are written only by `satusehat_push`."""

    list_display = ("name", "region", "organization_id", "location_id")
    search_fields = ("name", "region__name", "organization_id")
    raw_id_fields = ("region",)
