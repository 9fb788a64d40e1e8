from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("skdn/", views.skdn, name="skdn"),
    path("prevalensi/", views.prevalence, name="prevalence"),
    path("kualitas-data/", views.quality, name="quality"),
    path("anak/", views.children, name="children"),
    path("posyandu/", views.posyandu_index, name="posyandu_index"),
    path("posyandu/<int:posyandu_id>/", views.posyandu_report, name="posyandu"),
    path("target/", views.targets, name="targets"),
]
