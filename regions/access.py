from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, register_url_id
from regions.models import LocalUnit, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def access_region(user: User | AnonymousUser, code: str, *, write: bool = False) -> Region:
    return access_object(Region.objects.visible_to(user), user, code, write=write)


def access_local_unit(user: User | AnonymousUser, unit_id: int, *, write: bool = False) -> LocalUnit:
    qs = LocalUnit.objects.visible_to(user).select_related("desa", "parent")
    return access_object(qs, user, unit_id, write=write)


register_url_id("region_code", Region)
register_url_id("unit_id", LocalUnit)
