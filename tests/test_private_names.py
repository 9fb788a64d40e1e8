"""No package imports another's private names (issue 13): a name starting with an underscore may change or go
at any time, so a rule another app needs is public, with a docstring, in the package it belongs to."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {p.parent.name for p in ROOT.glob("*/__init__.py")}


def _is_private(name: str) -> bool:
    # `_` alone is the translation marker (rules.screening._), not a private name.
    return name.startswith("_") and not name.startswith("__") and name != "_"


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private_uses(source: str, own: str) -> list[str]:
    """`from other.module import _name` and `other_module._name` in the source of a module of package `own`,
    where `other` is another package of the project."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name → a module of another package
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            package = node.module.split(".")[0]
            if package not in PACKAGES or package == own:
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                elif _is_module(f"{node.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                package = alias.name.split(".")[0]
                if package in PACKAGES and package != own:
                    # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                    modules[alias.asname or package] = alias.name if alias.asname else package
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _is_private(node.attr)
        ):
            found.append(f"{node.lineno}: {modules[node.value.id]}.{node.attr}")
    return found


def test_no_package_uses_another_packages_private_names() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{use}"
        for path in sorted(ROOT.rglob("*.py"))
        if not {".venv", "migrations"} & set(path.parts) and path.parent != ROOT
        for use in private_uses(path.read_text(), own=path.relative_to(ROOT).parts[0])
    ]
    assert offenders == []


def test_the_check_finds_both_forms_in_another_package_only() -> None:
    source = (
        "from visits.actions import _refresh\n"
        "from rules import assessment\n"
        "import rules.screening as screening\n"
        "assessment._screening(screening._rules)\n"
        "from campaigns import _own, kept\n"
        "kept._path()\n"
        "from rules.screening import _\n"
    )
    assert private_uses(source, own="campaigns") == [
        "1: from visits.actions import _refresh",
        "4: rules.assessment._screening",
        "4: rules.screening._rules",
    ]
