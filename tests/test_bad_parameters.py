"""Every GET page of the project, called with malformed, out-of-range and absurd values of the query
parameters the views read (months, years, dates, region codes, page numbers, ids, choices), never answers
with a 500: a bad value falls back to the default (with a message where the page has a place for it) or is
refused with a 400/404. The URLs are enumerated, so a new page is covered without editing this test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import URL_ID_MODELS

# Every name the project's views read from request.GET (grep `request.GET`, and the fields of forms bound
# to it: ReferralFilterForm).
PARAMETERS = [
    "bulan", "tahun", "tanggal", "dari", "sampai", "wilayah", "posyandu", "kampanye", "page", "halaman",
    "indikator", "status", "urgensi", "alasan", "q", "format", "masalah", "asal", "kategori", "jenis",
    "minimal", "semua", "daftar", "warga", "tahap", "hari_buka", "dengan", "household", "mother",
    "household_cari", "ringkasan", "peran",
]  # fmt: skip

ABSURD_VALUES = [
    "abc", "0001-01", "9999-12", "2026-13", "-1", "0", "99999999999999999999", "../", "'", "x" * 10_000,
    "64.74.01.1001.9",
]  # fmt: skip

ALLOWED = {200, 302, 400, 403, 404, 405}


def get_urls() -> Iterator[tuple[str, list[str]]]:
    """(namespaced url name, keyword names) of every pattern outside Django's admin."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}", list(entry.pattern.converters)

    return walk(get_resolver().url_patterns, "")


def concrete_urls(world: Any) -> list[str]:
    """Each URL, its id filled with an object the kabupaten officer can see."""
    insider = world.users["kabupaten"]
    urls = []
    for name, kwargs in get_urls():
        filled = {}
        for kwarg in kwargs:
            model = URL_ID_MODELS[kwarg]
            obj = model._default_manager.visible_to(insider).order_by("pk").first()  # type: ignore[attr-defined]
            assert obj is not None, f"the test world has no {model.__name__} for {name}"
            filled[kwarg] = obj.pk
        url = reverse(name, kwargs=filled)
        if "logout" not in url:
            urls.append(url)
    return urls


def failures(client: Client, url: str, value: str) -> list[str]:
    """Every parameter at once with `value`; on a 500, each parameter alone to name the culprit."""
    status = client.get(url, dict.fromkeys(PARAMETERS, value)).status_code
    if status in ALLOWED:
        return []
    culprits = [
        f"{url}?{key}={value[:30]} gave {code}"
        for key in PARAMETERS
        if (code := client.get(url, {key: value}).status_code) not in ALLOWED
    ]
    return culprits or [f"{url} with every parameter = {value[:30]} gave {status}"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kabupaten", "kader_a"])
def test_absurd_query_parameters_never_give_a_500(world: Any, persona: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[persona])
    urls = concrete_urls(world)
    assert len(urls) >= 40
    found = [problem for url in urls for value in ABSURD_VALUES for problem in failures(client, url, value)]
    assert found == [], "\n".join(found)
