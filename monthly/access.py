"""Who may do what with the monthly reports: the kader of the posyandu (or an administrator) saves and sends
it; the bidan/puskesmas of the desa (or an administrator) verifies, returns or reopens it; everyone whose
area holds the posyandu reads it. Outside the user's area a report is a 404, a step the user may not take a
403 (`accounts.access`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from accounts.access import access_object, ensure_can_write, register_url_id
from accounts.models import Role
from monthly.models import MonthlyReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser

# The kader login is scoped to one posyandu; the ketua is a board role of the kader registry, not of logins,
# so every kader login of the posyandu may send its report.
SUBMITTERS = {Role.KADER, Role.ADMIN}
VERIFIERS = {Role.BIDAN, Role.ADMIN}


def may(user: AnyUser, roles: set[Role]) -> bool:
    return bool(getattr(user, "can_write", False)) and getattr(user, "role", None) in roles


def ensure_role(user: AnyUser, roles: set[Role]) -> None:
    ensure_can_write(user)
    if not may(user, roles):
        raise PermissionDenied


def access_report(user: AnyUser, report_id: int, *, write: bool = False) -> MonthlyReport:
    qs = MonthlyReport.objects.visible_to(user).select_related(
        "posyandu__desa", "submitted_by", "verified_by"
    )
    return access_object(qs, user, report_id, write=write)


register_url_id("monthly_report_id", MonthlyReport)
