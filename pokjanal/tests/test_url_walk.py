"""This app's URLs are part of the project-wide walk (tests/test_url_access.py): every id keyword is
registered, and its tables are in the database fingerprint that proves refusals change nothing."""

from __future__ import annotations

from accounts.access import URL_ID_MODELS
from tests import test_url_access as walk


def test_pokjanal_urls_are_walked() -> None:
    urls = [(name, kwargs) for name, kwargs in walk.id_urls() if name.startswith("pokjanal:")]
    assert len(urls) == 46
    assert {kwargs[0] for _name, kwargs in urls} <= set(URL_ID_MODELS)
    assert "pokjanal" in walk.project_apps()
