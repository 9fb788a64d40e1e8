from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, register_url_id
from visits.models import OpeningDay, Referral, Visit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def access_opening_day(user: AnyUser, opening_day_id: int, *, write: bool = False) -> OpeningDay:
    qs = OpeningDay.objects.visible_to(user).select_related("posyandu")  # type: ignore[arg-type]
    return access_object(qs, user, opening_day_id, write=write)


def access_visit(user: AnyUser, visit_id: int, *, write: bool = False) -> Visit:
    qs = Visit.objects.visible_to(user).select_related("person", "posyandu")  # type: ignore[arg-type]
    return access_object(qs, user, visit_id, write=write)


def access_referral(user: AnyUser, referral_id: int, *, write: bool = False) -> Referral:
    qs = Referral.objects.visible_to(user).select_related("person", "visit", "posyandu")  # type: ignore[arg-type]
    return access_object(qs, user, referral_id, write=write)


register_url_id("opening_day_id", OpeningDay)
register_url_id("visit_id", Visit)
register_url_id("referral_id", Referral)
