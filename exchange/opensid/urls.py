from django.urls import URLPattern

app_name = "opensid"

urlpatterns: list[URLPattern] = []
