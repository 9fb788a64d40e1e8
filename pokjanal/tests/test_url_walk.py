"""The project-wide URL walk (tests/test_url_access.py) with this app's tables in the database fingerprint, so
a refused request that changed any Tim Pembina record would fail it too."""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_url_access as walk


@pytest.mark.django_db
def test_url_walk_covers_pokjanal_tables(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "PROJECT_APPS", walk.PROJECT_APPS | {"pokjanal"})
    pokjanal_urls = [name for name, _kwargs in walk.id_urls() if name.startswith("pokjanal:")]
    assert len(pokjanal_urls) == 43
    walk.test_out_of_region_is_404_and_read_only_write_is_403(world)
