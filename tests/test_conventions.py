"""Checks of the codebase's own rules (docs/conventions.md)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ["growth", "rules"]


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


def source_files(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.rglob(pattern) if ".venv" not in p.parts)


def offenders_in(paths: list[Path], pattern: re.Pattern[str]) -> list[str]:
    """`file:line: match` for every match of `pattern` (which may span lines) in `paths`."""
    found = []
    for path in paths:
        text = path.read_text()
        for match in pattern.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{number}: {match.group().strip()}")
    return found


# `name={{ value }}` after `?`, `&` (or `&amp;`) or a template tag closing inside the URL, where the value is
# neither a primary key (an integer: nothing to encode) nor passed through |urlencode; and a query string
# pasted in whole (`?{{ query }}`).
HAND_BUILT_QUERY = re.compile(
    r"(?:[?&;]|%\})[\w-]+=\{\{(?!\s*[\w.]+(?:\.pk|\.id|_id)\s*\}\})(?![^}]*\|urlencode\s*\}\})|[?&]\{\{"
)


def test_templates_encode_the_values_of_query_strings() -> None:
    """A value put into a link by hand is encoded, or a region code, month or search holding `&`, `#` or a
    space would break the link: `{% querystring %}` where the page keeps its parameters (it encodes them),
    else `?wilayah={{ area.code|urlencode }}`."""
    assert source_files("*.html"), "no templates found"
    assert offenders_in(source_files("*.html"), HAND_BUILT_QUERY) == []


def test_every_type_ignore_names_its_error_code() -> None:
    """`# type: ignore[attr-defined]  # why`, never a bare one, which would also hide the next, unrelated
    error on its line."""
    bare = re.compile(r"#\s*type:\s*ignore(?!\[[\w-]+(?:\s*,\s*[\w-]+)*\])")
    offenders = []
    for path in source_files("*.py"):
        with tokenize.open(path) as source:
            for token in tokenize.generate_tokens(source.readline):
                if token.type == tokenize.COMMENT and bare.search(token.string):
                    offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]}: {token.string}")
    assert offenders == []


def test_no_function_is_exempt_from_the_complexity_limit() -> None:
    """ruff's C901 (`max-complexity` in pyproject.toml) holds for every function: one over it is split into
    functions named for what each part does, not exempted with a `noqa`."""
    exempt = re.compile(r"#\s*noqa:[^#]*\bC901\b")
    offenders = []
    for path in source_files("*.py"):
        with tokenize.open(path) as source:
            for token in tokenize.generate_tokens(source.readline):
                if token.type == tokenize.COMMENT and exempt.search(token.string):
                    offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert offenders == []


# What a Content-Security-Policy without 'unsafe-inline' blocks (tests/test_content_security_policy.py checks
# the rendered pages; this names the template and line): style attributes, event handlers (onclick=,
# hx-on:click=), <style> elements, <script> elements with code in them, and javascript: URLs.
INLINE_CODE = re.compile(
    r"(?<=\s)(?:style|on[a-z]+|hx-on[\w:.-]*)\s*=\s*[\"'{]|<style[\s>]|<script(?![^>]*\bsrc=)[^>]*>|javascript:",
    re.IGNORECASE,
)


def test_templates_hold_no_inline_styles_or_scripts() -> None:
    """Styles live in static/css and behaviour in static/js, so the policy can forbid inline code."""
    assert offenders_in(source_files("*.html"), INLINE_CODE) == []


# `{% if job.status == "done" %}`: a stored code spelled out in a template, which neither a renamed code nor
# mypy catches (pokjanal's codes changed language once). The model or dataclass answers instead
# (`job.is_done`, `dose.is_given`). A filter form's `filters.status == "semua"` compares query-string values.
RAW_STATUS_COMPARISON = re.compile(
    r"(?<!filters)\.(?:status|state)\s*(?:==|!=|\bin\b)\s*[\"']"
    r"|[\"']\s*(?:==|!=)\s*[\w.]*(?<!filters)\.(?:status|state)\b"
)


def test_templates_ask_the_model_instead_of_comparing_status_codes() -> None:
    assert offenders_in(source_files("*.html"), RAW_STATUS_COMPARISON) == []


def test_the_status_comparison_check_finds_codes_and_leaves_filters_alone() -> None:
    found = [
        bool(RAW_STATUS_COMPARISON.search(tag))
        for tag in (
            '{% if job.status == "done" %}',
            "{% elif report.status != 'verified' %}",
            '{% if "held" == rakor.status %}',
            '{% if upload.state in "failed cancelled" %}',
            '{% if filters.status == "semua" %}',
            "{% if job.is_done %}",
            '{% if person.status_note == "x" %}',
        )
    ]
    assert found == [True, True, True, True, False, False, False]


EAGER_GETTEXT = {"gettext", "ngettext", "pgettext", "npgettext"}


def eager_translations(tree: ast.Module) -> list[int]:
    """Lines where django.utils.translation.gettext (or ngettext, pgettext, npgettext), under whatever name
    it was imported, is called while the module is imported: at module level, in a class body, in a
    decorator or a default argument. Function bodies and lambdas run later and are left out."""
    names: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {a.asname or a.name for a in node.names if a.name in EAGER_GETTEXT}
        elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
            modules |= {a.asname or a.name for a in node.names if a.name == "translation"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "django.utils.translation"}

    def translates(call: ast.Call) -> bool:
        if isinstance(call.func, ast.Name):
            return call.func.id in names
        return (
            isinstance(call.func, ast.Attribute)
            and call.func.attr in EAGER_GETTEXT
            and ast.unparse(call.func.value) in modules
        )

    lines: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            run_now = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
            if not isinstance(node, ast.Lambda):
                run_now += node.decorator_list
            for expression in run_now:
                visit(expression)
            return
        if isinstance(node, ast.Call) and translates(node):
            lines.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return lines


def test_no_gettext_runs_at_import_time() -> None:
    """A label translated when its module is imported stays in the language active then (Indonesian) for
    every user: labels kept in modules and classes use gettext_lazy."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in source_files("*.py")
        for line in eager_translations(ast.parse(path.read_text()))
    ]
    assert offenders == []


def test_the_eager_gettext_check_finds_what_runs_at_import() -> None:
    source = """
from django.utils.translation import gettext as _, gettext_lazy
from django.utils import translation

LABEL = _("at import")
LAZY = gettext_lazy("later")

class Form:
    title = translation.gettext("in a class body")

    def clean(self, message=_("a default")):
        return _("when called")

KEY = lambda: _("when called")
"""
    assert eager_translations(ast.parse(source)) == [5, 9, 11]


def test_every_scoped_model_takes_visible_to_from_the_one_base() -> None:
    """A model's rows are seen through `ScopedQuerySet`: its queryset names the paths to the region code and
    the posyandu, or overrides `visible_to` with the model's own rule. Logins are the one exception: they
    are not rows of a region but the people an officer manages (`accounts.models.UserQuerySet`)."""
    from django.apps import apps

    from accounts.scope import ScopedQuerySet

    outside = sorted(
        model.__name__
        for model in apps.get_models()
        if hasattr(model._default_manager.get_queryset(), "visible_to")
        and not isinstance(model._default_manager.get_queryset(), ScopedQuerySet)
    )
    assert outside == ["User"]


# Actions whose dict parameter is not a model's fields: a visit's measurements are a set of named values that
# varies with the life stage, checked name by name against the screening rules (unknown names are refused); a
# rakor's agenda and a strata assessment's result are snapshots frozen as JSON when the meeting is held or the
# assessment proposed, so later changes to problems or rules do not rewrite what was decided.
DICT_PARAMETERS_JUSTIFIED = {
    ("visits", "check_plausible", "values"),
    ("visits", "record_visit", "measurements"),
    ("visits", "correct_visit", "measurements"),
    ("pokjanal", "hold_rakor", "agenda"),
    ("pokjanal", "move_assessment", "result"),
}


def test_actions_take_typed_arguments_not_a_dict_of_fields() -> None:
    """A public action (a function of an `actions.py` module or `actions/` package) takes its model's fields
    as typed keyword arguments (a TypedDict unpacked as `**fields`, or named ones), never a `dict[str, Any]`
    (or `object`, or a Mapping) that becomes `Model(**fields)`: mypy then checks every caller's names and
    types. A dict of typed values keyed by code (`dict[str, datetime.date]`) is no model's fields."""
    untyped = re.compile(r"^(dict|Mapping)\[str, (Any|object)\]")
    found = set()
    for path in [*ROOT.glob("*/**/actions.py"), *ROOT.glob("*/**/actions/*.py")]:
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                args = node.args
                for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                    if arg.annotation is not None and untyped.match(ast.unparse(arg.annotation)):
                        found.add((path.relative_to(ROOT).parts[0], node.name, arg.arg))
    assert found == DICT_PARAMETERS_JUSTIFIED  # a stale justification fails too
