from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("", views.day_list, name="days"),
    path("hari-buka/baru/", views.day_create, name="day_create"),
    path("hari-buka/<int:opening_day_id>/", views.day_detail, name="day"),
    path("hari-buka/<int:opening_day_id>/ubah/", views.day_edit, name="day_edit"),
    path("hari-buka/<int:opening_day_id>/riwayat/", views.day_history, name="day_history"),
    path("hari-buka/<int:opening_day_id>/layani/", views.visit_create, name="visit_create"),
    path("warga/<int:person_id>/kunjungan/", views.home_visit, name="home_visit"),
    path("warga/<int:person_id>/imunisasi/", views.immunisation_history, name="immunisations"),
    path("kunjungan/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("kunjungan/<int:visit_id>/koreksi/", views.visit_correct, name="visit_correct"),
    path("kunjungan/<int:visit_id>/riwayat/", views.visit_history, name="visit_history"),
    path("kunjungan/<int:visit_id>/pastikan/", views.visit_confirm, name="visit_confirm"),
    path("rujukan/", views.referral_list, name="referrals"),
    path("rujukan/<int:referral_id>/", views.referral_detail, name="referral"),
    path("posyandu/<int:posyandu_id>/daftar/", views.followup_lists, name="followup"),
    path("posyandu/<int:posyandu_id>/cek-ulang/", views.held_list, name="held"),
]
