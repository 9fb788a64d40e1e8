from django.urls import URLPattern

app_name = "satusehat"

urlpatterns: list[URLPattern] = []
