"""The page that lists every exchange with other systems, so each is found from the menu in one place."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """What this user can send out, take in and open to programs; each part's own page checks access again."""
    return render(request, "exchange/index.html")
