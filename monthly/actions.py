"""Writes of the monthly report: the kader saves and sends it, the bidan verifies, returns or reopens it.
Each is one transaction with its audit event; who may take a step is `monthly.access` (checked by the
views). Sending freezes the month's figures into the report and locks the month (`monthly.locks`);
returning a sent report or reopening a verified one unlocks it and needs a reason, kept in the history."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from monthly import locks, snapshot
from monthly.models import REPORTED, MonthlyReport, ReportStatus
from rules.months import month_start

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Posyandu


@dataclass(frozen=True)
class PosyanduInputs:
    """What only the posyandu knows about its month."""

    kader_present: int | None = None
    pmt_recipients: int | None = None
    counselling_topic: str = ""
    additional_activities: str = ""
    note: str = ""


def _audit(report: MonthlyReport) -> dict[str, Any]:
    return {
        "region_code": report.posyandu.desa_id,
        "posyandu_id": report.posyandu_id,
        "subject": report.posyandu,
    }


def _open(posyandu: Posyandu, month: datetime.date) -> MonthlyReport:
    """The posyandu's report of the month (row-locked), unsaved when there is none yet."""
    if month != month_start(month):
        raise ValidationError(_("Bulan laporan harus tanggal 1."))
    if month > month_start(timezone.localdate()):
        raise ValidationError(_("Bulan ini belum berjalan; laporan belum dapat dibuat."))
    report = MonthlyReport.objects.select_for_update().filter(posyandu=posyandu, month=month).first()
    if report is not None and report.status in REPORTED:
        raise ValidationError(locks.MESSAGE)
    return report or MonthlyReport(posyandu=posyandu, month=month)


def _write(
    actor: User, verb: str, report: MonthlyReport, fields: dict[str, Any], client_uuid: uuid.UUID | None
) -> MonthlyReport:
    if report.pk is None:
        for name, value in fields.items():
            setattr(report, name, value)
        return log.create(actor, verb, report, client_uuid=client_uuid, **_audit(report))
    return log.update(actor, verb, report, fields, client_uuid=client_uuid, **_audit(report))


@transaction.atomic
@idempotent
def save_report(
    actor: User,
    posyandu: Posyandu,
    month: datetime.date,
    *,
    inputs: PosyanduInputs,
    client_uuid: uuid.UUID | None = None,
) -> MonthlyReport:
    """Keep the posyandu's inputs without sending (a draft, or a returned report being corrected)."""
    report = _open(posyandu, month)
    return _write(actor, "save_monthly_report", report, asdict(inputs), client_uuid)


@transaction.atomic
@idempotent
def submit_report(
    actor: User,
    posyandu: Posyandu,
    month: datetime.date,
    *,
    inputs: PosyanduInputs,
    client_uuid: uuid.UUID | None = None,
) -> MonthlyReport:
    """Send the month's report to the bidan: the figures computed now are frozen into it, and the month is
    locked until the bidan returns or reopens it."""
    report = _open(posyandu, month)
    now = timezone.now()
    figures = snapshot.figures_of({posyandu.pk: posyandu.desa_id}, month)[posyandu.pk]
    fields = {
        **asdict(inputs),
        "status": ReportStatus.SUBMITTED,
        "figures": figures,
        "submitted_by": actor,
        "submitted_at": now,
        "first_submitted_at": report.first_submitted_at or now,
        "verified_by": None,
        "verified_at": None,
        "return_reason": "",
    }
    return _write(actor, "submit_monthly_report", report, fields, client_uuid)


def _move(
    actor: User,
    report: MonthlyReport,
    verb: str,
    source: ReportStatus,
    fields: dict[str, Any],
    client_uuid: uuid.UUID | None,
) -> MonthlyReport:
    report = (
        MonthlyReport.objects.select_for_update(of=("self",)).select_related("posyandu").get(pk=report.pk)
    )
    if report.status != source:
        raise ValidationError(
            _("Langkah ini tidak berlaku untuk laporan berstatus %(s)s.") % {"s": report.get_status_display()}
        )
    return log.update(actor, verb, report, fields, client_uuid=client_uuid, **_audit(report))


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasannya.")})
    return reason[:300]


@transaction.atomic
@idempotent
def verify_report(
    actor: User, report: MonthlyReport, *, client_uuid: uuid.UUID | None = None
) -> MonthlyReport:
    """The bidan accepts the sent figures: the month's figures of the posyandu are final."""
    fields = {"status": ReportStatus.VERIFIED, "verified_by": actor, "verified_at": timezone.now()}
    return _move(actor, report, "verify_monthly_report", ReportStatus.SUBMITTED, fields, client_uuid)


@transaction.atomic
@idempotent
def return_report(
    actor: User, report: MonthlyReport, *, reason: str, client_uuid: uuid.UUID | None = None
) -> MonthlyReport:
    """The bidan sends a report back to the posyandu for correction, saying why; the month is unlocked."""
    fields = {"status": ReportStatus.RETURNED, "return_reason": _reason(reason)}
    return _move(actor, report, "return_monthly_report", ReportStatus.SUBMITTED, fields, client_uuid)


@transaction.atomic
@idempotent
def reopen_report(
    actor: User, report: MonthlyReport, *, reason: str, client_uuid: uuid.UUID | None = None
) -> MonthlyReport:
    """The bidan reopens a verified report (its month's records need a change), saying why; the month is
    unlocked and the report goes back to the posyandu to be sent again."""
    fields = {
        "status": ReportStatus.RETURNED,
        "return_reason": _reason(reason),
        "verified_by": None,
        "verified_at": None,
    }
    return _move(actor, report, "reopen_monthly_report", ReportStatus.VERIFIED, fields, client_uuid)
