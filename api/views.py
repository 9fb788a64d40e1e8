"""The API's pages: the documentation (Swagger UI from django-ninja's own static files, so it needs no CDN
and keeps to the Content-Security-Policy) and a user's personal tokens: create one (its secret is shown
once, on the answer to the form), see them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from api import actions
from api.forms import RevokeForm, TokenForm
from api.models import ApiToken
from api.v1 import api
from web.form_views import add_action_errors


@require_GET
def docs(request: AuthedRequest) -> HttpResponse:
    """Swagger UI for `/api/v1/openapi.json`; "Authorize" takes a token to try the operations. The page
    holds no code: the settings go as JSON data, read by django-ninja's `swagger-ui-init.js`."""
    settings = {"layout": "BaseLayout", "deepLinking": True, "url": reverse("api:v1:openapi-json")}
    return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


def _list_page(
    request: AuthedRequest, form: TokenForm, *, secret: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "secret": secret,
            "docs_url": reverse("api:docs"),
            "base_url": request.build_absolute_uri(reverse("api:v1:api-root")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def tokens(request: AuthedRequest) -> HttpResponse:
    """The user's tokens and the form that makes one. A new token's secret is shown on this answer only:
    the page is never cached (`web.private_pages`) and the secret is not stored."""
    may_write = request.user.can_write
    form = TokenForm(request.POST or None, may_write=may_write)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.create_token(
                request.user,
                name=form.cleaned_data["name"],
                can_write=bool(form.cleaned_data.get("can_write")),
                expires_at=form.expires_at(),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("Token %(name)s dibuat. Salin sekarang: token ini tidak ditampilkan lagi.")
                % {"name": token.name},
            )
            return _list_page(request, TokenForm(may_write=may_write), secret=secret)
    return _list_page(request, form, status=400 if request.method == "POST" else 200)


@require_POST
def revoke(request: AuthedRequest) -> HttpResponse:
    """Revoke one of the user's tokens (a token of someone else is not among the choices: 404)."""
    form = RevokeForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Token tidak ditemukan."))
        return HttpResponseRedirect(reverse("api:tokens"))
    token = actions.revoke_token(request.user, form.cleaned_data["token"])
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return HttpResponseRedirect(reverse("api:tokens"))
