"""Background work of imports (django-tasks; `manage.py db_worker` runs it, tests run it immediately)."""

from __future__ import annotations

from django_tasks import task

from campaigns import actions


@task()
def check_import(job_id: int) -> None:
    actions.check_job(job_id)


@task()
def run_import(job_id: int) -> None:
    actions.import_job(job_id)


@task()
def refresh_figures(posyandu_ids: list[int], months: list[str]) -> None:
    actions.refresh_figures_of(posyandu_ids, months)
