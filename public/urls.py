from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/", views.region_page, name="region"),
    path("unduh/", views.region_csv, name="csv"),
    path("atur/", views.switch, name="switch"),
]
