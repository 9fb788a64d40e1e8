from django.urls import path

from monthly import views

app_name = "monthly"

urlpatterns = [
    path("", views.index, name="index"),
    path("posyandu/<int:posyandu_id>/", views.posyandu_month, name="posyandu"),
    path("verifikasi/", views.queue, name="queue"),
    path("kelengkapan/", views.completeness, name="completeness"),
    path("<int:monthly_report_id>/verifikasi/", views.verify, name="verify"),
    path("<int:monthly_report_id>/kembalikan/", views.return_, name="return"),
    path("<int:monthly_report_id>/buka-kembali/", views.reopen, name="reopen"),
    path("<int:monthly_report_id>/riwayat/", views.history, name="history"),
]
