from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, ensure_can_write, register_url_id
from accounts.models import Role
from visits.models import OpeningDay, Referral, Visit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def access_opening_day(user: AnyUser, opening_day_id: int, *, write: bool = False) -> OpeningDay:
    qs = OpeningDay.objects.visible_to(user).select_related("posyandu")
    return access_object(qs, user, opening_day_id, write=write)


def access_visit(user: AnyUser, visit_id: int, *, write: bool = False) -> Visit:
    qs = Visit.objects.visible_to(user).select_related("person", "posyandu")
    return access_object(qs, user, visit_id, write=write)


def may_follow_up_referral(user: AnyUser) -> bool:
    """Following up a referral (dirujuk, diperiksa, ditangani) is the health worker's work: the
    bidan/puskesmas of the desa, or an officer (Pokja, Tim Pembina, administrator). A kader sees the
    referral list but does not set its status. The desa scope comes from `Referral.objects.visible_to`."""
    return bool(
        getattr(user, "can_write", False)
        and (
            getattr(user, "role", "") == Role.BIDAN or getattr(user, "is_officer", False) or user.is_superuser
        )
    )


def access_referral(user: AnyUser, referral_id: int, *, write: bool = False) -> Referral:
    """`write=True` (a follow-up) is a 403 for anyone `may_follow_up_referral` refuses."""
    qs = Referral.objects.visible_to(user).select_related("person", "visit", "posyandu")
    referral = access_object(qs, user, referral_id, write=write)
    if write:
        ensure_can_write(user, allowed=may_follow_up_referral)
    return referral


register_url_id("opening_day_id", OpeningDay)
register_url_id("visit_id", Visit)
register_url_id("referral_id", Referral)
