"""Region-code arithmetic lives in one module, `rules.region_codes` (re-exported by `regions.codes`)."""

from __future__ import annotations

import re
from pathlib import Path

from rules import region_codes as rc

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "rules" / "region_codes.py"
# Prefix, level and parent computations on dotted codes written out by hand.
ARITHMETIC = re.compile(
    r'\.count\("\."\)|\.split\("\."\)\[:|"\."\.join\(|rsplit\("\.", 1\)\[0\]|startswith\(f"\{[^}]+\}\."\)'
)


def test_the_arithmetic() -> None:
    assert rc.at_level("64.74.01.1001", 2) == "64.74" and rc.at_level("64.74", 3) == "64.74"
    assert rc.lineage("64.74.01") == ["64", "64.74", "64.74.01"] and rc.lineage("") == []
    assert [rc.child_level(c) for c in ("64", "64.74", "64.74.01", "64.74.01.1001")] == [2, 3, 4, 4]
    assert rc.level_of("64.74.01.1001") == 4 and rc.parent_code("64") is None
    assert rc.code_is_within("64.74", "64.74") and not rc.code_is_within("64.741", "64.74")
    assert rc.common_ancestor(["64.74.01.1001", "64.74.02.2001"]) == "64.74"
    assert rc.common_ancestor(["64.01", "63.01"]) == "" and rc.common_ancestor([]) == ""


def test_no_other_module_computes_with_region_codes() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and path != HOME
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ARITHMETIC.search(line)
    ]
    assert offenders == []
