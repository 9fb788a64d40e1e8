from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include("regions.urls")),
    path("posyandu/", include("posyandu.urls")),
    path("warga/", include("people.urls")),
    path("layanan/", include("visits.urls")),
    path("pokjanal/", include("pokjanal.urls")),
    path("laporan/", include("reports.urls")),
    path("laporan-bulanan/", include("monthly.urls")),
    path("kampanye/", include("campaigns.urls")),
    path("admin/", admin.site.urls),
]
