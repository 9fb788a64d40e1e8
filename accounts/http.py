"""The request type of views: LoginRequiredMiddleware guarantees an authenticated project user, and
django-htmx's middleware adds `htmx`."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # narrower than HttpRequest's User | AnonymousUser: LoginRequiredMiddleware guarantees it
    htmx: HtmxDetails
