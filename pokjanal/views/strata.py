"""Strata and posyandu aktif: the region summary against 80 %, and each posyandu-year's assessment with
its tiered verification (desa proposes, kecamatan verifies, kabupaten/kota approves; approved = locked)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from accounts.models import Role
from accounts.scope import scope_of
from audit.views import render_history
from pokjanal import actions
from pokjanal import strata as strata_data
from pokjanal.access import APPROVERS, PROPOSERS, VERIFIERS, access_assessment, ensure_officer, ensure_role
from pokjanal.forms.strata import AssessmentInputsForm, TransitionForm
from pokjanal.indicators import posyandu_day_data_available
from pokjanal.models import AdditionalProgramme, AssessmentStatus, StrataAssessment
from pokjanal.regional import AreaStrata, posyandu_strata, strata_by_area
from posyandu.access import access_posyandu
from regions.filters import filter_options
from regions.models import Region
from reports.rulesets import strata_thresholds
from rules import strata as rules
from web import query
from web.form_views import form_view


def _year(raw: str | None) -> int:
    """The year of an assessment being opened (a field of the form, not a query parameter)."""
    today = timezone.localdate()
    try:
        year = int(raw or today.year)
    except ValueError:
        year = today.year
    return min(max(year, 2000), today.year)


INDICATOR_LABELS = {
    rules.OPENING_DAYS: gettext_lazy("hari buka per tahun"),
    rules.OPENING_MONTHS: gettext_lazy("bulan dengan hari buka"),
    rules.KADER_ON_DUTY: gettext_lazy("rerata kader bertugas"),
    rules.DS: gettext_lazy("rerata D/S"),
    rules.KIA: gettext_lazy("cakupan KIA"),
    rules.KB: gettext_lazy("cakupan KB"),
    rules.IMMUNISATION: gettext_lazy("cakupan imunisasi"),
    rules.ADDITIONAL_PROGRAMME: gettext_lazy("program tambahan"),
    rules.DANA_SEHAT: gettext_lazy("cakupan dana sehat"),
    rules.ACTIVE_KADER: gettext_lazy("kader aktif"),
    rules.SERVICES_MONTHS: gettext_lazy("bulan dengan 3 dari 4 layanan ≥ 50 %"),
    rules.GROWTH_EQUIPMENT: gettext_lazy("alat pemantauan pertumbuhan"),
    rules.TARGET_GROUPS: gettext_lazy("melayani ibu hamil/balita/remaja"),
}


def _summary_row(area: AreaStrata) -> dict[str, object]:
    summary = area.summary
    return {
        "code": area.code,
        "name": area.name,
        "total": summary.total,
        "approved": area.approved,
        "strata": [summary.strata[s.value] for s in rules.Stratum],
        "undecided": summary.strata[""],
        "aktif": [
            {
                "version": v,
                "pct": summary.pct_aktif(v),
                "reaches": summary.reaches_target(v),
                "undecided": summary.undecided[v],
            }
            for v in (rules.AKTIF_2023, rules.AKTIF_2021, rules.AKTIF_2011)
        ],
    }


_PERCENT_FACTS = {rules.DS, rules.KIA, rules.KB, rules.IMMUNISATION, rules.DANA_SEHAT}


def _fact_text(key: str, value: object) -> str | None:
    """None stays None ("no data"); numbers are shown as people read them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return f"{text} %" if key in _PERCENT_FACTS else text
    return str(value)


def _labels(keys: tuple[str, ...]) -> str:
    return ", ".join(str(INDICATOR_LABELS.get(k, k)) for k in keys)


@require_GET
def strata_summary(request: AuthedRequest) -> HttpResponse:
    user = request.user
    this_year = timezone.localdate().year
    year = query.integer(request, "tahun", _("Tahun"), this_year, 2000, this_year)
    code = query.region(request)
    scope = scope_of(user)
    if code is None and scope.region_codes:
        code = scope.region_codes[0]
    region = Region.objects.visible_to(user).filter(code=code).first() if code else None
    context: dict[str, object] = {
        "year": year,
        "regions": filter_options(user),
        "region": region,
        "day_data": posyandu_day_data_available(),
        "strata": [s.value for s in rules.Stratum],
        "versions": [rules.AKTIF_2023, rules.AKTIF_2021, rules.AKTIF_2011],
    }
    if region is not None:
        areas, total = strata_by_area(region, year)
        context.update(areas=[_summary_row(a) for a in areas], total=_summary_row(total))
        if region.level >= 3:  # a kecamatan or desa: each posyandu with its assessment of the year
            context["posyandu_rows"] = posyandu_strata(region, year)
        context["can_open"] = user.can_write and user.is_officer
    waiting = StrataAssessment.objects.visible_to(user).filter(year=year).select_related("posyandu__desa")
    if user.role == Role.POKJANAL_KECAMATAN:
        context["waiting"] = waiting.filter(status=AssessmentStatus.PROPOSED)
    elif user.role == Role.POKJANAL_KABKOTA:
        context["waiting"] = waiting.filter(status=AssessmentStatus.VERIFIED)
    return render(request, "pokjanal/strata_summary.html", context)


@require_POST
def assessment_open(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    ensure_officer(request.user)
    assessment = actions.open_assessment(request.user, posyandu, _year(request.POST.get("tahun")))
    return redirect("pokjanal:assessment", assessment_id=assessment.pk)


def _computed(assessment: StrataAssessment) -> tuple[rules.YearInputs | None, rules.Classification]:
    """The frozen result once proposed; the live computation while a draft."""
    if assessment.status != AssessmentStatus.DRAFT and assessment.result:
        return rules.YearInputs(**assessment.result["inputs"]), strata_data.from_json(assessment.result)
    inputs = strata_data.inputs_for(
        [assessment.posyandu_id], assessment.year, {assessment.posyandu_id: assessment}
    )[assessment.posyandu_id]
    return inputs, rules.classify(inputs, strata_thresholds())


@require_GET
def assessment_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = access_assessment(request.user, assessment_id)
    inputs, result = _computed(assessment)
    role = request.user.role
    writer = request.user.can_write
    status = assessment.status
    steps = {
        "propose": writer and role in PROPOSERS and status == AssessmentStatus.DRAFT,
        "verify": writer and role in VERIFIERS and status == AssessmentStatus.PROPOSED,
        "approve": writer and role in APPROVERS and status == AssessmentStatus.VERIFIED,
        "return": writer
        and (
            (role in VERIFIERS and status == AssessmentStatus.PROPOSED)
            or (role in APPROVERS and status == AssessmentStatus.VERIFIED)
        ),
        "reopen": writer and role in APPROVERS and status == AssessmentStatus.APPROVED,
        "edit": writer and request.user.is_officer and status == AssessmentStatus.DRAFT,
    }
    facts = [
        (INDICATOR_LABELS[k], _fact_text(k, v))
        for k, v in (inputs.__dict__.items() if inputs else [])
        if k in INDICATOR_LABELS
    ]
    verdicts = [
        (v.rule_version, v.aktif, _labels(v.failed), _labels(v.missing))
        for v in (result.aktif_2011, result.aktif_2021, result.aktif_2023)
    ]
    programmes = dict(AdditionalProgramme.choices)
    return render(
        request,
        "pokjanal/assessment_detail.html",
        {
            "assessment": assessment,
            "result": result,
            "facts": facts,
            "verdicts": verdicts,
            "held_back_by": _labels((result.strata.held_back_by,) if result.strata.held_back_by else ()),
            "strata_missing": _labels(result.strata.missing),
            "programmes": ", ".join(str(programmes.get(p, p)) for p in assessment.additional_programmes),
            "steps": steps,
            "form": TransitionForm(),
            "day_data": posyandu_day_data_available(),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = access_assessment(request.user, assessment_id, write=True)
    ensure_officer(request.user)
    if assessment.status != AssessmentStatus.DRAFT:
        messages.error(
            request,
            _("Penilaian ini sudah %(s)s dan tidak dapat diubah.")
            % {"s": assessment.get_status_display().lower()},
        )
        return redirect("pokjanal:assessment", assessment_id=assessment.pk)
    title = _("Data penilaian strata %(a)s") % {"a": assessment}
    form = AssessmentInputsForm(request.POST or None, instance=assessment)
    back = reverse("pokjanal:assessment", args=[assessment.pk])
    return form_view(
        request,
        form,
        lambda form: actions.update_assessment_inputs(request.user, assessment, **form.cleaned_data),
        template="form.html",
        context={"title": title, "back_url": back},
        redirect_to=back,
        success_message=_("Data penilaian disimpan."),
    )


def _transition_view(
    transition: actions.Transition, roles: Callable[[StrataAssessment], set[Role]], done: object
) -> Callable[[AuthedRequest, int], HttpResponse]:
    @require_POST
    def view(request: AuthedRequest, assessment_id: int) -> HttpResponse:
        assessment = access_assessment(request.user, assessment_id, write=True)
        ensure_role(request.user, roles(assessment))
        form = TransitionForm(request.POST)
        # Not form_view: a button on the assessment's page (no form page), so a refusal is a message there.
        if not form.is_valid():
            messages.error(request, _("Isian tidak valid."))
            return redirect("pokjanal:assessment", assessment_id=assessment.pk)
        result = None
        if transition is actions.PROPOSE:
            inputs, computed = _computed(assessment)
            assert inputs is not None
            result = strata_data.to_json(inputs, computed)
        try:
            actions.move_assessment(
                request.user,
                assessment,
                transition,
                result=result,
                note=form.cleaned_data["note"],
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(done))
        return redirect("pokjanal:assessment", assessment_id=assessment.pk)

    return view


def _return_roles(assessment: StrataAssessment) -> set[Role]:
    return VERIFIERS if assessment.status == AssessmentStatus.PROPOSED else APPROVERS


assessment_propose = _transition_view(
    actions.PROPOSE, lambda a: PROPOSERS, gettext_lazy("Penilaian diajukan ke kecamatan.")
)
assessment_verify = _transition_view(
    actions.VERIFY, lambda a: VERIFIERS, gettext_lazy("Penilaian diverifikasi.")
)
assessment_approve = _transition_view(
    actions.APPROVE, lambda a: APPROVERS, gettext_lazy("Penilaian disetujui dan dikunci.")
)
assessment_return = _transition_view(
    actions.RETURN, _return_roles, gettext_lazy("Penilaian dikembalikan ke desa.")
)
assessment_reopen = _transition_view(
    actions.REOPEN, lambda a: APPROVERS, gettext_lazy("Penilaian dibuka kembali; perubahan tercatat.")
)


@require_GET
def assessment_history(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = access_assessment(request.user, assessment_id)
    return render_history(
        request,
        assessment,
        title=str(assessment),
        back_url=reverse("pokjanal:assessment", args=[assessment.pk]),
    )
