"""The threshold sets in force under the project's settings, read through the one loader
(`rules.rulesets`: defaults, the setting that overrides them, and the rule that changed values name their
own `version`). A setting that cannot be applied stops the page with `ImproperlyConfigured`.

The problem thresholds are also the data-quality thresholds of the "Mutu data" pages (`rules.quality`),
so a posyandu is flagged there exactly when the Tim Pembina sees a measurement-quality problem. This module
sits in `reports` because both `reports` and `pokjanal` read it and `pokjanal` depends on `reports`; the
screening cut-offs, which `visits` needs, are read there (`visits.actions.rules`) with the same loader."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from rules import problems, rulesets, skdn, strata


def in_force(kind: rulesets.Kind[rulesets.T]) -> rulesets.T:
    try:
        return rulesets.in_force(kind, settings)
    except rulesets.RuleSetError as error:
        raise ImproperlyConfigured(str(error)) from error


def strata_thresholds() -> strata.Thresholds:
    return in_force(rulesets.STRATA)


def problem_thresholds() -> problems.Thresholds:
    return in_force(rulesets.PROBLEMS)


def skdn_targets() -> skdn.Targets:
    return in_force(rulesets.SKDN_TARGETS)
