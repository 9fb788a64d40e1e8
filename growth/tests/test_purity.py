"""The growth package is pure domain maths: importing any module pulls in no Django (docs/conventions.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "growth",
    "growth.age",
    "growth.anthro",
    "growth.anthroplus",
    "growth.categories",
    "growth.cli",
    "growth.curves",
    "growth.prevalence",
    "growth.weight_gain",
    "growth.tables",
]


def test_no_django_at_import_time() -> None:
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {MODULES!r}]; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_every_module_is_listed() -> None:
    found = {
        "growth." + p.stem if p.stem != "__init__" else "growth"
        for p in (ROOT / "growth").glob("*.py")
        if p.stem != "__main__"
    }
    assert found <= set(MODULES) | {"growth.inputs", "growth.indicators", "growth.lms", "growth.rounding",
                                     "growth.weight_for_lenhei"}  # fmt: skip
