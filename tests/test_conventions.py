"""Checks of the codebase's own rules (docs/conventions.md)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ["growth", "rules", "reporting"]


def view_files() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*views*.py")
        if ".venv" not in p.parts and "tests" not in p.parts and p.name != "__init__.py"
    ]


def test_views_never_fetch_objects_without_scoping() -> None:
    """Views reach objects through access_*() or visible_to(); a bare .objects.get( or get_object_or_404(
    would skip the region check."""
    offenders = []
    pattern = re.compile(r"\.objects\.get\(|get_object_or_404\(")
    for path in view_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert view_files(), "no view modules found"
    assert offenders == []


def test_views_read_query_parameters_through_web_query() -> None:
    """`?bulan=`, `?wilayah=`, `?page=` ... are read with web.query, which falls back with a visible notice;
    a bare request.GET.get( would fall back silently (or fail)."""
    pattern = re.compile(r"request\.GET\.get\(|request\.GET\[")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in view_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_pure_packages_do_not_import_django() -> None:
    for package in PURE_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                assert not any(n == "django" or n.startswith("django.") for n in names), path
    # And at run time: importing them pulls in no Django module.
    code = (
        "import sys, rules.nik, rules.service; assert not [m for m in sys.modules if m.startswith('django')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_grab_bag_modules() -> None:
    names = {p.name for p in ROOT.rglob("*.py") if ".venv" not in p.parts}
    assert "utils.py" not in names and "helpers.py" not in names
