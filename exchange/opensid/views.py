"""The OpenSID import pages: choose a desa; the desa's page (upload, the check row by row, the import with its
progress polled by htmx, which posyandu serves which dusun/RW/RT, the residents waiting for one, and the
pregnant women OpenSID reports for the bidan to complete); the check's rows as a file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from exchange.opensid import actions, codes
from exchange.opensid.access import access_desa
from exchange.opensid.forms import ServedUnitForm, StartForm, UploadForm
from exchange.opensid.models import CheckRow, ExportImport, Outcome, Resident, ServedUnit
from people.models import Pregnancy
from regions.codes import within_q
from regions.models import Level, Region
from reports.exports import xlsx_response
from web import query
from web.spreadsheets import write_csv

SHOWN_DESA = 300


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """The desa of the user's area (within `?wilayah=`), each linking to its import page."""
    if request.user.is_kader:
        raise PermissionDenied
    code = query.region(request)
    scope = scope_of(request.user)
    desa = Region.objects.visible_to(request.user).filter(level=Level.DESA)
    if code:
        desa = desa.filter(within_q("code", code))
    elif scope.everything:
        desa = desa.none()  # the whole country: choose a region first
    jobs = ExportImport.objects.visible_to(request.user).select_related("desa")[:20]
    return render(
        request,
        "opensid/index.html",
        {"desa_list": list(desa.order_by("code")[: SHOWN_DESA + 1]), "shown": SHOWN_DESA, "jobs": jobs},
    )


def _latest(desa: Region) -> ExportImport | None:
    return (
        ExportImport.objects.filter(desa=desa)
        .exclude(status="cancelled")
        .select_related("uploaded_by")
        .first()
    )


def _status_context(request: AuthedRequest, desa: Region) -> dict[str, Any]:
    job = _latest(desa)
    rows = CheckRow.objects.none() if job is None else job.rows.all()
    outcome = query.choice(request, "status", _("Hasil"), ["", *Outcome.values], "")
    if outcome:
        rows = rows.filter(outcome=outcome)
    page = query.page(request, Paginator(rows, 50))
    may = actions.may_import(request.user, desa)
    return {
        "desa": desa,
        "job": job,
        "page": page,
        "outcome": outcome,
        "outcomes": Outcome.choices,
        "counts": [
            (value, label, (job.counts if job else {}).get(value, 0)) for value, label in Outcome.choices
        ],
        "start_form": StartForm() if job is not None and job.is_checked and may else None,
        "query": query.kept({"status": outcome}),
    }


@require_GET
def desa_page(request: AuthedRequest, region_code: str) -> HttpResponse:
    desa = access_desa(request.user, region_code)
    if desa.level != Level.DESA:
        return redirect(f"{reverse('opensid:index')}?wilayah={desa.code}")
    context = _status_context(request, desa)
    if request.htmx:
        return render(request, "opensid/_status.html", context)
    may = actions.may_import(request.user, desa)
    served = {s.unit_id: s for s in ServedUnit.objects.filter(desa=desa).select_related("posyandu")}
    waiting = dict(
        Resident.objects.filter(desa=desa).waiting().values_list("unit_id").annotate(n=Count("pk")).order_by()
    )
    form = ServedUnitForm(desa) if may else None
    units = list(ServedUnitForm(desa).fields["unit"].queryset)  # type: ignore[attr-defined]
    ongoing = Pregnancy.objects.ongoing().filter(mother_id=OuterRef("person_id"))
    pregnant = (
        Resident.objects.filter(desa=desa, pregnant=True, person__isnull=False, status_dasar=1)
        .exclude(Exists(ongoing))
        .select_related("person__posyandu")
        .order_by("name")
    )
    kb = (
        Resident.objects.filter(desa=desa, status_dasar=1, kb_method__isnull=False)
        .values_list("kb_method")
        .annotate(n=Count("pk"))
        .order_by("kb_method")
    )
    context |= {
        "kb": [(codes.CARA_KB.get(method, ""), n) for method, n in kb],
        "upload_form": UploadForm() if may else None,
        "served_form": form,
        "units": [(u, served.get(u.pk), waiting.get(u.pk, 0)) for u in units],
        "waiting_total": sum(waiting.values()),
        "pregnant": pregnant,
    }
    return render(request, "opensid/desa.html", context)


@require_POST
def upload(request: AuthedRequest, region_code: str) -> HttpResponse:
    desa = access_desa(request.user, region_code, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("opensid:desa", region_code=desa.code)
    upload_file = form.cleaned_data["file"]
    try:
        actions.upload_export(
            request.user,
            desa,
            name=upload_file.name,
            content=upload_file.read(),
            client_uuid=form.cleaned_data["client_uuid"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("opensid:desa", region_code=desa.code)


@require_POST
def start(request: AuthedRequest, region_code: str) -> HttpResponse:
    # A button answered with a message on the desa's page (the page shows the import's progress).
    desa = access_desa(request.user, region_code, write=True)
    job = _latest(desa)
    form = StartForm(request.POST)
    if job is None or not form.is_valid():
        messages.error(request, _("Belum ada hasil pemeriksaan untuk diimpor."))
        return redirect("opensid:desa", region_code=desa.code)
    try:
        actions.start_import(request.user, job, client_uuid=form.cleaned_data["client_uuid"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("opensid:desa", region_code=desa.code)


@require_POST
def assign(request: AuthedRequest, region_code: str) -> HttpResponse:
    desa = access_desa(request.user, region_code, write=True)
    form = ServedUnitForm(desa, request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih dusun/RW/RT dan posyandu di desa ini."))
        return redirect("opensid:desa", region_code=desa.code)
    try:
        actions.assign_posyandu(
            request.user,
            form.cleaned_data["unit"],
            form.cleaned_data["posyandu"],
            client_uuid=form.cleaned_data["client_uuid"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Posyandu ditetapkan; warga yang menunggu sudah masuk register."))
    return redirect("opensid:desa", region_code=desa.code)


@require_GET
def rows_file(request: AuthedRequest, region_code: str) -> HttpResponse:
    """Every row of the latest check: row, result, name and reason."""
    desa = access_desa(request.user, region_code)
    fmt = query.choice(request, "format", _("Format"), ["csv", "xlsx"], "xlsx")
    if refused := query.refusal(request):
        return refused
    job = _latest(desa) if desa.level == Level.DESA else None
    labels = dict(Outcome.choices)
    rows = (
        []
        if job is None
        else [(r.row, str(labels.get(r.outcome, r.outcome)), r.name, r.reason) for r in job.rows.all()]
    )
    header = [_("Baris"), _("Hasil"), _("Nama"), _("Keterangan")]
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="opensid-{desa.code}.csv"'
        response.write("\ufeff")
        write_csv(response, [header, *rows])
        return response
    subtitle = f"{desa.display_name} · {job.original_name if job else ''}"
    return xlsx_response(f"opensid-{desa.code}", _("Pemeriksaan impor OpenSID"), subtitle, header, rows)
