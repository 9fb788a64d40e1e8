"""Who sees a desa's OpenSID import: anyone whose area covers the desa but a kader (the page holds the whole
desa's residents; a kader sees her posyandu's register); who may import: `actions.may_import`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from regions.access import access_region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region


def access_desa(user: User | AnonymousUser, code: str, *, write: bool = False) -> Region:
    """The region `code` in the user's area (404 outside it), refused to a kader (403)."""
    region = access_region(user, code, write=write)
    if getattr(user, "is_kader", False):
        raise PermissionDenied
    return region
