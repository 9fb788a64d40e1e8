"""The records behind a number: the children counted in an SKDN letter, a prevalence or a campaign's
coverage, with the same counting rules as the figures (reports.figures), so the list has as many rows as the
number it came from."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from people.models import Person
from reports.figures import FLAGGED, UNDER_FIVE_STAGES, latest, registered_people, valid_z
from reports.periods import QUALITY_MONTHS, last_months
from rules.months import month_end
from rules.prevalence import BY_CODE
from visits.models import ReferralStatus, Visit

SKDN_LETTERS = {
    "d": Q(),
    "n": Q(weight_gain="N"),
    "t": Q(weight_gain="T"),
    "o": Q(weight_gain="O"),
    "b": Q(weight_gain="B"),
    "bgm": Q(is_bgm=True),
    "two_t": Q(is_2t=True),
}
PEOPLE = {"s", "k"}
QUALITY = {
    "flagged"
}  # measurements of the data-quality window (reports.periods.QUALITY_MONTHS) ending in the month


def case_q(indicator: str) -> Q:
    ind = BY_CODE[indicator]
    if ind.below is not None:
        return Q(**{f"{ind.z_field}__lt": ind.below})
    return Q(**{f"{ind.z_field}__gt": ind.above})


def records(
    visits: QuerySet[Visit],
    people: QuerySet[Person],
    what: str,
    *,
    month: datetime.date | None,
    campaign_id: int | None = None,
    cases_only: bool = True,
) -> QuerySet[Any] | None:
    """`visits` and `people` already scoped to the user and the area. None for an unknown `what`."""
    if what in PEOPLE:
        if month is None:
            return None
        registered = registered_people(people, month_end(month))
        return registered.filter(has_kia_book=True) if what == "k" else registered
    if what == "referral":
        return visits.filter(referral__isnull=False).exclude(referral__status=ReferralStatus.TREATED)
    children = visits.filter(life_stage__in=UNDER_FIVE_STAGES)
    if what == "flagged":
        # The data-quality page's flagged measurements: all of the months it sums, not each child's latest.
        if month is None:
            return None
        return children.filter(FLAGGED, month__in=last_months(month, QUALITY_MONTHS))
    if campaign_id is not None:
        children = children.filter(campaign_id=campaign_id)
    elif month is not None:
        children = children.filter(month=month)
    if what in SKDN_LETTERS:
        return latest(children, "weight_kg", campaign=campaign_id is not None).filter(SKDN_LETTERS[what])
    if what in BY_CODE:
        qs = valid_z(children, BY_CODE[what].z_field, campaign=campaign_id is not None)
        return qs.filter(case_q(what)) if cases_only else qs
    if what == "measured" and campaign_id is not None:
        return latest(children, "weight_kg", campaign=True)
    return None
