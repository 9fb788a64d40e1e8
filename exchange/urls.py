from django.urls import include, path

from exchange import views

urlpatterns = [
    path("", views.index, name="exchange"),
    path("opensid/", include("exchange.opensid.urls")),
    path("satusehat/", include("exchange.satusehat.urls")),
    path("eppgbm/", include("exchange.eppgbm.urls")),
    path("dhis2/", include("exchange.dhis2.urls")),
]
