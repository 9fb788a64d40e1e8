"""Bahasa Indonesia unless the user chose English: the browser's language does not decide."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_english_browser_gets_the_indonesian_login_page() -> None:
    response = Client().get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id">' in html and "Nama pengguna" in html


def test_the_language_switch_chooses_english_before_logging_in() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    html = client.get("/masuk/").content.decode()
    assert '<html lang="en">' in html and "Username" in html
    client.post("/i18n/setlang/", {"language": "id", "next": "/masuk/"})
    assert '<html lang="id">' in client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
