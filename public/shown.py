"""A figure as the public sees it: its value, or hidden by the disclosure rule (rules.disclosure)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rules import disclosure
from rules.prevalence import Prevalence
from rules.skdn import percent


@dataclass(frozen=True)
class Shown:
    value: float | int | None  # None: nothing to show (no child weighed, no target)
    hidden: bool = False
    low: float | None = None  # the 95 % interval of a prevalence
    high: float | None = None
    target: float | None = None  # the target in force, for a prevalence
    size: int = 0  # the children behind the figure (never shown: it decides what is hidden)

    @property
    def cell(self) -> float | int | str | None:
        """The CSV cell: the number, the hidden marker, or empty."""
        return disclosure.SUPPRESSED if self.hidden else self.value

    @property
    def interval(self) -> str:
        if self.hidden or self.low is None or self.high is None:
            return ""
        return f"{self.low}–{self.high}"

    @property
    def above_target(self) -> bool:
        if self.hidden or self.value is None or self.target is None:
            return False
        return self.value > self.target

    def hide(self) -> Shown:
        return replace(self, hidden=True, value=None, low=None, high=None)


def count(children: int) -> Shown:
    shown = Shown(children, size=children)
    return shown.hide() if disclosure.hides_count(children) else shown


def ratio(numerator: int, denominator: int) -> Shown:
    shown = Shown(percent(numerator, denominator), size=denominator)
    return shown.hide() if disclosure.hides_ratio(numerator, denominator) else shown


def prevalence(p: Prevalence) -> Shown:
    ci = p.ci
    shown = Shown(
        p.pct, low=ci[0] if ci else None, high=ci[1] if ci else None, target=p.target_pct, size=p.measured
    )
    return shown.hide() if disclosure.hides_ratio(p.cases, p.measured, condition=True) else shown


def protect(column: list[Shown]) -> list[Shown]:
    """Rule 3 of rules.disclosure over one column of rows that sum to a published total."""
    hidden = disclosure.protect_column([s.hidden for s in column], [s.size for s in column])
    return [s.hide() if h and not s.hidden else s for s, h in zip(column, hidden, strict=True)]
