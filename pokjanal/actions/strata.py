"""The yearly strata assessment's workflow: opening it, its entered inputs, and the tiered verification
(desa proposes, kecamatan verifies, kabupaten/kota approves)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal.models import (
    AssessmentStatus,
    StrataAssessment,
)
from posyandu.models import Posyandu

if TYPE_CHECKING:
    from accounts.models import User


def _posyandu_audit(posyandu: Posyandu) -> dict[str, Any]:
    return {"region_code": posyandu.desa_id, "posyandu_id": posyandu.pk, "subject": posyandu}


@dataclass(frozen=True)
class Transition:
    verb: str
    source: tuple[AssessmentStatus, ...]
    target: AssessmentStatus


PROPOSE = Transition("propose_strata", (AssessmentStatus.DRAFT,), AssessmentStatus.PROPOSED)
VERIFY = Transition("verify_strata", (AssessmentStatus.PROPOSED,), AssessmentStatus.VERIFIED)
APPROVE = Transition("approve_strata", (AssessmentStatus.VERIFIED,), AssessmentStatus.APPROVED)
RETURN = Transition(
    "return_strata", (AssessmentStatus.PROPOSED, AssessmentStatus.VERIFIED), AssessmentStatus.DRAFT
)
REOPEN = Transition("reopen_strata", (AssessmentStatus.APPROVED,), AssessmentStatus.DRAFT)


@transaction.atomic
@idempotent
def open_assessment(
    actor: User, posyandu: Posyandu, year: int, *, client_uuid: uuid.UUID | None = None
) -> StrataAssessment:
    """The posyandu's assessment of the year, created as a draft if there is none yet."""
    existing = StrataAssessment.objects.filter(posyandu=posyandu, year=year).first()
    if existing is not None:
        return existing
    return log.create(
        actor,
        "open_strata_assessment",
        StrataAssessment(posyandu=posyandu, year=year),
        client_uuid=client_uuid,
        **_posyandu_audit(posyandu),
    )


@transaction.atomic
@idempotent
def update_assessment_inputs(
    actor: User,
    assessment: StrataAssessment,
    *,
    additional_programmes: list[str],
    households: int | None,
    dana_sehat_households: int | None,
    client_uuid: uuid.UUID | None = None,
) -> StrataAssessment:
    """What the Pokja desa enters for a draft: the posyandu's additional programmes and its dana sehat."""
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(
            _("Penilaian yang sudah diajukan atau disetujui tidak dapat diubah; minta dikembalikan dulu.")
        )
    return log.update(
        actor,
        "update_strata_inputs",
        assessment,
        {
            "additional_programmes": additional_programmes,
            "households": households,
            "dana_sehat_households": dana_sehat_households,
        },
        client_uuid=client_uuid,
        **_posyandu_audit(assessment.posyandu),
    )


@transaction.atomic
@idempotent
def move_assessment(
    actor: User,
    assessment: StrataAssessment,
    transition: Transition,
    *,
    result: dict[str, Any] | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> StrataAssessment:
    """One step of the tiered verification; who may take it is checked by the caller (`pokjanal.access`).
    Proposing freezes the computed `result`; reopening an approved year needs a reason and is logged."""
    assessment.refresh_from_db()
    if assessment.status not in transition.source:
        raise ValidationError(
            _("Langkah ini tidak berlaku untuk status %(s)s.") % {"s": assessment.get_status_display()}
        )
    if transition in (REOPEN, RETURN) and not note.strip():
        raise ValidationError(_("Tuliskan alasannya."))
    fields: dict[str, Any] = {"status": transition.target, "note": note[:300]}
    if transition is PROPOSE:
        if result is None:
            raise ValidationError(_("Hasil perhitungan diperlukan untuk mengajukan."))
        fields.update(result=result, proposed_by=actor, verified_by=None, approved_by=None)
    elif transition is VERIFY:
        fields["verified_by"] = actor
    elif transition is APPROVE:
        fields["approved_by"] = actor
    else:
        fields.update(verified_by=None, approved_by=None)
    return log.update(
        actor,
        transition.verb,
        assessment,
        fields,
        client_uuid=client_uuid,
        **_posyandu_audit(assessment.posyandu),
    )
