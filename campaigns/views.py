"""Campaign pages: the list, a new campaign, its coverage and prevalence, the template, uploads and the import
jobs (progress polled with htmx, the error report, the user's choice, cancelling)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from campaigns import actions
from campaigns.access import access_campaign, access_import_job, visible_jobs
from campaigns.coverage import campaign_area, coverage
from campaigns.forms import CampaignForm, StartImportForm, UploadForm
from campaigns.imports import read
from campaigns.models import Campaign, ImportStatus
from posyandu.models import Posyandu
from regions.codes import within_q
from reports.exports import xlsx_response
from reports.models import INDICATOR_SHORT
from rules.prevalence import INDICATORS
from web import query
from web.form_views import form_view
from web.spreadsheets import write_csv


def _is_officer(user: Any) -> bool:
    return bool(user.is_officer)


@require_GET
def campaign_list(request: AuthedRequest) -> HttpResponse:
    campaigns = Campaign.objects.visible_to(request.user).select_related("region")
    can_create = request.user.can_write and _is_officer(request.user)
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user, allowed=_is_officer)
    return form_view(
        request,
        CampaignForm(request.user, request.POST or None),
        lambda form: actions.create_campaign(request.user, **form.cleaned_data),
        template="form.html",
        context={"title": _("Kegiatan penimbangan baru"), "back_url": reverse("campaigns:list")},
        redirect_to=lambda campaign: reverse("campaigns:detail", kwargs={"campaign_id": campaign.pk}),
        success_message=lambda campaign: _("Kegiatan %(name)s dibuat.") % {"name": campaign.name},
    )


@require_GET
def campaign_detail(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    campaign = access_campaign(user, campaign_id)
    asked = query.region(request)
    region = campaign_area(user, campaign, asked)
    if asked and region.code != asked:
        query.note(request, "wilayah", _("Wilayah"), asked, region.display_name)
    rows, total = coverage(user, campaign, region, today=timezone.localdate())
    indicator_columns = [(i.code, INDICATOR_SHORT[i.code]) for i in INDICATORS]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "region": region,
            "ancestors": [a for a in region.ancestors() if a.code.startswith(campaign.region_id)]
            if region.code != campaign.region_id
            else [],
            "rows": rows,
            "total": total,
            "indicators": indicator_columns,
            "jobs": visible_jobs(user, campaign)[:20],
            "upload_form": UploadForm() if user.can_write else None,
            "finished": campaign.end_date < timezone.localdate(),
        },
    )


@require_GET
def template_download(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    codes = list(
        Posyandu.objects.visible_to(request.user)
        .filter(within_q("desa_id", campaign.region_id), status="active")
        .order_by("desa_id", "name")
        .values_list("code", "name")
    )
    response = HttpResponse(
        read.template_xlsx(campaign.name, codes),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="templat-penimbangan-{campaign.pk}.xlsx"'
    return response


@require_POST
def upload(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("campaigns:detail", campaign_id=campaign.pk)
    upload_file = form.cleaned_data["file"]
    try:
        job = actions.upload_sheet(
            request.user,
            campaign,
            name=upload_file.name,
            content=upload_file.read(),
            client_uuid=form.cleaned_data["client_uuid"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("campaigns:detail", campaign_id=campaign.pk)
    return redirect("campaigns:job", job_id=job.pk)


SHOWN_ISSUES = 50  # on the page; the downloadable report has them all


@require_GET
def job_detail(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The job and everything its status allows; the page polls this (htmx) while the job runs and swaps in
    the whole fragment, so the error report, the import choice and "Batalkan" follow the status."""
    job = access_import_job(request.user, job_id)
    issues = list(job.issues.all()[: SHOWN_ISSUES + 1])
    context = {
        "job": job,
        "issues": issues[:SHOWN_ISSUES],
        "more_issues": len(issues) > SHOWN_ISSUES,
        "start_form": StartImportForm(initial={"mode": "valid_rows"})
        if job.status == ImportStatus.VALIDATED and request.user.can_write
        else None,
        "can_cancel": request.user.can_write and job.cancellable,
    }
    if request.htmx:
        return render(request, "campaigns/_job_status.html", context)
    return render(request, "campaigns/job_detail.html", context)


@require_GET
def job_errors(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The error report: row, column and message of every problem found."""
    job = access_import_job(request.user, job_id)
    issues = list(job.issues.values_list("row", "column", "message"))
    header = [_("Baris"), _("Kolom"), _("Pesan")]
    fmt = query.choice(request, "format", _("Format"), ["csv", "xlsx"], "xlsx")
    if refused := query.refusal(request):
        return refused
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{job.pk}.csv"'
        response.write("\ufeff")
        write_csv(response, [header, *issues])
        return response
    subtitle = _("%(file)s · %(n)d baris bermasalah dari %(total)d") % {
        "file": job.original_name,
        "n": job.error_rows,
        "total": job.total_rows,
    }
    return xlsx_response(f"kesalahan-impor-{job.pk}", _("Laporan kesalahan impor"), subtitle, header, issues)


@require_POST
def job_start(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = access_import_job(request.user, job_id, write=True)
    form = StartImportForm(request.POST)
    if form.is_valid():
        try:
            actions.start_import(
                request.user,
                job,
                mode=form.cleaned_data["mode"],
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Pilih cara impor."))
    return redirect("campaigns:job", job_id=job.pk)


@require_POST
def job_cancel(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = access_import_job(request.user, job_id, write=True)
    try:
        actions.cancel_import(request.user, job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Impor dibatalkan. Tidak ada data yang disimpan."))
    return redirect("campaigns:job", job_id=job.pk)
