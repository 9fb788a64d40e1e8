"""The DHIS2 export pages: an officer chooses an area and months, sees what the mapping covers and downloads
the figures as `dataValueSets` JSON or ADX XML; an administrator sets the receiver and its mapping."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from exchange.dhis2 import actions, export
from exchange.dhis2.formats import adx_document, data_value_set
from exchange.dhis2.forms import MappingFileForm, SettingsForm
from exchange.dhis2.models import DataElementMapping, OrgUnitMapping
from regions.filters import filter_options, selected_region_code
from reports.actions import report_refresh
from reports.areas import Area, area_for, figures_in
from reports.periods import current_month, latest_month, month_options
from rules.months import add_months, months_between
from web import query
from web.form_views import add_action_errors

FORMATS = {"json", "adx"}


def _ensure_officer(request: AuthedRequest) -> None:
    """A kader reports through her posyandu's monthly report, not to DHIS2."""
    if request.user.is_kader:
        raise PermissionDenied


def _area(request: AuthedRequest) -> Area:
    """The area `?wilayah=` names; a code outside the user's scope (or naming no region) is a 404, as if it
    did not exist: a file of someone else's area is never built."""
    raw = query.raw(request, "wilayah")
    if raw and selected_region_code(request.user, raw) is None:
        raise Http404
    area = area_for(request.user, raw or None)
    if raw and area.code != raw:
        raise Http404
    return area


def _months(request: AuthedRequest, area: Area) -> list[datetime.date]:
    """`?bulan=` the first month (default: the latest with a weighing), `?sampai=` the last (default: the
    first); neither after this month, at most `export.MAX_MONTHS`."""
    now = current_month()
    first = query.month(request, lambda: latest_month(figures_in(request.user, area)), latest=now)
    last = query.month(request, first, name="sampai", latest=now)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count < 1 or count > export.MAX_MONTHS:
        last = first if count < 1 else add_months(first, export.MAX_MONTHS - 1)
        query.note(request, "sampai", _("Sampai bulan"), query.raw(request, "sampai"), f"{last:%m-%Y}")
    return months_between(first, last)


@require_GET
def export_page(request: AuthedRequest) -> HttpResponse:
    _ensure_officer(request)
    as_of = report_refresh()
    area = _area(request)
    months = _months(request, area)
    result: export.Export | None = None
    refusal = ""
    try:
        result = export.build(request.user, area, months)
    except export.ExportRefused as exc:
        refusal = str(exc)
    return render(
        request,
        "dhis2/export.html",
        {
            "area": area,
            "months": months,
            "month_choices": month_options(months[-1]),
            "regions": filter_options(request.user),
            "result": result,
            "refusal": refusal,
            "query": query.kept(
                {"wilayah": area.code, "bulan": f"{months[0]:%Y-%m}", "sampai": f"{months[-1]:%Y-%m}"}
            ),
            "can_configure": actions.may_configure(request.user),
            "figures_as_of": as_of,
        },
    )


@require_GET
def download(request: AuthedRequest) -> HttpResponse:
    _ensure_officer(request)
    report_refresh()
    area = _area(request)
    months = _months(request, area)
    fmt = query.choice(request, "format", _("Format"), FORMATS, "json")
    if refused := query.refusal(request):
        return refused
    try:
        result = export.build(request.user, area, months)
    except export.ExportRefused as exc:
        return _text(str(exc), status=400)
    if not result.values:
        return _text(
            "\n".join([_("Tidak ada angka yang dapat dikirim."), *result.warnings]),
            status=400,
        )
    settings = result.settings
    filename = f"dhis2-{area.code or 'semua'}-{months[0]:%Y%m}-{months[-1]:%Y%m}"
    if fmt == "adx":
        body = adx_document(result.values, data_set=settings.data_set, exported=timezone.now())
        response = HttpResponse(body, content_type="application/adx+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.adx.xml"'
        return response
    payload = data_value_set(
        result.values, data_set=settings.data_set, id_scheme=settings.id_scheme, complete_date=None
    )
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def _text(text: str, *, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _ensure_configurator(request: AuthedRequest) -> None:
    if not actions.may_configure(request.user):
        raise PermissionDenied


def _mapping_page(
    request: AuthedRequest, settings_form: SettingsForm, file_form: MappingFileForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "dhis2/mapping.html",
        {
            "settings_form": settings_form,
            "file_form": file_form,
            "elements": DataElementMapping.objects.all(),
            "units": OrgUnitMapping.objects.select_related("region", "posyandu__desa"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def mapping(request: AuthedRequest) -> HttpResponse:
    """The receiver's settings (this form) and the mapping (its tables; changed by `upload_mapping`)."""
    _ensure_configurator(request)
    current = export.load_settings()
    initial = (
        {"data_set": current.data_set, "id_scheme": current.id_scheme, "level": current.level}
        if current is not None
        else {}
    )
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_settings(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan DHIS2 disimpan."))
            return redirect("dhis2:mapping")
    return _mapping_page(request, form, MappingFileForm(), status=400 if form.errors else 200)


@require_POST
def upload_mapping(request: AuthedRequest) -> HttpResponse:
    """A mapping CSV, applied whole or refused whole (the refusal is shown above the form)."""
    _ensure_configurator(request)
    form = MappingFileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = actions.import_mapping_file(request.user, name=upload.name, content=upload.read())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("Pemetaan diperbarui: %(created)d baru, %(updated)d diubah, %(removed)d dihapus.") % counts,
            )
            return redirect("dhis2:mapping")
    current = export.load_settings()
    settings_form = SettingsForm(
        initial={"data_set": current.data_set, "id_scheme": current.id_scheme, "level": current.level}
        if current is not None
        else {}
    )
    return _mapping_page(request, settings_form, form, status=400)
