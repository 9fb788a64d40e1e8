"""Logins resist guessing: throttled per username and per address, strong passwords, sessions that end."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.sessions import REFRESH_SECONDS

pytestmark = pytest.mark.django_db

PASSWORD = "Melati-timbang-77"


@pytest.fixture
def officer() -> Any:
    from accounts.actions import create_user
    from accounts.models import Role

    return create_user(None, username="petugas", password=PASSWORD, role=Role.ADMIN)


def attempt(client: Client, username: str, password: str, path: str = "/masuk/") -> Any:
    return client.post(path, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_username_and_the_right_one_is_refused_until_the_cool_off(
    officer: Any, settings: Any
) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        response = attempt(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), "petugas", "salah-sekali")
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah." in response.text

    # The limit is reached from yet another address: the username itself is locked.
    assert attempt(Client(REMOTE_ADDR="10.0.1.1"), "petugas", "salah-sekali").status_code == 429
    client = Client(REMOTE_ADDR="10.0.2.2")
    response = attempt(client, "petugas", PASSWORD)
    assert response.status_code == 429
    until = timezone.localtime() + settings.AXES_COOLOFF_TIME
    assert f"coba lagi setelah pukul {until:%H:%M}" in response.text
    assert not logged_in(client)

    # Once the cool-off has passed (the attempts are older than it), the right password logs in.
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    response = attempt(client, "petugas", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_an_address_guessing_many_usernames_is_locked_for_every_username(officer: Any, settings: Any) -> None:
    guesser = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(guesser, f"tebakan{n}", "salah-sekali")
    assert attempt(guesser, "petugas", PASSWORD).status_code == 429
    assert not logged_in(guesser)
    # The officer herself, from her own address, is not affected.
    own = Client(REMOTE_ADDR="10.1.1.1")
    assert attempt(own, "petugas", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(officer: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "petugas", "salah-sekali", "/admin/login/")
    response = attempt(client, "petugas", PASSWORD, "/admin/login/")
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_success_before_the_limit_clears_the_failures(officer: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.6")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "petugas", "salah-sekali")
    assert attempt(client, "petugas", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "petugas", "salah-sekali").status_code == 200
    assert attempt(client, "petugas", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "password",
    [
        "11111112",
        "2026202620",
        "posyandu2026",
        "Posyandu@2026",
        "kader123456",
        "2026-udnaysop",
        "petugas2026",
    ],
)
def test_guessable_passwords_are_refused(officer: Any, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, officer)


def test_a_long_unrelated_password_is_accepted(officer: Any) -> None:
    validate_password("Hujan-di-Bontang-77", officer)


def test_a_session_ends_after_the_idle_time_and_with_the_browser(
    officer: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_time = time.time
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the documented default
    client = Client()
    response = attempt(client, "petugas", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie

    # A request moves the expiry on (at most once a minute): idle time, not time since login.
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    session.save()
    monkeypatch.setattr(time, "time", lambda: real_time() + REFRESH_SECONDS)
    assert client.get("/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)

    # Idle for longer than that: the next request is sent to the login page.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_passwords_are_stored_with_argon2id_and_older_hashes_are_replaced_at_login(settings: Any) -> None:
    """Production's hashers (the suite's autouse fixture swaps in MD5 for speed): a login created before
    Argon2id, with a PBKDF2 hash, still logs in and leaves an Argon2id hash at OWASP's parameters."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User
    from config import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    old = User.objects.create(
        username="lama", role=Role.ADMIN, password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert old.password.startswith("pbkdf2_sha256$")

    client = Client()
    attempt(client, "lama", PASSWORD)

    assert logged_in(client)
    old.refresh_from_db()
    assert old.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert old.check_password(PASSWORD)
