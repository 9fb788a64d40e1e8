"""The one write of the e-PPGBM export: the audited read of the sheet. A sheet of NIKs, names and addresses
leaves the system, so who took which area and month, and how many children it held, is recorded as the
offline register's download (`view_offline_register`) and the NIK reveal (`view_nik`) are."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models, transaction

from audit import log
from audit.models import READ_VERB_PREFIX, AuditEvent
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import User
    from exchange.eppgbm.selection import Area

# A read (`AuditEvent.is_read`): what follows writes (figures, problems) ignores it.
EXPORT_VERB = f"{READ_VERB_PREFIX}eppgbm_sheet"


@transaction.atomic
def record_sheet_download(
    actor: User, area: Area, *, month: datetime.date, file_format: str, children: int
) -> AuditEvent:
    """Record that `actor` took the e-PPGBM sheet of `area` and `month` holding `children` rows."""
    obj: models.Model | None = area.posyandu
    if obj is None:
        obj = Region.objects.filter(code=area.region_code).first() or actor
    return log.record(
        actor,
        EXPORT_VERB,
        obj,
        {
            "month": [None, f"{month:%Y-%m}"],
            "area": [None, list(area.codes)],
            "format": [None, file_format],
            "children": [None, children],
        },
        region_code=area.region_code,
        posyandu_id=area.posyandu.pk if area.posyandu is not None else None,
    )
