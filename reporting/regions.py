"""Kemendagri region codes nest by prefix (`64` ⊃ `64.74` ⊃ `64.74.01` ⊃ `64.74.01.1001`): the ancestor of a
code at a level is its first `level` parts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def at_level(code: str, level: int) -> str:
    return ".".join(code.split(".")[:level])


def rollup(values: Mapping[str, T], level: int, add: Callable[[T, T], T]) -> dict[str, T]:
    """Sum `values` keyed by region code (at any depth ≥ `level`) into their ancestors at `level`."""
    out: dict[str, T] = {}
    for code, value in values.items():
        key = at_level(code, level)
        out[key] = add(out[key], value) if key in out else value
    return out


def total(values: Iterable[T], add: Callable[[T, T], T], zero: T) -> T:
    result = zero
    for value in values:
        result = add(result, value)
    return result
