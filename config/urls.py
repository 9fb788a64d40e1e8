from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("cari-kms/", web_views.kms_search, name="kms_search"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # The language is chosen before logging in too (the switch is on the login page).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("wilayah/", include("regions.urls")),
    path("posyandu/", include("posyandu.urls")),
    path("warga/", include("people.urls")),
    path("layanan/", include("visits.urls")),
    path("pokjanal/", include("pokjanal.urls")),
    path("laporan/", include("reports.urls")),
    path("laporan-bulanan/", include("monthly.urls")),
    path("kampanye/", include("campaigns.urls")),
    path("offline/", include("offline.urls")),
    path("pengguna/", include("accounts.urls")),
    path("pertukaran/", include("exchange.urls")),
    path("api/", include("api.urls")),
    path("publik/", include("public.urls")),
    path("", include("public.short_urls")),  # /p?<code>: a public figure's short link
    path("admin/", admin.site.urls),
]
