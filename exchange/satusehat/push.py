"""Send the pending visits: read each, build its Bundle, post it, record the outcome (`manage.py
satusehat_push`). A run stops early only when no token can be had; one visit's refusal does not stop the
others."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from exchange.satusehat import actions
from exchange.satusehat.bundle import NotSendable, build_bundle, bundle_hash, observation_values
from exchange.satusehat.client import SatusehatClient
from exchange.satusehat.models import Facility, Submission, SubmissionStatus
from exchange.satusehat.reading import pending, visit_data
from visits.models import Visit


def reason_text(reason: str) -> str:
    """The Indonesian words for a `bundle.NotSendable` reason (shown on the page and in the command)."""
    texts = {
        "no_nik": _("NIK warga belum tercatat; SATUSEHAT mengenali pasien dari NIK."),
        "no_facility": _("Puskesmas wilayah posyandu ini belum dipetakan ke SATUSEHAT (menu admin)."),
        "no_position": _("Panjang/tinggi badan tanpa cara ukur (berbaring atau berdiri)."),
    }
    return texts.get(reason, reason)


@dataclass
class Outcome:
    counts: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)


def push(
    *,
    org_id: str,
    client: SatusehatClient | None,
    limit: int | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> Outcome:
    """Send up to `limit` pending visits, oldest first. `client=None` is a dry run: every Bundle is built and
    validated, nothing is sent or stored."""
    outcome = Outcome()
    facilities: dict[str, Facility | None] = {}
    visits = pending(Visit.objects.all())
    for visit in visits[:limit] if limit else visits:
        if visit.desa_id not in facilities:
            facilities[visit.desa_id] = Facility.objects.for_desa(visit.desa_id)
        kind, line = _one(visit, facilities[visit.desa_id], org_id, client)
        outcome.counts[kind] += 1
        say(line)
    return outcome


def _one(
    visit: Visit, facility: Facility | None, org_id: str, client: SatusehatClient | None
) -> tuple[str, str]:
    submission: Submission | None = getattr(visit, "satusehat_submission", None)
    data = visit_data(visit, facility)
    label = _("kunjungan %(id)s (%(date)s)") % {"id": visit.pk, "date": visit.date.isoformat()}
    try:
        content = bundle_hash(build_bundle(data, org_id=org_id))
        update = submission is not None and submission.sent_bundle is not None
        withdrawn = (
            observation_values(submission.sent_bundle)
            if submission and submission.sent_bundle
            else frozenset()
        )
        bundle = build_bundle(data, org_id=org_id, update=update, withdrawn=withdrawn)
    except NotSendable as refusal:
        # Recorded once: a run every hour over a desa's children without NIK writes nothing new.
        already = submission is not None and submission.is_blocked and submission.reason == refusal.reason
        if client is not None and not already:
            actions.record_submission(
                visit=visit,
                status=SubmissionStatus.BLOCKED,
                visit_updated_at=visit.updated_at,
                bundle=None,
                content_sha256="",
                reason=refusal.reason,
                error=reason_text(refusal.reason),
            )
        return "blocked", f"{label}: {reason_text(refusal.reason)}"
    if client is None:
        return "valid", _("%(visit)s: Bundle sah, %(n)d sumber daya (tidak dikirim)") % {
            "visit": label,
            "n": len(bundle["entry"]),
        }
    if submission is not None and submission.is_sent and submission.bundle_sha256 == content:
        actions.mark_unchanged(submission=submission, visit_updated_at=visit.updated_at)
        return "unchanged", _("%(visit)s: tidak berubah sejak dikirim") % {"visit": label}
    answer = client.send(bundle)
    actions.record_submission(
        visit=visit,
        status=SubmissionStatus.SENT if answer.ok else SubmissionStatus.FAILED,
        visit_updated_at=visit.updated_at,
        bundle=bundle,
        content_sha256=content,
        reason="" if answer.ok else ("http" if answer.status else "network"),
        error=answer.error,
        attempts=answer.attempts,
        http_status=answer.status,
        answer=answer.body,
        resource_ids=answer.resource_ids,
    )
    if answer.ok:
        return "sent", _("%(visit)s: terkirim (HTTP %(status)s)") % {"visit": label, "status": answer.status}
    return "failed", _("%(visit)s: gagal, %(error)s") % {"visit": label, "error": answer.error}
