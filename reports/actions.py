"""Writes of the reports app: prevalence targets (audited) and the refresh of the derived monthly figures.

The monthly figures are a cache of sums over visits and people, recomputable at any time from them; their
refresh is not audited (the writes that changed the visits and people are)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditEvent
from audit.retries import idempotent
from people.models import Person
from posyandu.models import Posyandu
from reports.figures import compute_monthly
from reports.models import FiguresState, MonthlyFigures, PrevalenceTarget
from rules import months as month_rules
from rules.months import months_between
from visits.models import Visit
from web.dbstats import refresh_statistics

if TYPE_CHECKING:
    from decimal import Decimal

    from accounts.models import User
    from regions.models import Region


class TargetFields(TypedDict, total=False):
    """A prevalence target: the indicator, the region (none: the nation), the year, the percent and its
    source."""

    indicator: Required[str]
    region: Region | None
    year: Required[int]
    percent: Decimal
    source: str


# Months kept: from the posyandu's first visit, at least the last 24 months, up to the current month.
HISTORY_MONTHS = 24


def _months(posyandu_ids: list[int] | None, today: datetime.date) -> list[datetime.date]:
    visits = (
        Visit.objects.all() if posyandu_ids is None else Visit.objects.filter(posyandu_id__in=posyandu_ids)
    )
    first = visits.aggregate(first=Min("month"))["first"]
    floor = month_rules.add_months(month_rules.month_start(today), -(HISTORY_MONTHS - 1))
    start = min(first, floor) if first else floor
    return months_between(start, today)


@transaction.atomic
def refresh_figures(
    posyandu_ids: Iterable[int] | None = None,
    months: list[datetime.date] | None = None,
    *,
    today: datetime.date | None = None,
) -> int:
    """Recompute the monthly figures of the given posyandu (all when None) for the given months (the
    posyandu's whole history when None). Returns the number of rows written."""
    today = today or timezone.localdate()
    ids = None if posyandu_ids is None else sorted(set(posyandu_ids))
    posyandu = Posyandu.objects.all() if ids is None else Posyandu.objects.filter(pk__in=ids)
    by_id = dict(posyandu.values_list("pk", "desa_id"))
    months = sorted(set(months)) if months else _months(ids, today)
    rows = compute_monthly(by_id, months)
    stale = MonthlyFigures.objects.filter(month__in=months)
    if ids is not None:
        stale = stale.filter(posyandu_id__in=ids)
    stale.delete()
    MonthlyFigures.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def refresh_all_figures(*, today: datetime.date | None = None) -> int:
    """Rebuild every posyandu's figures and mark the audit log as processed (demo and benchmark data are
    written in bulk)."""
    refresh_statistics(Visit, Person, Posyandu)
    MonthlyFigures.objects.all().delete()
    written = refresh_figures(None, today=today)
    _mark_processed(AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0)
    return written


def _mark_processed(last_id: int) -> None:
    state, _created = FiguresState.objects.get_or_create(pk=1)
    if last_id > state.last_event_id:
        FiguresState.objects.filter(pk=1).update(last_event_id=last_id, refreshed_at=timezone.now())


# A refresh that has not ended after this long is taken to have died with its process.
STUCK_AFTER = datetime.timedelta(minutes=10)


def refresh_stale_figures(*, today: datetime.date | None = None) -> int:
    """Recompute the figures of every posyandu with an audited write since the last refresh (every write of
    a visit, a referral or a person records its posyandu). Two small reads and no write when nothing changed.

    One refresh runs at a time and no caller waits for it: while one runs the call returns 0. It runs in the
    task worker, queued by the writes (`reports.signals`); on a campaign morning the officers' report pages
    that refreshed before reading held the server processes the kader needed."""
    if not _new_events(_last_processed()).exists() or not _claim():
        return 0
    try:
        with transaction.atomic():
            events = _new_events(_last_processed())
            last = events.aggregate(last=Max("id"))["last"]
            if last is None:
                return 0
            ids = set(
                events.filter(posyandu_id__isnull=False).values_list("posyandu_id", flat=True).distinct()
            )
            written = refresh_figures(ids, today=today) if ids else 0
            FiguresState.objects.filter(pk=1).update(last_event_id=last, refreshed_at=timezone.now())
            return written
    finally:
        FiguresState.objects.filter(pk=1).update(running_since=None)


def _claim() -> bool:
    """Mark a refresh as running, unless one is. The mark is its own short write, so a second caller reads it
    instead of waiting on the refresh's transaction."""
    FiguresState.objects.get_or_create(pk=1)
    now = timezone.now()
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STUCK_AFTER)
    return FiguresState.objects.filter(free, pk=1).update(running_since=now) == 1


def report_refresh() -> datetime.datetime | None:
    """What a report page does before it reads the figures: with FIGURES_REFRESH_SECONDS = 0 (one small
    install, development, tests) it refreshes them itself; otherwise the task worker keeps them about that
    far behind the writes and the page computes nothing. Returns when the figures were last refreshed, which
    the page shows."""
    state = FiguresState.objects.filter(pk=1).values("last_event_id", "refreshed_at").first()
    last_event_id, refreshed_at = (state["last_event_id"], state["refreshed_at"]) if state else (0, None)
    if settings.FIGURES_REFRESH_SECONDS or not _new_events(last_event_id).exists():
        return refreshed_at
    refresh_stale_figures()
    return FiguresState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()


def figures_version() -> str:
    """Changes whenever the monthly figures are refreshed: what a cached page or card built from them is
    keyed by."""
    last_event_id, refreshed_at = FiguresState.objects.filter(pk=1).values_list(
        "last_event_id", "refreshed_at"
    ).first() or (0, None)
    return f"{last_event_id}-{refreshed_at.timestamp() if refreshed_at else 0}"


def _last_processed() -> int:
    return FiguresState.objects.filter(pk=1).values_list("last_event_id", flat=True).first() or 0


def _new_events(since: int) -> Any:
    return AuditEvent.objects.writes().filter(id__gt=since)


@transaction.atomic
@idempotent
def set_target(
    actor: User, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[TargetFields]
) -> PrevalenceTarget:
    """Create or change the target of an indicator for a region (or the nation) and year."""
    if not actor.can_write or (actor.role != "admin" and not actor.is_superuser):
        raise ValidationError(_("Hanya administrator yang dapat mengubah target."))
    region = fields.get("region")
    existing = PrevalenceTarget.objects.filter(
        region=region, indicator=fields["indicator"], year=fields["year"]
    ).first()
    code = region.code if region is not None else ""
    if existing is not None:
        return log.update(
            actor, "set_target", existing, dict(fields), region_code=code, client_uuid=client_uuid
        )
    return log.create(
        actor, "set_target", PrevalenceTarget(**fields), region_code=code, client_uuid=client_uuid
    )
