"""Background work: bringing the data-found problems of posyandu up to date, and keeping their facts of the
running year for the strata summary."""

from __future__ import annotations

from django_tasks import task

from pokjanal import actions
from pokjanal.strata import keep_year_facts


@task()
def refresh_posyandu_problems(posyandu_ids: list[int]) -> dict[str, int]:
    counts = actions.refresh_problems(posyandu_ids)
    keep_year_facts(posyandu_ids)
    return counts
