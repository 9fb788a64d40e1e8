"""Switching a region's public page on or off: an officer's audited choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit import log
from public.models import PublicPage

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


@transaction.atomic
def set_public(actor: User, region: Region, *, is_public: bool) -> PublicPage:
    """Turn the region's public page on or off (the caller has checked that the actor's scope covers it)."""
    page = PublicPage.objects.select_for_update().filter(region=region).first()
    now = timezone.now()
    if page is None:
        page = PublicPage(region=region, is_public=is_public, changed_by=actor, changed_at=now)
        return log.create(actor, "set_public_page", page, region_code=region.code)
    fields = {"is_public": is_public, "changed_by": actor, "changed_at": now}
    return log.update(actor, "set_public_page", page, fields, region_code=region.code)
