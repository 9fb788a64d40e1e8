"""One access function per thing (404 outside the user's scope, 403 for a read-only user asking to write),
the URL id keywords this app owns, and who may do which step of the Tim Pembina's work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from accounts.access import access_object, ensure_can_write, register_url_id
from accounts.models import Role
from pokjanal.models import (
    Action,
    Body,
    CommitmentDocument,
    Evidence,
    Member,
    Need,
    Problem,
    Rakor,
    SectorRole,
    StrataAssessment,
    SupervisionVisit,
)
from regions.access import access_region
from regions.models import Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_officer", False))


def ensure_officer(user: AnyUser) -> None:
    ensure_can_write(user, allowed=is_officer)


# The tiered verification of strata (docs/domain.md "Verification"): the desa/kelurahan Pokja proposes, the
# kecamatan verifies, the kabupaten/kota approves and alone may reopen an approved year.
PROPOSERS = {Role.POKJA_DESA, Role.ADMIN}
VERIFIERS = {Role.POKJANAL_KECAMATAN, Role.ADMIN}
APPROVERS = {Role.POKJANAL_KABKOTA, Role.ADMIN}


def ensure_role(user: AnyUser, roles: set[Role]) -> None:
    ensure_can_write(user)
    if getattr(user, "role", None) not in roles:
        raise PermissionDenied


def access_body(user: AnyUser, body_id: int, *, write: bool = False) -> Body:
    body = access_object(Body.objects.visible_to(user).select_related("region"), user, body_id, write=write)
    if write:
        ensure_officer(user)
    return body


def access_member(user: AnyUser, member_id: int, *, write: bool = False) -> Member:
    qs = Member.objects.visible_to(user).select_related("body", "user")
    member = access_object(qs, user, member_id, write=write)
    if write:
        ensure_officer(user)
    return member


def access_sector_role(user: AnyUser, role_id: int, *, write: bool = False) -> SectorRole:
    qs = SectorRole.objects.visible_to(user).select_related("body")
    role = access_object(qs, user, role_id, write=write)
    if write:
        ensure_officer(user)
    return role


def access_problem(user: AnyUser, problem_id: int, *, write: bool = False) -> Problem:
    qs = Problem.objects.visible_to(user).select_related("posyandu__desa", "visit")
    problem = access_object(qs, user, problem_id, write=write)
    if write:
        ensure_officer(user)
    return problem


def access_visit(user: AnyUser, supervision_id: int, *, write: bool = False) -> SupervisionVisit:
    qs = SupervisionVisit.objects.visible_to(user).select_related("posyandu__desa", "body")
    return access_object(qs, user, supervision_id, write=write)


def access_rakor(user: AnyUser, rakor_id: int, *, write: bool = False) -> Rakor:
    qs = Rakor.objects.visible_to(user).select_related("body__region")
    rakor = access_object(qs, user, rakor_id, write=write)
    if write:
        ensure_officer(user)
    return rakor


def access_action(user: AnyUser, action_id: int, *, write: bool = False) -> Action:
    qs = Action.objects.visible_to(user).select_related(
        "body__region", "region", "posyandu", "owner_member", "problem", "decision__rakor"
    )
    action = access_object(qs, user, action_id, write=write)
    if write:
        ensure_officer(user)
    return action


def access_evidence(user: AnyUser, evidence_id: int, *, write: bool = False) -> Evidence:
    qs = Evidence.objects.visible_to(user).select_related("action")
    return access_object(qs, user, evidence_id, write=write)


def access_need(user: AnyUser, need_id: int, *, write: bool = False) -> Need:
    qs = Need.objects.visible_to(user).select_related("posyandu__desa", "requested_by")
    return access_object(qs, user, need_id, write=write)


def access_assessment(user: AnyUser, assessment_id: int, *, write: bool = False) -> StrataAssessment:
    qs = StrataAssessment.objects.visible_to(user).select_related(
        "posyandu__desa__parent", "proposed_by", "verified_by", "approved_by"
    )
    return access_object(qs, user, assessment_id, write=write)


def access_commitment_area(user: AnyUser, region_code: str, *, write: bool = False) -> Region:
    """A region whose desa's commitments the user sees (404 outside the scope); to record them the user must
    be an officer (Pokja desa, Tim Pembina, administrator) who may write."""
    region = access_region(user, region_code, write=write)
    if write:
        ensure_officer(user)
    return region


def commitment_document(user: AnyUser, region: Region, document_id: int) -> CommitmentDocument | None:
    """A document of a commitment of the region's desa, when the user may see it."""
    qs = CommitmentDocument.objects.visible_to(user).select_related("commitment")
    return qs.filter(pk=document_id, commitment__desa_id=region.pk).first()


register_url_id("body_id", Body)
register_url_id("member_id", Member)
register_url_id("sector_role_id", SectorRole)
register_url_id("problem_id", Problem)
register_url_id("supervision_id", SupervisionVisit)
register_url_id("rakor_id", Rakor)
register_url_id("action_id", Action)
register_url_id("evidence_id", Evidence)
register_url_id("need_id", Need)
register_url_id("assessment_id", StrataAssessment)
