"""Kemendagri region codes (Kepmendagri 300.2.2-2138/2025): dotted, nested by prefix, the one place their
arithmetic lives. `64` ⊃ `64.74` ⊃ `64.74.01` ⊃ `64.74.01.1001`: provinsi (level 1), kabupaten/kota (2),
kecamatan (3), desa/kelurahan (4). A code's ancestor at a level is its first `level` parts.

Pure (the report arithmetic, `rules.rollup`, uses it); `regions.codes` adds the database filters."""

from __future__ import annotations

import re
from collections.abc import Iterable

DESA_LEVEL = 4

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def is_region_code(code: str) -> bool:
    return bool(_CODE.match(code))


def level_of(code: str) -> int:
    return code.count(".") + 1


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def at_level(code: str, level: int) -> str:
    """The code's ancestor at `level` (the code itself when it is at or above that level)."""
    return ".".join(code.split(".")[:level])


def lineage(code: str) -> list[str]:
    """The code and its ancestors, from the provinsi down: `64.74.01` → `64`, `64.74`, `64.74.01`."""
    parts = code.split(".") if code else []
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def child_level(code: str) -> int:
    """The level of the areas directly below a region (a desa has none below it: its own level)."""
    return min(level_of(code) + 1, DESA_LEVEL)


def code_is_within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(f"{ancestor}.")


def common_ancestor(codes: Iterable[str]) -> str:
    """The narrowest region holding every code ("" when they share no provinsi, or there are none)."""
    lines = [lineage(code) for code in codes]
    common = ""
    for level in zip(*lines, strict=False):
        if len(set(level)) != 1:
            break
        common = level[0]
    return common
