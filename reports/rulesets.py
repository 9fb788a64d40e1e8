"""The thresholds in force (docs/domain.md: every threshold is a default an administrator can change without
code). `settings.POKJANAL_STRATA_RULES` and `settings.POKJANAL_PROBLEM_RULES` may override any field of
`rules.strata.Thresholds` / `rules.problems.Thresholds`; an override must name its own `version`, which every
result then records.

The problem thresholds are also the data-quality thresholds of the "Mutu data" pages (`rules.quality`),
so a posyandu is flagged there exactly when the Tim Pembina sees a measurement-quality problem. This module
sits in `reports` because both `reports` and `pokjanal` read it and `pokjanal` depends on `reports`."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from rules import problems, strata


def _apply(defaults: Any, setting: str) -> Any:
    overrides: dict[str, Any] = getattr(settings, setting, None) or {}
    known = {f.name for f in fields(defaults)}
    if unknown := set(overrides) - known:
        raise ImproperlyConfigured(f"{setting}: unknown thresholds {sorted(unknown)}")
    if overrides and overrides.get("version", defaults.version) == defaults.version:
        raise ImproperlyConfigured(f"{setting}: changed thresholds need their own 'version'")
    return replace(defaults, **overrides)


def strata_thresholds() -> strata.Thresholds:
    result: strata.Thresholds = _apply(strata.DEFAULT_THRESHOLDS, "POKJANAL_STRATA_RULES")
    return result


def problem_thresholds() -> problems.Thresholds:
    result: problems.Thresholds = _apply(problems.DEFAULT_THRESHOLDS, "POKJANAL_PROBLEM_RULES")
    return result
