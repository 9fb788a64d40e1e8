"""The offline posyandu day: what a phone stores to work without signal, and the one endpoint its records are
synced through (docs/offline.md)."""

from django.urls import URLPattern, path

from offline import views

app_name = "offline"

urlpatterns: list[URLPattern] = [
    path("aturan.json", views.rules_json, name="rules"),
]
