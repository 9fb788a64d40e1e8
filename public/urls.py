from django.urls import path

from public import card_views, embeds, message_views, views
from public.pagecache import cached_page

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/", cached_page(views.region_page), name="region"),
    path("unduh/", views.region_csv, name="csv"),
    path("atur/", views.switch, name="switch"),
    # Share cards (issue 17 point 2): public.card_views
    path("kartu/wilayah.png", card_views.region_card, name="card_region"),
    path("kartu/posyandu.png", card_views.posyandu_card, name="card_posyandu"),
    path("bagikan/", card_views.share, name="share"),
    path("kartu/pesan/", message_views.card_message_page, name="card_message"),
    path("sematkan/", embeds.embed, name="embed"),
]
