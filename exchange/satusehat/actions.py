"""The one write of this app: what happened when a visit was (or could not be) sent to SATUSEHAT."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit import log
from audit.models import READ_VERB_PREFIX
from exchange.satusehat.bundle import Json
from exchange.satusehat.models import Submission, SubmissionStatus
from visits.models import Visit

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def record_submission(
    *,
    visit: Visit,
    status: SubmissionStatus,
    visit_updated_at: datetime.datetime,
    bundle: Json | None,  # a FHIR document, not a model's fields
    content_sha256: str,
    reason: str = "",
    error: str = "",
    attempts: int = 0,
    http_status: int | None = None,
    answer: Any = None,
    resource_ids: list[str] | None = None,
) -> Submission:
    """Store the outcome of one try (audited as the system's `satusehat_send`, at the visit's posyandu). A
    visit sent successfully keeps the Bundle SATUSEHAT accepted (`sent_bundle`): a later correction updates
    and withdraws against it."""
    now = timezone.now()
    existing = Submission.objects.select_for_update().filter(visit=visit).first()
    fields: dict[str, Any] = {
        "status": status,
        "reason": reason,
        "error": error[:2000],
        "visit_updated_at": visit_updated_at,
        "bundle": bundle,
        "bundle_sha256": content_sha256,
        "attempts": attempts,
        "http_status": http_status,
        "answer": answer,
        "resource_ids": resource_ids or [],
        "tried_at": now,
        "sends": (existing.sends if existing else 0) + (1 if attempts else 0),
    }
    if status == SubmissionStatus.SENT:
        fields["sent_at"] = now
        fields["sent_bundle"] = bundle
    region, posyandu_id = visit.desa_id, visit.posyandu_id
    if existing is None:
        new = Submission(visit=visit, **fields)
        return log.create(
            None, "satusehat_send", new, region_code=region, posyandu_id=posyandu_id, subject=visit
        )
    return log.update(
        None, "satusehat_send", existing, fields, region_code=region, posyandu_id=posyandu_id, subject=visit
    )


@transaction.atomic
def mark_unchanged(*, submission: Submission, visit_updated_at: datetime.datetime) -> Submission:
    """A sent visit was saved again but its Bundle is the same (a counselling note, a KB field): nothing to
    send, it is no longer pending."""
    visit = submission.visit
    return log.update(
        None,
        "satusehat_unchanged",
        submission,
        {"visit_updated_at": visit_updated_at},
        region_code=visit.desa_id,
        posyandu_id=visit.posyandu_id,
        subject=visit,
    )


def record_bundle_read(*, user: User, visit: Visit) -> None:
    """A download of a visit's Bundle shows the person's NIK and name in full: a read of personal data,
    logged as the reveal of a masked number is (`view_…`, audit.views.reveal)."""
    log.record(
        user,
        f"{READ_VERB_PREFIX}satusehat_bundle",
        visit,
        {},
        region_code=visit.desa_id,
        posyandu_id=visit.posyandu_id,
        subject=visit.person,
    )
