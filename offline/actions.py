"""The one write of the offline day's own: the audited read of a posyandu's register downloaded to a phone.
The records a phone syncs are written by the actions of their apps (`offline.sync`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit import log
from audit.models import READ_VERB_PREFIX, AuditEvent

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Posyandu

# A read (`AuditEvent.is_read`): what follows writes (figures, problems) ignores it.
DOWNLOAD_VERB = f"{READ_VERB_PREFIX}offline_register"


def record_register_download(actor: User, posyandu: Posyandu, *, people: int) -> AuditEvent:
    """Personal data in bulk went to a phone: who took the register of which posyandu, and how many people
    it held, as the NIK reveal (`view_nik`) records who saw whose number."""
    return log.record(
        actor,
        DOWNLOAD_VERB,
        posyandu,
        {"people": [None, people]},
        region_code=posyandu.desa_id,
        posyandu_id=posyandu.pk,
    )
