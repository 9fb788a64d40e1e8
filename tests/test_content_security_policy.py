"""The Content-Security-Policy: every page is sent a policy that allows scripts and styles only from the
site's own files, and no page holds what that policy would block (inline code, style attributes, event
handlers), so nothing breaks for the user. Every page of the project is walked, as for
tests/test_url_access.py: a new page is covered without editing this test."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import URL_ID_MODELS

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response: Any) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources} (django-csp does not keep their order)."""
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, sources in directives}


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' and 'unsafe-eval' blocks in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("<script> with code")  # json_script's data is not run, so it is allowed
        for name, value in attrs:
            text = (value or "").strip().lower()
            handler = name == "style" or name.startswith(("on", "hx-on"))
            script_url = name in {"href", "src", "action", "formaction"} and text.startswith("javascript:")
            # htmx evaluates js: values, which needs 'unsafe-eval'.
            evaluated = name in {"hx-vals", "hx-vars"} and text.startswith(("js:", "javascript:"))
            if handler or script_url or evaluated:
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def page_urls(user: Any) -> Iterator[str]:
    """Every URL of the project's own pages (Django's admin apart), its ids taken from what `user` may see."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue  # Django's own pages, opened in tests/browser/test_content_security_policy.py
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}"
                if not entry.pattern.converters:
                    yield reverse(name)
                    continue
                (kwarg,) = entry.pattern.converters
                model = URL_ID_MODELS[kwarg]
                obj = model._default_manager.visible_to(user).order_by("pk").first()  # type: ignore[attr-defined]
                if obj is not None:
                    yield reverse(name, kwargs={kwarg: obj.pk})

    return walk(get_resolver().url_patterns, "")


@pytest.mark.django_db
def test_a_page_is_sent_the_policy(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kader_a"])
    response = client.get("/")
    assert response.status_code == 200
    assert policy_of(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_login_page_and_a_refusal_are_sent_the_policy(world: Any) -> None:
    anonymous = Client()
    assert policy_of(anonymous.get("/masuk/")) == POLICY
    kader = Client()
    kader.force_login(world.users["kader_b"])
    refused = kader.get(reverse("people:detail", kwargs={"person_id": world.child_a.pk}))
    assert refused.status_code == 404
    assert policy_of(refused) == POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "kader_a", "bidan_a"])
def test_no_page_holds_inline_code(world: Any, username: str) -> None:
    """Every page each of these users can open (the administrator sees all of them), as it is rendered."""
    user = world.users[username]
    client = Client()
    client.force_login(user)
    checked = 0
    for url in [*page_urls(user), "/?ringkasan=1"]:
        response = client.get(url)
        if response.status_code in {301, 302, 405} or "text/html" not in response.get("Content-Type", ""):
            continue
        assert policy_of(response) == POLICY, url
        assert inline_code(response.content.decode()) == [], url
        checked += 1
    assert checked >= 60


def test_the_inline_code_finder_finds_what_the_policy_blocks() -> None:
    page = (
        '<script src="/static/a.js"></script><script type="application/json" id="d">{"a": 1}</script>'
        "<script>alert(1)</script><style>p{}</style>"
        '<p style="color:red"></p><button onclick="go()"></button><a href="javascript:history.back()"></a>'
        '<div hx-on:click="go()"></div><div hx-vals="js:{a: 1}"></div><div hx-vals=\'{"a": 1}\'></div>'
    )
    assert inline_code(page) == [
        "<script> with code",
        "<style>",
        "<p style='color:red'>",
        "<button onclick='go()'>",
        "<a href='javascript:history.back()'>",
        "<div hx-on:click='go()'>",
        "<div hx-vals='js:{a: 1}'>",
    ]
