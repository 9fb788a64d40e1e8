"""Personal tokens through the pages and the API: a token is shown once and stored as a hash, acts as its
user, is refused once revoked or expired or for a deactivated user, and is rate limited; failed token
checks are limited per address and never lock the user's login."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from api import actions, token_secrets
from api.models import ApiToken
from api.tests.conftest import TokenClient, token_of
from audit.models import AuditEvent


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_token_made_on_the_page_is_shown_once_stored_as_a_hash_and_audited(world: Any) -> None:
    user = world.users["bidan_a"]
    page = logged_in(user)
    response = page.post("/api/token/", {"name": "Dasbor puskesmas", "can_write": "on", "valid_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    assert secret.startswith(token_secrets.MARKER) and secret in response.content.decode()
    assert token.secret_sha256 == token_secrets.digest(secret) and secret not in str(
        ApiToken.objects.filter(pk=token.pk).values_list()[0]
    )
    assert token.can_write and token.prefix == secret[: token_secrets.PREFIX_LENGTH]
    assert token.expires_at is not None and token.expires_at > timezone.now() + datetime.timedelta(days=29)
    event = AuditEvent.objects.get(verb="create_api_token")
    assert event.actor == user and event.region_code == world.desa_a.code
    assert secret not in str(event.changes)
    again = page.get("/api/token/")
    assert secret not in again.content.decode() and token.prefix in again.content.decode()
    assert again["Cache-Control"] == "no-store" or "no-store" in again["Cache-Control"]
    assert TokenClient(secret).get("/api/v1/posyandu").status_code == 200


@pytest.mark.django_db
def test_a_read_only_login_makes_read_only_tokens_only(world: Any) -> None:
    viewer = world.users["kabupaten_viewer"]
    page = logged_in(viewer)
    response = page.post("/api/token/", {"name": "Analisis", "can_write": "on"})
    assert response.status_code == 200
    assert ApiToken.objects.get(user=viewer).can_write is False
    with pytest.raises(Exception, match="hanya baca"):
        actions.create_token(viewer, name="x", can_write=True)


@pytest.mark.django_db
def test_a_bad_form_makes_no_token(world: Any) -> None:
    response = logged_in(world.users["kader_a"]).post("/api/token/", {"name": "", "valid_days": "7"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(verb="create_api_token").exists()


@pytest.mark.django_db
def test_revoking_on_the_page_shuts_the_token_out_and_is_audited(world: Any) -> None:
    user = world.users["kecamatan"]
    secret = token_of(user)
    api = TokenClient(secret)
    assert api.get("/api/v1/regions").status_code == 200
    token = ApiToken.objects.get(user=user)
    response = logged_in(user).post("/api/token/cabut/", {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="revoke_api_token", actor=user).count() == 1
    refused = api.get("/api/v1/regions")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"
    assert "dicabut" in refused.json()["detail"]


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(world: Any) -> None:
    secret = token_of(world.users["kader_a"])
    token = ApiToken.objects.get()
    admin_page = logged_in(world.users["admin"])
    admin_page.post("/api/token/cabut/", {"token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert TokenClient(secret).get("/api/v1/people").status_code == 200
    assert not AuditEvent.objects.filter(verb="revoke_api_token").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer psy_wrong", "Token x", "Basic a2FkZXI6eA=="],
)
def test_a_missing_or_wrong_token_is_401(world: Any, header: str) -> None:
    token_of(world.users["kabupaten"])
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get("/api/v1/people")
    assert response.status_code == 401
    assert "Budi" not in response.content.decode()


@pytest.mark.django_db
def test_an_expired_token_and_a_deactivated_user_are_401(world: Any) -> None:
    user = world.users["kabupaten"]
    expiring = token_of(user, expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert TokenClient(expiring).get("/api/v1/people").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert TokenClient(expiring).get("/api/v1/people").status_code == 401
    fresh = token_of(user)
    user.__class__.objects.filter(pk=user.pk).update(is_active=False)
    assert TokenClient(fresh).get("/api/v1/people").status_code == 401


@pytest.mark.django_db
def test_a_session_without_a_token_reads_nothing(world: Any) -> None:
    """The API answers tokens, not the browser's session (a page open in a browser cannot be made to read it
    for another site)."""
    response = logged_in(world.users["admin"]).get("/api/v1/people")
    assert response.status_code == 401


@pytest.mark.django_db
@override_settings(API_REQUESTS_PER_MINUTE=3)
def test_the_request_after_the_limit_is_429(world: Any) -> None:
    client = TokenClient(token_of(world.users["kabupaten"]))
    other = TokenClient(token_of(world.users["kabupaten"]))
    assert [client.get("/api/v1/regions").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/regions")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/regions").status_code == 200  # counted per token


@pytest.mark.django_db
@override_settings(API_FAILURES_PER_MINUTE=5)
def test_guessing_tokens_is_limited_and_never_locks_the_login(world: Any) -> None:
    from axes.models import AccessAttempt

    good = token_of(world.users["kader_a"])
    guesses = [TokenClient(f"psy_guess{i}").get("/api/v1/people").status_code for i in range(5)]
    assert guesses == [401] * 5
    assert TokenClient(good).get("/api/v1/people").status_code == 429  # the address is refused for a while
    assert not AccessAttempt.objects.exists()
    login = Client().post("/masuk/", {"username": "kader_a", "password": "x"})
    assert login.status_code == 302


@pytest.mark.django_db
def test_the_token_page_notes_when_a_token_was_last_used(world: Any) -> None:
    user = world.users["desa_a"]
    secret = token_of(user)
    assert ApiToken.objects.get().last_used_at is None
    TokenClient(secret).get("/api/v1/regions")
    used = ApiToken.objects.get().last_used_at
    assert used is not None
    page = logged_in(user).get("/api/token/")
    assert timezone.localtime(used).strftime("%d-%m-%Y %H:%M") in page.content.decode()


@pytest.mark.django_db
@override_settings(API_FAILURES_PER_MINUTE=2)
def test_requests_without_a_token_are_not_counted_as_guesses(world: Any) -> None:
    good = token_of(world.users["kader_a"])
    assert [Client().get("/api/v1/people").status_code for _ in range(4)] == [401] * 4
    assert TokenClient(good).get("/api/v1/people").status_code == 200


@pytest.mark.django_db
def test_at_most_ten_tokens_are_in_force_at_once(world: Any) -> None:
    user = world.users["kecamatan"]
    for _ in range(actions.MAX_TOKENS):
        token_of(user)
    response = logged_in(user).post("/api/token/", {"name": "satu lagi"})
    assert response.status_code == 400 and "cabut token" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == actions.MAX_TOKENS
    actions.revoke_token(user, ApiToken.objects.filter(user=user).first())  # type: ignore[arg-type]  # one exists
    assert logged_in(user).post("/api/token/", {"name": "satu lagi"}).status_code == 200
