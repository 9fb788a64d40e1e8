from django.urls import URLPattern

app_name = "eppgbm"

urlpatterns: list[URLPattern] = []
