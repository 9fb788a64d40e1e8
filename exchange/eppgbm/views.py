"""The e-PPGBM export page and its file: choose the area and month, see how many balita the sheet holds,
download it (.xlsx, or .csv). The file is an audited read (`actions.record_sheet_download`)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from exchange.eppgbm import actions, selection, sheet
from reports import exports
from reports.periods import month_options
from web import query

FORMATS = {"xlsx", "csv"}


@require_GET
def export(request: AuthedRequest) -> HttpResponse:
    """The page: the area and month chosen, the number of balita per posyandu and the download links."""
    choice = selection.choose(request)
    per_posyandu: list[tuple[str, int]] = []
    without_nik = 0
    if choice.area is not None:
        visits = selection.balita_visits(request, choice.area, choice.month)
        counts = Counter(visits.values_list("posyandu__name", flat=True))
        per_posyandu = sorted(counts.items())
        without_nik = visits.filter(Q(person__nik__isnull=True) | Q(person__nik="")).count()
    return render(
        request,
        "eppgbm/export.html",
        {
            "choice": choice,
            "month": choice.month,
            "bulan": f"{choice.month:%Y-%m}",
            "months": month_options(choice.month),
            "regions": selection.region_options(request),
            "posyandu_list": selection.posyandu_options(request, choice),
            "per_posyandu": per_posyandu,
            "total": sum(n for _name, n in per_posyandu),
            "without_nik": without_nik,
        },
    )


@require_GET
def download(request: AuthedRequest) -> HttpResponse:
    """The sheet as a file; a month or format not understood, or an area too wide, is a 400 saying so."""
    choice = selection.choose(request)
    file_format = query.choice(request, "format", _("Format"), FORMATS, "xlsx")
    if refused := query.refusal(request):
        return refused
    if choice.area is None:
        return HttpResponse(choice.problem, status=400, content_type="text/plain; charset=utf-8")
    rows = sheet.rows(selection.balita_visits(request, choice.area, choice.month))
    actions.record_sheet_download(
        request.user, choice.area, month=choice.month, file_format=file_format, children=len(rows)
    )
    filename = f"eppgbm-{choice.area.slug}-{choice.month:%Y-%m}"
    if file_format == "csv":
        return exports.csv_response(filename, sheet.HEADER, sheet.csv_rows(rows))
    response = HttpResponse(sheet.xlsx(f"e-PPGBM {choice.month:%Y-%m}", rows), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
