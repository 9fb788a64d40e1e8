"""Every write of the Tim Pembina's work. Each action is one transaction with its audit entry; a retried
submission (same client UUID) returns what the first one stored and writes nothing."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from pokjanal import checklist
from pokjanal.indicators import Period, facts_for
from pokjanal.models import (
    OPEN_ACTION_STATUSES,
    OPEN_PROBLEM_STATUSES,
    Action,
    ActionOrigin,
    ActionStatus,
    ActionUpdate,
    AssessmentStatus,
    Body,
    Decision,
    Evidence,
    Funding,
    Member,
    Need,
    NeedStatus,
    Problem,
    ProblemSource,
    ProblemStatus,
    Rakor,
    RakorStatus,
    SectorRole,
    StrataAssessment,
    SupervisionVisit,
)
from pokjanal.photos import UnreadablePhoto, without_metadata
from posyandu.models import Posyandu
from regions.codes import code_is_within
from reports.rulesets import problem_thresholds
from reports.targets import Targets
from rules import problems as problem_rules

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


# ------------------------------------------------------------------------------------ bodies, members


@transaction.atomic
@idempotent
def create_body(actor: User, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None) -> Body:
    body = Body(**fields)
    return log.create(
        actor, "create_pokjanal_body", body, region_code=body.region_id, client_uuid=client_uuid
    )


@transaction.atomic
@idempotent
def update_body(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Body:
    fields = {k: v for k, v in fields.items() if k != "region"}  # a body stays with its region
    return log.update(
        actor, "update_pokjanal_body", body, fields, region_code=body.region_id, client_uuid=client_uuid
    )


@transaction.atomic
@idempotent
def add_member(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Member:
    return log.create(
        actor,
        "add_pokjanal_member",
        Member(body=body, **fields),
        region_code=body.region_id,
        subject=body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def update_member(
    actor: User, member: Member, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Member:
    return log.update(
        actor,
        "update_pokjanal_member",
        member,
        fields,
        region_code=member.body.region_id,
        subject=member.body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def set_sector_role(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> SectorRole:
    """Adds a cell to the sector role map, or updates the responsibility of the same cell."""
    key = {k: fields[k] for k in ("sector", "category", "programme")}
    existing = SectorRole.objects.filter(body=body, **key).first()
    if existing is not None:
        return log.update(
            actor,
            "update_sector_role",
            existing,
            {k: v for k, v in fields.items() if k not in key},
            region_code=body.region_id,
            subject=body,
            client_uuid=client_uuid,
        )
    return log.create(
        actor,
        "add_sector_role",
        SectorRole(body=body, **fields),
        region_code=body.region_id,
        subject=body,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent(replay=lambda *_args, **_kwargs: None)
def remove_sector_role(actor: User, role: SectorRole, *, client_uuid: uuid.UUID | None = None) -> None:
    before = log.snapshot(role)
    log.record(
        actor,
        "remove_sector_role",
        role,
        log.diff(before, None),
        region_code=role.body.region_id,
        subject=role.body,
        client_uuid=client_uuid,
    )
    role.delete()


def suggest_owner(body: Body, category: str, programme: str = "") -> tuple[str, Member | None]:
    """The sector the role map makes responsible for a category (and programme), and an active member of
    the body from that sector: the lead for the programme first, then the category's lead, then any."""
    roles = list(body.sector_roles.filter(category=category))
    if not roles:
        return "", None
    roles.sort(key=lambda r: (r.programme != programme, r.programme != "", not r.is_lead, r.sector))
    sector = roles[0].sector
    member = body.members.filter(sector=sector, active=True).order_by("role", "name").first()
    return sector, member


# ------------------------------------------------------------------------------------------- problems


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
    actor: User, posyandu: Posyandu, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Problem:
    problem = Problem(
        posyandu=posyandu,
        source=ProblemSource.MANUAL,
        found_on=fields.pop("found_on", None) or timezone.localdate(),
        **fields,
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
    fields: dict[str, Any],
    answers: dict[str, str],
    *,
    client_uuid: uuid.UUID | None = None,
) -> SupervisionVisit:
    """The visit and, for each checklist item answered "tidak", a problem of the posyandu."""
    unknown = set(answers) - set(checklist.BY_CODE)
    if unknown or not set(answers.values()) <= {checklist.YES, checklist.NO}:
        raise ValidationError(_("Jawaban daftar tilik tidak dikenal."))
    visit = log.create(
        actor,
        "record_supervision_visit",
        SupervisionVisit(posyandu=posyandu, answers=answers, recorded_by=actor, **fields),
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
                kind="lainnya",
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


# ---------------------------------------------------------------------------------------------- rakor


def _body_region(body: Body) -> dict[str, Any]:
    return {"region_code": body.region_id, "subject": body}


@transaction.atomic
@idempotent
def plan_rakor(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Rakor:
    return log.create(
        actor, "plan_rakor", Rakor(body=body, **fields), client_uuid=client_uuid, **_body_region(body)
    )


@transaction.atomic
@idempotent
def update_rakor(
    actor: User, rakor: Rakor, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Rakor:
    if rakor.status != RakorStatus.PLANNED:
        raise ValidationError(_("Rakor yang sudah terlaksana atau batal tidak dapat diubah."))
    return log.update(
        actor, "update_rakor", rakor, fields, client_uuid=client_uuid, **_body_region(rakor.body)
    )


@transaction.atomic
@idempotent
def hold_rakor(
    actor: User,
    rakor: Rakor,
    *,
    held_on: datetime.date,
    attendees: Iterable[Member],
    guests: str,
    minutes: str,
    agenda: dict[str, Any],
    client_uuid: uuid.UUID | None = None,
) -> Rakor:
    """Records that the meeting took place: attendance, minutes, and the agenda as it stood (frozen)."""
    if rakor.status == RakorStatus.CANCELLED:
        raise ValidationError(_("Rakor ini sudah dibatalkan."))
    members = list(attendees)
    if any(m.body_id != rakor.body_id for m in members):
        raise ValidationError(_("Peserta harus anggota tim ini."))
    fields: dict[str, Any] = {
        "status": RakorStatus.HELD,
        "held_on": held_on,
        "guests": guests,
        "minutes": minutes,
        "attendees": members,
    }
    if rakor.status == RakorStatus.PLANNED:
        fields["agenda"] = agenda  # later corrections of the minutes keep the agenda of the day
    return log.update(actor, "hold_rakor", rakor, fields, client_uuid=client_uuid, **_body_region(rakor.body))


@transaction.atomic
@idempotent
def cancel_rakor(actor: User, rakor: Rakor, *, client_uuid: uuid.UUID | None = None) -> Rakor:
    if rakor.status == RakorStatus.CANCELLED:
        return rakor
    if rakor.status == RakorStatus.HELD:
        raise ValidationError(_("Rakor yang sudah terlaksana tidak dapat dibatalkan."))
    return log.update(
        actor,
        "cancel_rakor",
        rakor,
        {"status": RakorStatus.CANCELLED},
        client_uuid=client_uuid,
        **_body_region(rakor.body),
    )


@transaction.atomic
@idempotent
def add_decision(
    actor: User,
    rakor: Rakor,
    fields: dict[str, Any],
    action_fields: dict[str, Any] | None,
    *,
    client_uuid: uuid.UUID | None = None,
) -> Decision:
    """A decision of a held rakor, with the action that carries it out when one is given."""
    if rakor.status != RakorStatus.HELD:
        raise ValidationError(_("Keputusan dicatat setelah rakor terlaksana."))
    decision = log.create(
        actor,
        "add_rakor_decision",
        Decision(rakor=rakor, **fields),
        client_uuid=client_uuid,
        **_body_region(rakor.body),
    )
    if action_fields is not None:
        create_action(
            actor,
            rakor.body,
            {
                **action_fields,
                "origin": ActionOrigin.DECISION,
                "decision": decision,
                "category": decision.category,
            },
        )
    return decision


# -------------------------------------------------------------------------------------------- actions


def _action_region(action: Action) -> dict[str, Any]:
    return {"region_code": action.region_id, "posyandu_id": action.posyandu_id}


@transaction.atomic
@idempotent
def create_action(
    actor: User, body: Body, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Action:
    """A rencana aksi of `body`. Its target region defaults to the posyandu's desa or the body's region and
    must lie within the body's region; an action from a problem marks the problem as being handled."""
    fields = dict(fields)
    posyandu: Posyandu | None = fields.get("posyandu")
    region: Region | None = fields.pop("region", None)
    region_id = region.pk if region is not None else (posyandu.desa_id if posyandu else body.region_id)
    if not code_is_within(region_id, body.region_id):
        raise ValidationError(_("Sasaran aksi harus berada di wilayah tim."))
    owner: Member | None = fields.get("owner_member")
    if owner is not None and owner.body_id != body.pk:
        raise ValidationError(_("Penanggung jawab harus anggota tim ini."))
    fields.setdefault("created_on", timezone.localdate())
    if fields.get("status") == ActionStatus.DONE:
        fields.setdefault("done_on", fields["created_on"])
    action = log.create(
        actor,
        "create_action",
        Action(body=body, region_id=region_id, **fields),
        subject=body,
        client_uuid=client_uuid,
        region_code=region_id,
        posyandu_id=posyandu.pk if posyandu else None,
    )
    problem = action.problem
    if problem is not None and problem.status == ProblemStatus.OPEN:
        set_problem_status(actor, problem, ProblemStatus.HANDLED)
    return action


@transaction.atomic
@idempotent
def update_action(
    actor: User, action: Action, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Action:
    return log.update(
        actor, "update_action", action, fields, client_uuid=client_uuid, **_action_region(action)
    )


# Evidence files: what is accepted, recognised by content rather than by the name the client sent.
MAX_EVIDENCE_BYTES = 8 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"WEBP", 8, "image/webp", ".webp"),
    (b"%PDF-", 0, "application/pdf", ".pdf"),
)


def _sniff(upload: UploadedFile) -> tuple[str, str]:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, offset, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type, extension
    raise ValidationError(_("Bukti harus berupa foto (JPG, PNG, WEBP) atau PDF."))


def validate_evidence(upload: UploadedFile) -> None:
    _evidence_content(upload)


def _evidence_content(upload: UploadedFile) -> tuple[bytes, str, str]:
    """What is stored for an upload: its bytes (a photo re-encoded without its EXIF/GPS and other metadata),
    content type and extension; a ValidationError when it is too large or not a photo or PDF."""
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Ukuran berkas paling besar 8 MB."))
    content_type, extension = _sniff(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if content_type.startswith("image/"):
        try:
            data = without_metadata(data, content_type)
        except UnreadablePhoto:
            raise ValidationError(_("Foto ini rusak atau tidak dapat dibaca.")) from None
    return data, content_type, extension


def _store_evidence(
    action: Action, update: ActionUpdate | None, upload: UploadedFile, caption: str
) -> Evidence:
    data, content_type, extension = _evidence_content(upload)
    today = timezone.localdate()
    name = default_storage.save(
        f"pokjanal/bukti/{today:%Y/%m}/{uuid.uuid4().hex}{extension}", ContentFile(data)
    )
    try:
        return log.create(
            None if update is None else update.by,
            "add_evidence",
            Evidence(
                action=action,
                update=update,
                path=name,
                original_name=PurePath(upload.name or "bukti").name[:200],
                content_type=content_type,
                size_bytes=len(data),
                caption=caption,
            ),
            subject=action,
            **_action_region(action),
        )
    except Exception:
        default_storage.delete(name)  # the transaction is rolled back; leave no orphan file
        raise


@transaction.atomic
@idempotent
def follow_up_action(
    actor: User,
    action: Action,
    *,
    status: str,
    note: str,
    date: datetime.date | None = None,
    files: Sequence[UploadedFile] = (),
    caption: str = "",
    client_uuid: uuid.UUID | None = None,
) -> ActionUpdate:
    """A follow-up: what was done, the status from now on, and its evidence files."""
    if action.status not in OPEN_ACTION_STATUSES:
        raise ValidationError(_("Aksi yang sudah selesai atau batal tidak dapat ditindaklanjuti lagi."))
    date = date or timezone.localdate()
    update = log.create(
        actor,
        "follow_up_action",
        ActionUpdate(action=action, date=date, status=status, note=note, by=actor),
        subject=action,
        client_uuid=client_uuid,
        **_action_region(action),
    )
    for upload in files:
        _store_evidence(action, update, upload, caption)
    if status != action.status:
        log.update(
            actor,
            "set_action_status",
            action,
            {"status": status, "done_on": date if status == ActionStatus.DONE else None},
            **_action_region(action),
        )
    return update


@transaction.atomic
@idempotent
def report_real_action(
    actor: User,
    body: Body,
    fields: dict[str, Any],
    *,
    files: Sequence[UploadedFile] = (),
    client_uuid: uuid.UUID | None = None,
) -> Action:
    """An aksi nyata a body reports as done (it rolls up to every body above it), with its evidence."""
    done_on: datetime.date = fields.pop("done_on")
    action = create_action(
        actor,
        body,
        {
            **fields,
            "origin": ActionOrigin.REAL,
            "status": ActionStatus.DONE,
            "due_date": done_on,
            "done_on": done_on,
            "created_on": done_on,
        },
        client_uuid=client_uuid,
    )
    if files:
        update = log.create(
            actor,
            "follow_up_action",
            ActionUpdate(
                action=action, date=done_on, status=ActionStatus.DONE, note=action.description, by=actor
            ),
            subject=action,
            **_action_region(action),
        )
        for upload in files:
            _store_evidence(action, update, upload, "")
    return action


# ------------------------------------------------------------------------------------ needs, funding


def _posyandu_audit(posyandu: Posyandu) -> dict[str, Any]:
    return {"region_code": posyandu.desa_id, "posyandu_id": posyandu.pk, "subject": posyandu}


@transaction.atomic
@idempotent
def request_need(
    actor: User, posyandu: Posyandu, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Need:
    need = Need(posyandu=posyandu, requested_by=actor, requested_on=timezone.localdate(), **fields)
    return log.create(actor, "request_need", need, client_uuid=client_uuid, **_posyandu_audit(posyandu))


@transaction.atomic
@idempotent
def handle_need(
    actor: User, need: Need, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Need:
    """Assign an OPD or sponsor, record fulfilment (the date it was met is kept) or refusal."""
    fields = dict(fields)
    if fields.get("status") == NeedStatus.MET:
        fields["met_on"] = need.met_on or fields.get("met_on") or timezone.localdate()
    else:
        fields["met_on"] = None
    return log.update(
        actor, "handle_need", need, fields, client_uuid=client_uuid, **_posyandu_audit(need.posyandu)
    )


@transaction.atomic
@idempotent
def set_funding(
    actor: User,
    posyandu: Posyandu,
    *,
    year: int,
    source: str,
    amount_rp: int,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Funding:
    """The amount of one source in one year (a second entry for the same source and year replaces it)."""
    existing = Funding.objects.filter(posyandu=posyandu, year=year, source=source).first()
    if existing is not None:
        return log.update(
            actor,
            "update_funding",
            existing,
            {"amount_rp": amount_rp, "note": note},
            client_uuid=client_uuid,
            **_posyandu_audit(posyandu),
        )
    return log.create(
        actor,
        "add_funding",
        Funding(posyandu=posyandu, year=year, source=source, amount_rp=amount_rp, note=note),
        client_uuid=client_uuid,
        **_posyandu_audit(posyandu),
    )


# --------------------------------------------------------------------------------------------- strata


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
    actor: User, assessment: StrataAssessment, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> StrataAssessment:
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(
            _("Penilaian yang sudah diajukan atau disetujui tidak dapat diubah; minta dikembalikan dulu.")
        )
    return log.update(
        actor,
        "update_strata_inputs",
        assessment,
        fields,
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
