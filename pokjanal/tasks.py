"""Background work: bringing the data-found problems of posyandu up to date."""

from __future__ import annotations

from django_tasks import task

from pokjanal import actions


@task()
def refresh_posyandu_problems(posyandu_ids: list[int]) -> dict[str, int]:
    return actions.refresh_problems(posyandu_ids)
