from django.urls import path

from exchange.opensid import views

app_name = "opensid"

urlpatterns = [
    path("", views.index, name="index"),
    path("desa/<str:region_code>/", views.desa_page, name="desa"),
    path("desa/<str:region_code>/unggah/", views.upload, name="upload"),
    path("desa/<str:region_code>/impor/", views.start, name="start"),
    path("desa/<str:region_code>/layanan/", views.assign, name="assign"),
    path("desa/<str:region_code>/baris/", views.rows_file, name="rows"),
]
