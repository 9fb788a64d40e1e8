"""Every GET page of the project, called with malformed, out-of-range and absurd values of the query
parameters the views read (months, years, dates, region codes, page numbers, ids, choices), never answers
with a 500: a bad value falls back to the default with a visible notice naming the parameter (web/query.py),
or is refused with a 400/404. The URLs are enumerated, so a new page is covered without editing this test;
which parameters a page reads is recorded from the request itself, so a new parameter is covered too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.functional import cached_property

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

ALLOWED = {200, 204, 302, 400, 403, 404, 405}  # 204: the offline day's ping, which reads no parameter

# Free text: any value is a value (a search for "abc" finds nothing; it is not a fallback).
FREE_TEXT = {"q", "household_cari"}


class RecordingQueryDict(QueryDict):
    """request.GET that remembers which parameters the view asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.asked: set[str] = set()
        super().__init__(*args, **kwargs)
        self.asked.clear()  # building the dict asked nothing

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def getlist(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def items(self) -> Any:  # copying the query string into links reads no value
        return ((key, values[-1]) for key, values in self.lists())


def recording_get(request: WSGIRequest) -> RecordingQueryDict:
    return RecordingQueryDict(request.environ.get("QUERY_STRING", ""), encoding=request.encoding)


def asked_of(response: Any) -> set[str]:
    recorded = response.wsgi_request.GET
    assert isinstance(recorded, RecordingQueryDict)
    return recorded.asked


@pytest.fixture
def recorded_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    prop = cached_property(recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def get_urls() -> Iterator[tuple[str, list[str]]]:
    """(namespaced url name, keyword names) of every pattern outside Django's admin."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                if entry.app_name == "ninja":
                    continue  # the token API (401 without a token): api/tests/test_api_bad_parameters.py
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
    """Every parameter at once with `value`, and again with each export format for a page that reads
    `format`. A 500 names each culprit (each parameter alone)."""
    response = client.get(url, dict.fromkeys(PARAMETERS, value))
    if response.status_code not in ALLOWED:
        culprits = [
            f"{url}?{key}={value[:30]} gave {code}"
            for key in PARAMETERS
            if (code := client.get(url, {key: value}).status_code) not in ALLOWED
        ]
        return culprits or [f"{url} with every parameter = {value[:30]} gave {response.status_code}"]
    found = silent_fallbacks(response, f"{url}?…={value[:30]}")
    if response.status_code == 200 and "format" in asked_of(response):
        for fmt in ("csv", "xlsx", "pdf"):
            exported = client.get(url, {**dict.fromkeys(PARAMETERS, value), "format": fmt})
            if exported.status_code not in ALLOWED:
                found.append(f"{url}?format={fmt}&…={value[:30]} gave {exported.status_code}")
            found += silent_fallbacks(exported, f"{url}?format={fmt}&…={value[:30]}")
    return found


def silent_fallbacks(response: Any, label: str) -> list[str]:
    """A page (200) must show a notice for every parameter it read (free text aside); a file cannot show
    one, so a file that read a parameter must have refused with a 400 instead."""
    if response.status_code != 200:
        return []
    asked = asked_of(response) & set(PARAMETERS) - FREE_TEXT
    if not response["Content-Type"].startswith("text/html"):  # the format asked for was understood
        return [f"{label}: {key} read, yet a file and not a 400" for key in sorted(asked - {"format"})]
    content = response.content.decode()
    return [
        f"{label}: {key} fell back silently"
        for key in sorted(asked)
        if f'data-query-notice="{key}"' not in content
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kabupaten", "kader_a"])
def test_absurd_query_parameters_never_give_a_500(world: Any, persona: str, recorded_reads: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[persona])
    urls = concrete_urls(world)
    assert len(urls) >= 40
    found = [problem for url in urls for value in ABSURD_VALUES for problem in failures(client, url, value)]
    assert found == [], "\n".join(found)
