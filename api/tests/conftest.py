from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from api import actions


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """The rate limits count in Django's cache; each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


def token_of(user: Any, *, can_write: bool = False, **kwargs: Any) -> str:
    _token, secret = actions.create_token(user, name="tes", can_write=can_write, **kwargs)
    return secret


class TokenClient(Client):
    """A client that sends `Authorization: Bearer <secret>` with every request."""

    def __init__(self, secret: str, **kwargs: Any) -> None:
        super().__init__(headers={"Authorization": f"Bearer {secret}"}, **kwargs)
