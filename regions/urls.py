from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("", views.my_region, name="mine"),
    path("<str:region_code>/", views.region_detail, name="detail"),
    path("<str:region_code>/satuan/baru/", views.local_unit_create, name="unit_create"),
    path("satuan/<int:unit_id>/ubah/", views.local_unit_edit, name="unit_edit"),
    path("satuan/<int:unit_id>/riwayat/", views.local_unit_history, name="unit_history"),
]
