"""The offline posyandu day: what a phone stores to work without signal, and the one endpoint its records are
synced through (docs/offline.md)."""

from django.urls import URLPattern

app_name = "offline"

urlpatterns: list[URLPattern] = []
