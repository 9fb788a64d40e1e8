"""The short links of the public figures, at the site root (`/p/<code>`, public.shortlinks): included by
config/urls.py with an empty prefix. Unnamed: the code is not an object id (tests/test_url_access.py)."""

from django.urls import re_path

from public import card_views, shortlinks

urlpatterns = [re_path(shortlinks.PATTERN, card_views.short_link)]
