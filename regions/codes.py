"""Kemendagri region codes (Kepmendagri 300.2.2-2138/2025): dotted, nested by prefix.

`64` ⊃ `64.74` ⊃ `64.74.01` ⊃ `64.74.01.1001`. A region and everything below it is the half-open string
range [code, code + "/"): "/" is the character right after ".", and a code holds only digits and dots, so the
range holds exactly the code itself and the codes that start with code + "." (never `64.740`, whose next
character "0" sorts after "/"). One range on an indexed column is one index scan on SQLite and PostgreSQL
alike, where LIKE 'x%' is not (SQLite's ESCAPE clause defeats its index) and an OR of the code and its
descendants is two (and keeps SQLite from a partial index such as the open referrals').
"""

from django.db.models import Q

# The arithmetic itself is pure (report arithmetic needs it too): rules.region_codes.
from rules.region_codes import (
    DESA_LEVEL,
    at_level,
    child_level,
    code_is_within,
    common_ancestor,
    is_region_code,
    level_of,
    lineage,
    parent_code,
)

__all__ = [
    "DESA_LEVEL",
    "at_level",
    "child_level",
    "code_is_within",
    "common_ancestor",
    "is_region_code",
    "level_of",
    "lineage",
    "parent_code",
    "within_any_q",
    "within_q",
]


def within_q(field: str, code: str) -> Q:
    """Rows whose region code `field` is `code` or lies below it."""
    return Q(**{f"{field}__gte": code, f"{field}__lt": f"{code}/"})


def within_any_q(field: str, codes: list[str] | tuple[str, ...]) -> Q:
    if not codes:
        return Q(pk__in=[])
    q = within_q(field, codes[0])
    for code in codes[1:]:
        q |= within_q(field, code)
    return q
