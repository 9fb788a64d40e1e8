from django.urls import URLPattern, path

from exchange.eppgbm import views

app_name = "eppgbm"

urlpatterns: list[URLPattern] = [
    path("", views.export, name="export"),
    path("unduh/", views.download, name="download"),
]
