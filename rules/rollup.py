"""Figures keyed by region code rolled up the Kemendagri hierarchy (codes nest by prefix; their arithmetic is
`rules.region_codes`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from rules.region_codes import at_level

T = TypeVar("T")


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
