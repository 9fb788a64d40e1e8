"""A request reads its login with the login's posyandu: a kader's scope then costs no query of its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.backends import UserBackend
from accounts.scope import scope_of

pytestmark = pytest.mark.django_db


def test_a_kader_read_by_the_backend_has_her_scope_without_another_query(
    world: Any, django_assert_num_queries: Any
) -> None:
    kader = world.users["kader_a"]
    with django_assert_num_queries(1):
        user = UserBackend().get_user(kader.pk)
        assert user is not None
        scope = scope_of(user)
    assert scope.posyandu_id == world.posyandu_a.pk
    assert scope.region_codes == (world.posyandu_a.desa_id,)


def test_an_inactive_login_is_not_read(world: Any) -> None:
    kader = world.users["kader_a"]
    kader.is_active = False
    kader.save(update_fields=["is_active"])
    assert UserBackend().get_user(kader.pk) is None


def test_a_login_through_the_page_is_kept_by_the_backend(world: Any) -> None:
    kader = world.users["kader_a"]
    kader.set_password("Timbang-serentak-2026")
    kader.save(update_fields=["password"])
    client = Client()
    client.post(reverse("login"), {"username": kader.username, "password": "Timbang-serentak-2026"})
    assert client.session["_auth_user_backend"] == "accounts.backends.UserBackend"
    assert client.get(reverse("home")).context["user"].pk == kader.pk
