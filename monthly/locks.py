"""The one rule of the monthly lock: while a posyandu's report of a month is sent or verified, the visits of
that posyandu dated in that month are not recorded or corrected (the report's figures stay what the bidan
verifies). The bidan returns or reopens the report, with a logged reason, to unlock the month.

`visits.actions` asks `ensure_month_open` for each visit it writes; the campaign import asks
`locked_months` once for all its rows."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from monthly.models import MonthlyReport
from rules.months import month_start

MESSAGE = _("Laporan bulan ini sudah dikirim; minta bidan membuka kembali.")


def ensure_month_open(posyandu_id: int, date: datetime.date) -> None:
    """Raise a ValidationError (on the date) when the posyandu's month of `date` is locked. Called inside the
    writing action's transaction: on PostgreSQL the report row is locked, so a report being sent at the
    same moment waits for this write and counts it."""
    locked = (
        MonthlyReport.objects.select_for_update()
        .filter(posyandu_id=posyandu_id, month=month_start(date))
        .reported()
        .values_list("pk", flat=True)
    )
    if list(locked):
        raise ValidationError({"date": MESSAGE})


def locked_months(
    posyandu_ids: Collection[int], months: Collection[datetime.date]
) -> set[tuple[int, datetime.date]]:
    """The (posyandu id, first day of month) pairs among these that are locked; one query."""
    if not posyandu_ids or not months:
        return set()
    return set(
        MonthlyReport.objects.filter(posyandu_id__in=list(posyandu_ids), month__in=list(months))
        .reported()
        .values_list("posyandu_id", "month")
    )
