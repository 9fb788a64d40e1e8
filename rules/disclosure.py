"""What a public page may show of a group of children (issue 17: the public pages and their CSV files).

A public figure is an aggregate; it must not let anyone single out a child. The rule, in three parts:

1. A figure built on fewer than `MIN_CHILDREN` children is not shown ("< 10"): a count of children below 10,
   and a ratio (a percentage, its interval) whose denominator is below 10.
2. A prevalence (stunting, wasting: a health condition) is not shown when every measured child has the
   condition: "100 %" would tell of each child of the group that it is stunted. A prevalence of 0 % says
   only that nobody is, which is what the programme publishes anyway.
3. In a table whose rows add up to a total shown elsewhere (the areas or posyandu below a region, whose total
   is the region's own figure), a column with exactly one hidden row hides a second one, the smallest other
   row: otherwise the hidden row is the total minus the rows shown (secondary suppression).

The same rule serves the pages and the CSV files; the threshold is that of most national statistics offices'
small-cell rules (a cell under 10 is withheld).
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_CHILDREN = 10
SUPPRESSED = "< 10"  # what a hidden figure shows, on the page and in the CSV


def hides_count(children: int) -> bool:
    """A count of children is hidden below MIN_CHILDREN."""
    return children < MIN_CHILDREN


def hides_ratio(numerator: int, denominator: int, *, condition: bool = False) -> bool:
    """A ratio of children is hidden when its denominator is below MIN_CHILDREN, and, for a health
    `condition`, when every child of the denominator has it."""
    if denominator < MIN_CHILDREN:
        return True
    return condition and numerator >= denominator


def protect_column(hidden: Sequence[bool], sizes: Sequence[int]) -> list[bool]:
    """Rule 3: the rows to hide in one column of a table whose rows sum to a published total. `hidden` says
    which rows rules 1 and 2 hide, `sizes` the number of children behind each row's figure; when exactly one
    row is hidden, the shown row with the fewest children is hidden too."""
    result = list(hidden)
    if sum(result) != 1 or len(result) < 2:
        return result
    shown = [i for i, is_hidden in enumerate(result) if not is_hidden]
    smallest = min(shown, key=lambda i: (sizes[i], i))
    result[smallest] = True
    return result
