"""The offline posyandu day: what a phone stores to work without signal, and the one endpoint its records are
synced through (docs/offline.md)."""

from django.urls import path

from offline import shell, views

app_name = "offline"

urlpatterns = [
    path("tabel-who.json", views.who_tables, name="who_tables"),
    path("aturan.json", views.rules_json, name="rules"),
    path("posyandu/<int:posyandu_id>/siapkan.json", views.register, name="register"),
    path("sinkron/", views.sync, name="sync"),
    path("hari/", shell.day_app, name="day"),
    path("ping/", shell.ping, name="ping"),
    path("sw.js", shell.service_worker, name="service_worker"),
    path("manifest.webmanifest", shell.manifest, name="manifest"),
]
