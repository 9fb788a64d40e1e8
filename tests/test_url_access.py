"""Every URL of the project that takes an object id, walked automatically: outside the user's region it is a
404, a read-only user's write is a 403, and neither refusal changes the database. A new URL is covered
without editing this test (its id keyword must be registered with `accounts.access.register_url_id`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import URL_ID_MODELS


def project_apps() -> set[str]:
    """The project's own apps (those living in the repository, not in the virtual environment)."""
    root = Path(settings.BASE_DIR)
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(root) and ".venv" not in Path(config.path).parts
    }


def id_urls() -> Iterator[tuple[str, list[str]]]:
    """(namespaced url name, id keywords) of every pattern that takes keyword arguments."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                if entry.app_name == "admin":
                    continue  # Django's admin has its own permission system, for administrators only
                if entry.app_name == "ninja":
                    continue  # the token API (401 without a token): its twin is api/tests/test_api_access.py
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.pattern.converters:
                yield f"{namespace}{entry.name}", list(entry.pattern.converters)

    return walk(get_resolver().url_patterns, "")


def plain_urls() -> Iterator[str]:
    """The namespaced name of every pattern that takes no object id."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name in {"admin", "ninja"}:
                    continue  # the token API is walked by its twin, api/tests/test_api_access.py
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
                yield f"{namespace}{entry.name}"

    return walk(get_resolver().url_patterns, "")


# The URLs without an id where a read-only user may send something: their own session, language and password.
# Every other one (a form creating a record, the offline sync) is a write, refused with a 403.
# A read-only user makes read-only API tokens and revokes their own, as they change their own password.
READ_ONLY_MAY_POST = {
    "login",
    "logout",
    "set_language",
    "accounts:password_change",
    "api:tokens",
    "api:revoke",
}
# The URLs that take no id and are open without a login; every other one asks for a login first
# (LoginRequiredMiddleware): the pages, the exports and the data a phone stores for the offline day
# (offline:rules, the rules its evaluator applies, is any logged-in user's). The offline day's service worker
# and web app manifest hold no data and are fetched by the browser itself; its ping answers an empty 204.
# The public pages (issue 17) show a region's aggregates to everyone: `?wilayah=` names the region, so they
# take no id (an outsider's 200 is their purpose, not a leak).
PUBLIC_URLS = {
    "login", "set_language", "offline:service_worker", "offline:manifest", "public:index", "public:region",
    "public:csv", "public:embed", "public:card_region", "public:card_posyandu", "public:share",
    "public_short", "offline:ping",
}  # fmt: skip
# A phone's sync answers an ended session with a 401 in JSON, which its script can tell from a page.
JSON_URLS = {"offline:sync"}
# Kept results a read may write, like a cache: a posyandu's facts of a period (pokjanal.facts_store).
KEPT_ON_READ = {"pokjanal.StoredFacts"}


def database_fingerprint() -> str:
    """The project's data, without what a read may keep (KEPT_ON_READ)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label not in project_apps() or model._meta.label in KEPT_ON_READ:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_id_keyword_is_registered() -> None:
    urls = list(id_urls())
    assert len(urls) >= 10
    for name, kwargs in urls:
        assert len(kwargs) == 1, f"{name}: one object id per URL keeps access checks simple"
        assert kwargs[0] in URL_ID_MODELS, (
            f"{name}: register the URL keyword {kwargs[0]!r} with register_url_id"
        )


@pytest.mark.django_db
def test_only_the_public_urls_open_without_a_login() -> None:
    names = set(plain_urls())
    assert names > PUBLIC_URLS and "offline:rules" in names
    anonymous = Client()
    for name in sorted(names):
        url = reverse(name)
        response = anonymous.get(url)
        if name in PUBLIC_URLS:
            assert not response.get("Location", "").startswith("/masuk/?next="), url
        elif name in JSON_URLS:
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/masuk/?next="), url


@pytest.mark.django_db
def test_out_of_region_is_404_and_read_only_write_is_403(world: Any) -> None:
    insider = world.users["kabupaten"]
    outsiders = [world.users["other_kabupaten"], world.users["kader_b"]]
    viewer = client_for(world.users["kabupaten_viewer"])
    insider_client = client_for(insider)
    outsider_clients = [client_for(u) for u in outsiders]
    refused_writes = 0
    for name, (kwarg,) in id_urls():
        model = URL_ID_MODELS[kwarg]
        obj = model._default_manager.visible_to(insider).order_by("pk").first()  # type: ignore[attr-defined]
        assert obj is not None, f"the test world has no {model.__name__} for {name}"
        for outsider in outsiders:
            hidden = model._default_manager.visible_to(outsider).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
            assert not hidden, f"{name}: {outsider} must not see {obj!r}"
        url = reverse(name, kwargs={kwarg: obj.pk})

        assert insider_client.get(url).status_code in {200, 302, 405}, url

        before = database_fingerprint()
        for client in outsider_clients:
            # 405 (a method the view does not take) is decided before the object is looked up, so it
            # reveals nothing; the method the view does take must give 404.
            statuses = {client.get(url).status_code, client.post(url, {}).status_code}
            assert statuses <= {404, 405} and 404 in statuses, f"{url} by an outsider gave {statuses}"
        status = viewer.post(url, {})
        assert status.status_code in {403, 405}, f"POST {url} by a read-only user gave {status.status_code}"
        refused_writes += status.status_code == 403
        assert database_fingerprint() == before, f"{url}: a refused request changed the database"
    assert refused_writes >= 8


@pytest.mark.django_db
def test_a_read_only_write_to_a_url_without_an_id_is_403(world: Any) -> None:
    viewer = client_for(world.users["kabupaten_viewer"])
    before = database_fingerprint()
    refused = []
    for name in plain_urls():
        if name in READ_ONLY_MAY_POST:
            continue
        status = viewer.post(reverse(name), {}).status_code
        assert status in {403, 405}, f"POST {name} by a read-only user gave {status}"
        if status == 403:
            refused.append(name)
    assert database_fingerprint() == before
    assert {"offline:sync", "people:create", "visits:day_create"} <= set(refused)
