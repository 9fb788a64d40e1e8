from django.urls import URLPattern, path

from exchange.dhis2 import views

app_name = "dhis2"

urlpatterns: list[URLPattern] = [
    path("", views.export_page, name="export"),
    path("unduh/", views.download, name="download"),
    path("pemetaan/", views.mapping, name="mapping"),
    path("pemetaan/impor/", views.upload_mapping, name="upload_mapping"),
]
