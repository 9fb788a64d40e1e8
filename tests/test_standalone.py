"""The repository stands alone: what it runs, tests and cites is inside it (`.ci/run` also runs the suite from
a fresh clone with nothing beside it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from demo.builder import SEED_REGIONS
from regions.actions import official_regions
from regions.codes import code_is_within

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", ".git", "node_modules", "media", "staticfiles", "test-artifacts", "var"}
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".yml", ".yaml", ".sh", ".js", ".css"}
# Places outside the repository that code, tests or comments once relied on (the pieces are joined so that
# this file does not name them itself).
OUTSIDE = [
    "../" + "shared",
    "/work/" + "shared",
    "DECISIONS" + ".md",
    "REFERENCE" + ".md",
    "CONVENTIONS" + ".md",
    "GROWTH_" + "SPEC",
]
GEO = ROOT / "data" / "geo"


def text_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts) or not path.is_file():
            continue
        if path.suffix in TEXT_SUFFIXES or path.name == "Makefile" or relative == Path(".ci/run"):
            files.append(path)
    return files


def test_nothing_refers_to_files_outside_the_repository() -> None:
    offenders = []
    for path in text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in OUTSIDE:
                if name in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {name}")
    assert len(text_files()) > 300
    assert offenders == []


def test_every_citation_of_the_domain_rules_names_a_section() -> None:
    """`docs/domain.md "SKDN"` in a comment must match a heading of docs/domain.md, so a reader finds it."""
    headings = {
        line.lstrip("#").strip()
        for line in (ROOT / "docs" / "domain.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    citation = re.compile(r'domain\.md`? ((?:"[^"]+"(?:, )?)+)')
    cited: dict[str, set[str]] = {}
    for path in text_files():
        # A citation may be wrapped over two lines of a docstring or a comment.
        text = re.sub(r"\s*\n\s*(?:# )?", " ", path.read_text(encoding="utf-8"))
        for group in citation.findall(text):
            for section in re.findall(r'"([^"]+)"', group):
                cited.setdefault(section, set()).add(str(path.relative_to(ROOT)))
    unknown = {section: sorted(paths) for section, paths in cited.items() if section not in headings}
    assert len(cited) > 20
    assert unknown == {}


def test_the_demo_regions_have_boundaries_in_the_repository() -> None:
    """`make run` imports data/geo: every kecamatan and desa/kelurahan of the demo's kabupaten/kota, the
    kabupaten/kota of their provinces and the provinces have a shape there, and nothing else is shipped."""
    features: dict[str, str] = {}
    for path in sorted(GEO.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            features[feature["properties"]["kode"]] = path.name
    provinces = {code.split(".")[0] for code in SEED_REGIONS}
    expected = {
        code
        for code, _name in official_regions()
        if code in provinces
        or (code.count(".") == 1 and code.split(".")[0] in provinces)
        or any(code_is_within(code, kabkota) and code != kabkota for kabkota in SEED_REGIONS)
    }
    assert set(features) == expected
    assert len(expected) == 3 + 33 + 45 + 15 + 194 + 185 + 148
    assert (GEO / "LICENSE").read_text().startswith("MIT License\n\nCopyright (c) 2024 Cahya DSN")
