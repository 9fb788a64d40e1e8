from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from api import views
from api.v1 import api

app_name = "api"


def _token_authenticated(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The operations authenticate by token, not by the session: LoginRequiredMiddleware lets them through
    and each answers 401 without a valid token (`api.v1.auth`). The schema holds no data (it is the code's)
    and is open too; the documentation page is behind the login like every page."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name != "api-root":
            login_not_required(pattern.callback)
    return patterns


v1_patterns, v1_app, v1_namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("docs", views.docs, name="docs"),
    path("token/", views.tokens, name="tokens"),
    path("token/cabut/", views.revoke, name="revoke"),
    path("v1/", (_token_authenticated(v1_patterns), v1_app, v1_namespace)),
]
