"""Strict readers of environment variables: a malformed value stops start-up with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_int


def test_env_int_reads_a_whole_number_within_its_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEADLINE_DAY", raising=False)
    assert env_int("DEADLINE_DAY", 5, minimum=1, maximum=28) == 5
    monkeypatch.setenv("DEADLINE_DAY", " 10 ")
    assert env_int("DEADLINE_DAY", 5, minimum=1, maximum=28) == 10
    for bad, message in (
        ("sepuluh", "DEADLINE_DAY must be a whole number; got 'sepuluh'"),
        ("31", "DEADLINE_DAY must be between 1 and 28; got 31"),
        ("0", "DEADLINE_DAY must be between 1 and 28; got 0"),
    ):
        monkeypatch.setenv("DEADLINE_DAY", bad)
        with pytest.raises(ImproperlyConfigured) as refused:
            env_int("DEADLINE_DAY", 5, minimum=1, maximum=28)
        assert str(refused.value) == message
