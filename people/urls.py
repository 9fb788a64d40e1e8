from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("baru/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/nik/", views.person_nik, name="nik"),
    path("<int:person_id>/ubah/", views.person_edit, name="edit"),
    path("<int:person_id>/status/", views.person_status, name="status"),
    path("<int:person_id>/gabungkan/", views.person_merge, name="merge"),
    path("<int:person_id>/batalkan-gabungan/", views.person_unmerge, name="unmerge"),
    path("<int:person_id>/riwayat/", views.person_history, name="history"),
    path("<int:person_id>/grafik/", views.growth_chart, name="growth_chart"),
    path("<int:person_id>/kehamilan/baru/", views.pregnancy_create, name="pregnancy_create"),
    path("kehamilan/<int:pregnancy_id>/hasil/", views.pregnancy_outcome, name="pregnancy_outcome"),
    path("rumah-tangga/", views.household_list, name="household_list"),
    path("rumah-tangga/baru/", views.household_create, name="household_create"),
    path("rumah-tangga/pilih/", views.household_choices, name="household_choices"),
    path("rumah-tangga/<int:household_id>/", views.household_detail, name="household_detail"),
    path("rumah-tangga/<int:household_id>/ubah/", views.household_edit, name="household_edit"),
    path("rumah-tangga/<int:household_id>/riwayat/", views.household_history, name="household_history"),
]
