"""The "final or provisional" badge of the report pages and the dashboard: a month's figures are final when
every posyandu expected to report it has a verified monthly report (`monthly.completeness.status_of`)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from monthly.completeness import status_of
from posyandu.models import Posyandu
from regions.codes import within_any_q

register = template.Library()


@register.inclusion_tag("monthly/_finality_badge.html", takes_context=True)
def finality_badge(
    context: dict[str, Any], month: datetime.date, area: Any = None, posyandu_id: int | None = None
) -> dict[str, Any]:
    """For the posyandu the user sees in `area` (anything with region `codes`, () = all), or one posyandu."""
    posyandu = Posyandu.objects.visible_to(context["request"].user)
    if posyandu_id is not None:
        posyandu = posyandu.filter(pk=posyandu_id)
    elif area is not None and area.codes:
        posyandu = posyandu.filter(within_any_q("desa_id", area.codes))
    return {"status": status_of(posyandu, month), "month": month}
