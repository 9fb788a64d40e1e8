from django.urls import path

from exchange.satusehat import views

app_name = "satusehat"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("posyandu/<int:posyandu_id>/", views.posyandu_visits, name="posyandu"),
    path("kunjungan/<int:visit_id>/bundle.json", views.visit_bundle, name="visit_bundle"),
]
