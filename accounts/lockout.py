"""What a client sees once django-axes has locked its username or address after repeated failed logins."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The login page again, with the time from which a new try is accepted (429 Too Many Requests).

    Every attempt during the lock starts the cool-off again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    so "now + cool-off" is exactly when the lock ends if nobody tries before then."""
    cool_off = get_cool_off(request)
    until = timezone.localtime() + cool_off if cool_off else None
    return render(request, "registration/login.html", {"locked_until": until}, status=429)
