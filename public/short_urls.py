"""The short links of the public figures, at the site root (`/p?<code>`, public.shortlinks): included by
config/urls.py with an empty prefix. The code is the whole query string, not a path keyword: it is no object
id (tests/test_url_access.py), and the page walkers open the bare `/p` (a 404)."""

from django.urls import path

from public import card_views

urlpatterns = [path("p", card_views.short_link, name="public_short")]
