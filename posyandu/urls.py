from django.urls import path

from posyandu import kader_views, views

app_name = "posyandu"
urlpatterns = [
    path("", views.posyandu_list, name="list"),
    path("baru/", views.posyandu_create, name="create"),
    path("<int:posyandu_id>/", views.posyandu_detail, name="detail"),
    path("<int:posyandu_id>/ubah/", views.posyandu_edit, name="edit"),
    path("<int:posyandu_id>/status/", views.posyandu_set_status, name="set_status"),
    path("<int:posyandu_id>/alat/", views.posyandu_equipment, name="equipment"),
    path("<int:posyandu_id>/riwayat/", views.posyandu_history, name="history"),
    path("kader/", kader_views.kader_list, name="kader_list"),
    path("kader/baru/", kader_views.kader_create, name="kader_create"),
    path("kader/lestari/", kader_views.lestari_list, name="lestari"),
    path("kader/<int:kader_id>/", kader_views.kader_detail, name="kader_detail"),
    path("kader/<int:kader_id>/nik/", kader_views.kader_nik, name="kader_nik"),
    path("kader/<int:kader_id>/hp/", kader_views.kader_phone, name="kader_phone"),
    path("kader/<int:kader_id>/ubah/", kader_views.kader_edit, name="kader_edit"),
    path("kader/<int:kader_id>/keanggotaan/baru/", kader_views.membership_create, name="membership_create"),
    path("kader/<int:kader_id>/pelatihan/baru/", kader_views.training_create, name="training_create"),
    path("kader/<int:kader_id>/riwayat/", kader_views.kader_history, name="kader_history"),
    path("keanggotaan/<int:membership_id>/akhiri/", kader_views.membership_end, name="membership_end"),
]
