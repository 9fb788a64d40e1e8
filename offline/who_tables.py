"""The WHO LMS tables as one JSON document for the phone (static/js/offline/growth.js computes the offline
day's z-scores from it).

Built from `growth.tables.load`, the loader the server's growth library computes with, so the phone holds
the very numbers the server uses; nothing is copied. Every table the library has is served: the offline day's
assessment uses all but the skinfold tables (tsanthro, ssanthro), which the posyandu does not measure; they
are served too so that the browser test runs every row of WHO's reference output through growth.js, for
about 45 kB of the 152 kB gzipped (616 kB plain).

Format: `{"version": V, "tables": {name: {"key": K, "first": F, "last": L, "l": [...], "m": [...],
"s": [...]}}}`. K is "day", "month" or "tenth_cm" (the length/height tables: 45.0 cm is 450); F and L are
the keys covered, the same for both sexes; each column holds the boys' rows F..L, then the girls'. Numbers
are written as Python's shortest round-trip text, which JSON.parse reads back to the same doubles. V is the
first 16 hex digits of the tables' sha256, so a phone can tell whether it holds the current tables.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import cache

from growth.tables import DAY_TABLES, LENHEI_TABLES, MONTH_TABLES, TABLE_NAMES, load

KEYS = {**dict.fromkeys(DAY_TABLES, "day"), **dict.fromkeys(LENHEI_TABLES, "tenth_cm")}
KEYS.update(dict.fromkeys(MONTH_TABLES, "month"))


@dataclass(frozen=True)
class TablesDocument:
    """The JSON text, its gzip compression (made once: the tables change only with a release) and its
    version."""

    body: bytes
    gzipped: bytes
    version: str


def _numbers(column: list[float]) -> list[int | float]:
    # 1 rather than 1.0: shorter, and JSON.parse gives the same double.
    return [int(x) if x.is_integer() else x for x in column]


@cache
def document() -> TablesDocument:
    tables = {}
    for name in TABLE_NAMES:
        table = load(name)
        tables[name] = {
            "key": KEYS[name],
            "first": table.first,
            "last": table.last,
            "l": _numbers(table.l.tolist()),
            "m": _numbers(table.m.tolist()),
            "s": _numbers(table.s.tolist()),
        }
    tables_json = json.dumps(tables, separators=(",", ":"))
    version = hashlib.sha256(tables_json.encode()).hexdigest()[:16]
    body = f'{{"version":"{version}","tables":{tables_json}}}'.encode()
    # mtime=0: the same bytes in every process, so any worker answers a conditional request alike.
    return TablesDocument(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0), version=version)
