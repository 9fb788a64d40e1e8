"""Who was expected to report a month, who did, on time or late, and whether the bidan verified it: the
database side of `rules.completeness`, for the area pages, the bidan's queue and the "final or
provisional" badge of the report pages.

A posyandu is expected to report a month when it is active and was formed (its SK date, where recorded) by
the end of that month; a posyandu that reported the month is expected whatever its status now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monthly.models import REPORTED, MonthlyReport, ReportStatus
from posyandu.models import Posyandu, PosyanduStatus
from rules import completeness as arithmetic
from rules.completeness import Completeness
from rules.months import month_end


def deadline_of(month: datetime.date) -> datetime.date:
    return arithmetic.deadline(month, settings.MONTHLY_REPORT_DEADLINE_DAY)


def expected_posyandu(posyandu: QuerySet[Posyandu], month: datetime.date) -> QuerySet[Posyandu]:
    reported = Exists(
        MonthlyReport.objects.filter(posyandu_id=OuterRef("pk"), month=month, status__in=REPORTED)
    )
    formed = Q(sk_date__isnull=True) | Q(sk_date__lte=month_end(month))
    return posyandu.filter((Q(status=PosyanduStatus.ACTIVE) & formed) | reported)


@dataclass(frozen=True)
class PosyanduState:
    """One expected posyandu's report of the month."""

    posyandu_id: int
    name: str
    desa_code: str
    desa_name: str
    report: MonthlyReport | None
    on_time: bool
    late: bool  # sent after the deadline, or not sent and the deadline has passed

    @property
    def reported(self) -> bool:
        return self.report is not None and self.report.status in REPORTED

    @property
    def verified(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.VERIFIED

    @property
    def status_label(self) -> str:
        if self.report is None or self.report.status == ReportStatus.DRAFT:
            return str(_("Belum dikirim"))
        return str(self.report.get_status_display())

    @property
    def counts(self) -> Completeness:
        return Completeness(1, int(self.reported), int(self.on_time), int(self.verified))


def sent_on(report: MonthlyReport) -> datetime.date | None:
    first = report.first_submitted_at
    return timezone.localtime(first).date() if first is not None else None


def states(
    posyandu: QuerySet[Posyandu], month: datetime.date, *, today: datetime.date | None = None
) -> list[PosyanduState]:
    """The expected posyandu among `posyandu` (already scoped to the user), by desa and name; two queries."""
    today = today or timezone.localdate()
    due = deadline_of(month)
    expected = expected_posyandu(posyandu, month)
    reports = {
        r.posyandu_id: r
        for r in MonthlyReport.objects.filter(month=month, posyandu_id__in=expected.values("pk")).order_by()
    }
    out = []
    for pid, name, desa_code, desa_name in expected.order_by("desa_id", "name", "pk").values_list(
        "pk", "name", "desa_id", "desa__name"
    ):
        report = reports.get(pid)
        reported = report is not None and report.status in REPORTED
        first = sent_on(report) if report is not None else None
        on_time = reported and arithmetic.is_on_time(first, month, settings.MONTHLY_REPORT_DEADLINE_DAY)
        late = (reported and not on_time) or (not reported and today > due)
        out.append(PosyanduState(pid, name, desa_code, desa_name, report, on_time, late))
    return out


def status_of(posyandu: QuerySet[Posyandu], month: datetime.date) -> Completeness:
    """Reported, on time and verified among the posyandu expected to report `month`: the month's figures of
    these posyandu are final when every expected report is verified, provisional otherwise."""
    total = Completeness()
    for state in states(posyandu, month):
        total = total + state.counts
    return total
