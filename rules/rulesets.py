"""The one loader of the versioned threshold sets (docs/domain.md: every threshold is a default an
administrator can change without code, and every result records the rule version that produced it).

Each set is a frozen dataclass with a `version` field and national defaults:

| set | defaults | setting |
|---|---|---|
| screening cut-offs and plausibility | `rules.screening.DEFAULT_RULES` | `SCREENING_RULES` |
| strata and "posyandu aktif" | `rules.strata.DEFAULT_THRESHOLDS` | `POKJANAL_STRATA_RULES` |
| problems, and data quality ("Mutu data") | `rules.problems.DEFAULT_THRESHOLDS` | `POKJANAL_PROBLEM_RULES` |
| SKDN targets | `rules.skdn.DEFAULT_TARGETS` | `SKDN_TARGETS` |

The data-quality thresholds are fields of the problem set, so "Mutu data" and the Tim Pembina's problems
cannot judge a posyandu by different numbers. Prevalence targets are not here: they are per region and year,
rows an administrator edits (`reports.PrevalenceTarget`).

Pure: the caller passes its settings (any object with the setting names as attributes); `reports.rulesets`
and `visits.actions.rules` are the Django callers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rules import problems, screening, skdn, strata


class VersionedSet(Protocol):
    """A frozen dataclass of thresholds naming its rule version."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def version(self) -> str: ...


T = TypeVar("T", bound=VersionedSet)


class RuleSetError(ValueError):
    """An override that cannot be applied: an unknown field, or changed values under the default version."""


@dataclass(frozen=True)
class Kind(Generic[T]):
    """A threshold set: its national defaults and the setting that may override them."""

    setting: str
    defaults: T


SCREENING: Kind[screening.RuleSet] = Kind("SCREENING_RULES", screening.DEFAULT_RULES)
STRATA: Kind[strata.Thresholds] = Kind("POKJANAL_STRATA_RULES", strata.DEFAULT_THRESHOLDS)
PROBLEMS: Kind[problems.Thresholds] = Kind("POKJANAL_PROBLEM_RULES", problems.DEFAULT_THRESHOLDS)
SKDN_TARGETS: Kind[skdn.Targets] = Kind("SKDN_TARGETS", skdn.DEFAULT_TARGETS)
KINDS: tuple[Kind[Any], ...] = (SCREENING, STRATA, PROBLEMS, SKDN_TARGETS)


def load(kind: Kind[T], overrides: Mapping[str, Any] | None) -> T:
    """The set in force: the defaults with `overrides` applied. Changed values must name their own
    `version` (a result stamped with the default version must have been judged by the defaults)."""
    if not overrides:
        return kind.defaults
    known = {f.name for f in fields(kind.defaults)}
    if unknown := set(overrides) - known:
        raise RuleSetError(f"{kind.setting}: unknown thresholds {sorted(unknown)}")
    if overrides.get("version", kind.defaults.version) == kind.defaults.version:
        raise RuleSetError(f"{kind.setting}: changed thresholds need their own 'version'")
    return replace(kind.defaults, **overrides)


def in_force(kind: Kind[T], settings: object) -> T:
    """The set in force under `settings` (Django's, in the apps)."""
    return load(kind, getattr(settings, kind.setting, None))
