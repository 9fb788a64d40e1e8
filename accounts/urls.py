from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("baru/", views.user_create, name="create"),
    path("kata-sandi/", views.OwnPasswordChangeView.as_view(), name="password_change"),
    path("<int:user_id>/", views.user_detail, name="detail"),
    path("<int:user_id>/ubah/", views.user_edit, name="edit"),
    path("<int:user_id>/status/", views.user_set_active, name="set_active"),
    path("<int:user_id>/kata-sandi/", views.user_reset_password, name="reset_password"),
    path("<int:user_id>/riwayat/", views.user_history, name="history"),
]
