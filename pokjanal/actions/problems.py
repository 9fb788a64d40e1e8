"""Writes to the problems of posyandu (the data-found ones kept up to date, the ones recorded by hand) and
the supervision visits."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal import checklist
from pokjanal.indicators import Period, facts_for
from pokjanal.models import (
    OPEN_PROBLEM_STATUSES,
    Body,
    Problem,
    ProblemKind,
    ProblemSource,
    ProblemStatus,
    SupervisionVisit,
)
from posyandu.models import Posyandu
from reports.rulesets import problem_thresholds
from reports.targets import Targets
from rules import problems as problem_rules

if TYPE_CHECKING:
    from accounts.models import User


def _problem_region(posyandu: Posyandu) -> dict[str, Any]:
    return {"region_code": posyandu.desa_id, "posyandu_id": posyandu.pk}


@transaction.atomic
def refresh_problems(
    posyandu_ids: Collection[int], *, today: datetime.date | None = None, actor: User | None = None
) -> dict[str, int]:
    """Brings the data-found problems of these posyandu up to date with their data over the last 12
    months: a new finding opens a problem, a changed one updates its evidence, and an open problem whose
    finding is gone is closed. Problems recorded by hand or at a supervision visit are left alone."""
    today = today or timezone.localdate()
    facts = facts_for(posyandu_ids, Period.last_12_months(today))
    thresholds = problem_thresholds()
    targets = Targets("stunting")
    open_problems: dict[tuple[int, str], Problem] = {
        (p.posyandu_id, p.kind): p
        for p in Problem.objects.filter(
            posyandu_id__in=posyandu_ids, source=ProblemSource.DATA, status__in=OPEN_PROBLEM_STATUSES
        ).select_related("posyandu")
    }
    posyandu = {p.pk: p for p in Posyandu.objects.filter(pk__in=posyandu_ids, status="active")}
    counts = {"opened": 0, "updated": 0, "resolved": 0}
    seen: set[tuple[int, str]] = set()
    for pid, pfacts in facts.items():
        if pid not in posyandu:
            continue  # an inactive posyandu raises no new problems
        target = targets.percent(posyandu[pid].desa_id, today.year)
        for finding in problem_rules.detect(pfacts, stunting_target_pct=target, t=thresholds):
            key = (pid, finding.kind)
            seen.add(key)
            current = open_problems.get(key)
            if current is None:
                log.create(
                    actor,
                    "open_problem",
                    Problem(
                        posyandu=posyandu[pid],
                        kind=finding.kind,
                        source=ProblemSource.DATA,
                        category=finding.category,
                        severity=finding.severity,
                        evidence=finding.evidence,
                        rule_version=thresholds.version,
                        found_on=today,
                    ),
                    **_problem_region(posyandu[pid]),
                )
                counts["opened"] += 1
            elif (current.evidence, current.severity) != (finding.evidence, finding.severity):
                log.update(
                    actor,
                    "update_problem_evidence",
                    current,
                    {"evidence": finding.evidence, "severity": finding.severity},
                    **_problem_region(current.posyandu),
                )
                counts["updated"] += 1
    for key, problem in open_problems.items():
        if key not in seen:
            log.update(
                actor,
                "resolve_problem",
                problem,
                {"status": ProblemStatus.RESOLVED, "resolved_on": today},
                **_problem_region(problem.posyandu),
            )
            counts["resolved"] += 1
    return counts


@transaction.atomic
@idempotent
def record_problem(
    actor: User,
    posyandu: Posyandu,
    *,
    kind: str,
    category: str,
    severity: str,
    description: str = "",
    found_on: datetime.date | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Problem:
    """A problem recorded by hand, found today unless `found_on` says when."""
    problem = Problem(
        posyandu=posyandu,
        source=ProblemSource.MANUAL,
        found_on=found_on or timezone.localdate(),
        kind=kind,
        category=category,
        severity=severity,
        description=description,
    )
    return log.create(actor, "record_problem", problem, client_uuid=client_uuid, **_problem_region(posyandu))


@transaction.atomic
@idempotent
def set_problem_status(
    actor: User, problem: Problem, status: str, *, client_uuid: uuid.UUID | None = None
) -> Problem:
    if problem.status == status:
        return problem
    resolved_on = timezone.localdate() if status == ProblemStatus.RESOLVED else None
    return log.update(
        actor,
        "set_problem_status",
        problem,
        {"status": status, "resolved_on": resolved_on},
        client_uuid=client_uuid,
        **_problem_region(problem.posyandu),
    )


@transaction.atomic
@idempotent
def record_supervision_visit(
    actor: User,
    posyandu: Posyandu,
    *,
    date: datetime.date,
    visitors: str,
    answers: dict[str, str],
    notes: str = "",
    body: Body | None = None,
    client_uuid: uuid.UUID | None = None,
) -> SupervisionVisit:
    """The visit and, for each checklist item answered "tidak", a problem of the posyandu."""
    unknown = set(answers) - set(checklist.BY_CODE)
    if unknown or not set(answers.values()) <= {checklist.YES, checklist.NO}:
        raise ValidationError(_("Jawaban daftar tilik tidak dikenal."))
    visit = log.create(
        actor,
        "record_supervision_visit",
        SupervisionVisit(
            posyandu=posyandu,
            body=body,
            date=date,
            visitors=visitors,
            notes=notes,
            answers=answers,
            recorded_by=actor,
        ),
        client_uuid=client_uuid,
        **_problem_region(posyandu),
    )
    for code, answer in answers.items():
        if answer != checklist.NO:
            continue
        item = checklist.BY_CODE[code]
        log.create(
            actor,
            "record_problem",
            Problem(
                posyandu=posyandu,
                kind=ProblemKind.OTHER,
                source=ProblemSource.SUPERVISION,
                category=item.category,
                severity=item.severity,
                description=_("Tidak terpenuhi: %(q)s") % {"q": item.question},
                evidence={"checklist": code, "answer": answer},
                visit=visit,
                found_on=visit.date,
            ),
            subject=visit,
            **_problem_region(posyandu),
        )
    return visit
