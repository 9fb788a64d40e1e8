from django.urls import URLPattern

app_name = "dhis2"

urlpatterns: list[URLPattern] = []
