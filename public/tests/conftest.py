from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """The public pages keep their figures in the cache: no test sees another's."""
    cache.clear()
    yield
    cache.clear()
