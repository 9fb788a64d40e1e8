"""The monthly report pages: a posyandu's month (its figures, what only the posyandu knows, sending it), the
bidan's queue of reports to verify, and the completeness and timeliness of an area's reports."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from accounts.models import Role
from accounts.scope import scope_of
from audit.views import render_history
from monthly import actions, locks, snapshot
from monthly.access import SUBMITTERS, VERIFIERS, access_report, ensure_role, may
from monthly.completeness import deadline_of, states
from monthly.forms import SUBMIT, ReasonForm, ReportForm
from monthly.models import REPORTED, MonthlyReport, ReportStatus
from posyandu.access import access_posyandu
from posyandu.models import Posyandu
from regions.codes import at_level, within_any_q
from regions.filters import filter_options
from regions.models import Region
from reporting.completeness import Completeness
from reports.areas import area_for
from reports.periods import current_month, last_complete_month, last_months, month_options
from rules.months import parse_month
from web import query
from web.form_views import add_action_errors

RECENT_MONTHS = 6


def _posted_month(request: AuthedRequest, data: Mapping[str, Any]) -> datetime.date | None:
    """`bulan=YYYY-MM` of a sent form; the month being reported (last month) when absent. A malformed or
    future month is None, with a message saying why. (On a page, web.query.month reads `?bulan=`.)"""
    raw = str(data.get("bulan", "")).strip()
    if not raw:
        return last_complete_month()
    month = parse_month(raw)
    if month is None:
        messages.error(
            request,
            _("Bulan “%(raw)s” tidak dikenal; tulis tahun dan bulan, misalnya 2026-10.") % {"raw": raw[:20]},
        )
        return None
    if month > current_month():
        messages.error(request, _("Bulan %(m)s belum berjalan.") % {"m": f"{month:%m-%Y}"})
        return None
    return month


def _bulan(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _page_url(posyandu_id: int, month: datetime.date) -> str:
    return reverse("monthly:posyandu", args=[posyandu_id]) + f"?bulan={_bulan(month)}"


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """Each role's starting point: the kader's own posyandu, the bidan's queue, the officers' area."""
    posyandu_id = scope_of(request.user).posyandu_id
    if posyandu_id is not None:
        return redirect("monthly:posyandu", posyandu_id=posyandu_id)
    if request.user.role == Role.BIDAN:
        return redirect("monthly:queue")
    return redirect("monthly:completeness")


@require_http_methods(["GET", "POST"])
def posyandu_month(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    user = request.user
    posting = request.method == "POST"
    posyandu = access_posyandu(user, posyandu_id, write=posting)
    if posting:
        ensure_role(user, SUBMITTERS)
    if posting:
        month = _posted_month(request, request.POST)
        if month is None:
            return redirect("monthly:posyandu", posyandu_id=posyandu.pk)
    else:
        month = query.month(request, last_complete_month(), latest=current_month())
    report = (
        MonthlyReport.objects.filter(posyandu=posyandu, month=month)
        .select_related("submitted_by", "verified_by")
        .first()
    )
    editable = report is None or report.status not in REPORTED
    form = ReportForm(request.POST if posting else None, instance=report)
    if posting and not editable:
        messages.error(request, str(locks.MESSAGE))
        return redirect(_page_url(posyandu.pk, month))
    if posting and form.is_valid():
        submit = form.cleaned_data["step"] == SUBMIT
        action = actions.submit_report if submit else actions.save_report
        try:
            action(user, posyandu, month, inputs=form.inputs(), client_uuid=form.cleaned_data["client_uuid"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            done = _("Laporan dikirim ke bidan.") if submit else _("Laporan disimpan (belum dikirim).")
            messages.success(request, done)
            return redirect(_page_url(posyandu.pk, month))
    frozen = report is not None and report.status in REPORTED and bool(report.figures)
    figures = report.figures if frozen and report is not None else None
    if figures is None:
        figures = snapshot.figures_of({posyandu.pk: posyandu.desa_id}, month)[posyandu.pk]
    recent = dict(
        MonthlyReport.objects.filter(
            posyandu=posyandu, month__in=last_months(current_month(), RECENT_MONTHS)
        ).values_list("month", "status")
    )
    status_labels = dict(ReportStatus.choices)
    writer = may(user, SUBMITTERS) and editable
    status = report.status if report is not None else None
    return render(
        request,
        "monthly/posyandu_month.html",
        {
            "posyandu": posyandu,
            "month": month,
            "bulan": _bulan(month),
            "deadline": deadline_of(month),
            "report": report,
            "frozen": frozen,
            "shown": snapshot.shown(figures),
            "form": form if writer else None,
            "reason_form": ReasonForm(),
            "can_verify": may(user, VERIFIERS) and status == ReportStatus.SUBMITTED,
            "can_reopen": may(user, VERIFIERS) and status == ReportStatus.VERIFIED,
            "recent": [
                (m, _bulan(m), status_labels.get(recent[m], "") if m in recent else "", recent.get(m, ""))
                for m in reversed(last_months(current_month(), RECENT_MONTHS))
            ],
        },
    )


def _step_view(
    step: Callable[..., MonthlyReport], done: object, *, with_reason: bool
) -> Callable[[AuthedRequest, int], HttpResponse]:
    @require_POST
    def view(request: AuthedRequest, monthly_report_id: int) -> HttpResponse:
        report = access_report(request.user, monthly_report_id, write=True)
        ensure_role(request.user, VERIFIERS)
        form = ReasonForm(request.POST) if with_reason else None
        back = _page_url(report.posyandu_id, report.month)
        if form is not None and not form.is_valid():
            messages.error(request, _("Tuliskan alasannya."))
            return redirect(back)
        client_uuid = form.cleaned_data["client_uuid"] if form is not None else None
        try:
            if form is not None:
                step(request.user, report, reason=form.cleaned_data["reason"], client_uuid=client_uuid)
            else:
                step(request.user, report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(done))
        return redirect(back)

    return view


verify = _step_view(
    actions.verify_report, gettext_lazy("Laporan diverifikasi; angka bulan ini final."), with_reason=False
)
return_ = _step_view(
    actions.return_report, gettext_lazy("Laporan dikembalikan ke posyandu."), with_reason=True
)
reopen = _step_view(
    actions.reopen_report,
    gettext_lazy("Laporan dibuka kembali; posyandu dapat memperbaiki dan mengirim ulang."),
    with_reason=True,
)


@require_GET
def history(request: AuthedRequest, monthly_report_id: int) -> HttpResponse:
    report = access_report(request.user, monthly_report_id)
    return render_history(
        request, report, title=str(report), back_url=_page_url(report.posyandu_id, report.month)
    )


@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    """Reports waiting for the bidan's verification (oldest month first), and those returned to posyandu."""
    reports = MonthlyReport.objects.visible_to(request.user).select_related("posyandu__desa")
    waiting = list(reports.filter(status=ReportStatus.SUBMITTED).order_by("month", "submitted_at", "pk"))
    returned = list(reports.filter(status=ReportStatus.RETURNED).order_by("month", "posyandu__name", "pk"))
    return render(
        request,
        "monthly/queue.html",
        {
            "waiting": [(r, _page_url(r.posyandu_id, r.month)) for r in waiting],
            "returned": [(r, _page_url(r.posyandu_id, r.month)) for r in returned],
            "can_verify": may(request.user, VERIFIERS),
        },
    )


@require_GET
def completeness(request: AuthedRequest) -> HttpResponse:
    """Per area and month: reported / expected, on time and verified, and the posyandu late or missing."""
    user = request.user
    area = area_for(user, query.region(request))
    month = query.month(request, last_complete_month(), latest=current_month())
    posyandu = Posyandu.objects.visible_to(user)
    if area.codes:
        posyandu = posyandu.filter(within_any_q("desa_id", area.codes))
    found = states(posyandu, month)
    level = area.row_level
    rows: dict[str, Completeness] = {}
    total = Completeness()
    for state in found:
        total = total + state.counts
        if level is not None:
            key = at_level(state.desa_code, level)
            rows[key] = rows.get(key, Completeness()) + state.counts
    names = {r.code: r.display_name for r in Region.objects.filter(code__in=list(rows))}
    bulan = _bulan(month)
    scope = scope_of(user)
    ancestors = area.region.ancestors() if area.region is not None else []
    return render(
        request,
        "monthly/completeness.html",
        {
            "area": area,
            "month": month,
            "bulan": bulan,
            "months": month_options(month),
            "regions": filter_options(user),
            "ancestors": [a for a in ancestors if scope.covers(a.code)],
            "deadline": deadline_of(month),
            "total": total,
            "rows": [
                (names.get(code, code), f"?wilayah={code}&bulan={bulan}", counts)
                for code, counts in sorted(rows.items())
            ],
            "posyandu_rows": level is None,
            "states": [(s, _page_url(s.posyandu_id, month)) for s in found],
            "late_or_missing": [
                (s, _page_url(s.posyandu_id, month)) for s in found if s.late or not s.reported
            ],
        },
    )
