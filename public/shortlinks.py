"""Short links to a public figure: `/p?<code>`, where the code is read back into the page it stands for, so
nothing is stored (a GET writes nothing) and a link never goes stale.

A code is the figure's letter, the region code and, for a given month, "-YYYYMM": `d64.74` is the D/S of
Kota Bontang this month, `s64.74.01-202611` the stunting of a kecamatan in November 2026."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

LETTERS = {"ringkasan": "r", "ds": "d", "nd": "n", "stunting": "s", "wasting": "w", "posyandu": "p"}
KINDS = {letter: kind for kind, letter in LETTERS.items()}
CODE = re.compile(r"^([rdnswp])([0-9][0-9.]{0,19})(?:-([0-9]{4})([0-9]{2}))?$")


def code_for(region_code: str, kind: str, month: datetime.date | None = None) -> str:
    suffix = f"-{month:%Y%m}" if month is not None else ""
    return f"{LETTERS[kind]}{region_code}{suffix}"


def path_for(code: str) -> str:
    return f"{reverse('public_short')}?{code}"


def parse(code: str) -> tuple[str, str, str] | None:
    """(region code, kind, "YYYY-MM" or "") of a code, None when it is not one."""
    found = CODE.match(code)
    if found is None:
        return None
    letter, region, year, month = found.groups()
    return region, KINDS[letter], f"{year}-{month}" if year else ""
