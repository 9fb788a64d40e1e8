"""Version 1 of the REST API (docs/interop.md "The API"): one `NinjaAPI` under `/api/v1/`, every operation
behind a personal token (`api.v1.auth`) and its rate limit, errors answered in JSON with Indonesian
messages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from api.v1 import figures, registry, visits
from api.v1.auth import TokenAuth, TokenRateThrottle

api = NinjaAPI(
    title="Posyandu API",
    version="1",
    description=(
        "Data of the user's area, read (and visits recorded) with a personal token created on /api/token/. "
        "Send it as `Authorization: Bearer <token>`. NIK are masked."
    ),
    urls_namespace="api:v1",
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    docs_url=None,  # the documentation page is /api/docs (api.views.docs), behind the login
)
api.add_router("", registry.router)
api.add_router("", visits.router)
api.add_router("", figures.router)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = _(
        "Token tidak dikenal, sudah dicabut atau kedaluwarsa. Kirim header Authorization: Bearer <token>."
    )
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    message = _("Terlalu banyak permintaan; coba lagi sebentar lagi.")
    return api.create_response(request, {"detail": message}, status=429)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = _("Tidak ditemukan di wilayah Anda.")
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = _("Token atau akun ini tidak boleh menulis.")
    return api.create_response(request, {"detail": message}, status=403)
