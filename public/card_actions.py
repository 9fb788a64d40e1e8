"""Setting the message of a region's Tim Pembina on the kartu posyandu: an officer's audited choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit import log
from public.models import CardMessage

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


@transaction.atomic
def set_card_message(actor: User, region: Region, text: str) -> CardMessage | None:
    """Set the region's message (the caller has checked that the actor's scope covers it); an empty text
    removes it, and the region's posyandu cards show the message of a region above, or the default."""
    message = CardMessage.objects.select_for_update().filter(region=region).first()
    text = text.strip()
    if not text:
        if message is not None:
            log.record(
                actor, "delete_card_message", message, {"text": [message.text, ""]}, region_code=region.code
            )
            message.delete()
        return None
    now = timezone.now()
    if message is None:
        message = CardMessage(region=region, text=text, changed_by=actor, changed_at=now)
        return log.create(actor, "set_card_message", message, region_code=region.code)
    fields = {"text": text, "changed_by": actor, "changed_at": now}
    return log.update(actor, "set_card_message", message, fields, region_code=region.code)
