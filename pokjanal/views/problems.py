"""Problems of posyandu (found from data, recorded by hand, or found at a supervision visit), supervision
visits with their checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthedRequest
from audit.forms import IdempotentForm
from pokjanal import actions, checklist
from pokjanal.access import access_problem, access_visit, ensure_officer, is_officer
from pokjanal.forms.problems import ProblemForm, ProblemStatusForm, SupervisionVisitForm
from pokjanal.indicators import posyandu_day_data_available
from pokjanal.models import (
    PROBLEM_ORDERING,
    Body,
    Category,
    Problem,
    ProblemKind,
    ProblemStatus,
    SupervisionVisit,
)
from pokjanal.tasks import refresh_posyandu_problems
from posyandu.access import access_posyandu
from posyandu.models import CompetencyGroup, Posyandu
from regions.codes import lineage, within_q
from regions.filters import filter_options
from web import query
from web.form_views import form_view


@require_GET
def problem_list(request: AuthedRequest) -> HttpResponse:
    qs = Problem.objects.visible_to(request.user).select_related("posyandu__desa")
    status = query.choice(
        request, "status", _("Status"), ["terbuka", "semua", *ProblemStatus.values], "terbuka"
    )
    category = query.choice(request, "kategori", _("Kategori"), Category.values, "")
    kind = query.choice(request, "jenis", _("Jenis"), ProblemKind.values, "")
    region = query.region(request)
    if status == "terbuka":
        qs = qs.open()
    elif status in ProblemStatus.values:
        qs = qs.filter(status=status)
    if category in Category.values:
        qs = qs.filter(category=category)
    if kind in ProblemKind.values:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(within_q("posyandu__desa_id", region))
    page = query.page(request, Paginator(qs.order_by(*PROBLEM_ORDERING), 25))
    filters = {"status": status, "kategori": category, "jenis": kind, "wilayah": region or ""}
    return render(
        request,
        "pokjanal/problem_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.kept(filters),
            "statuses": ProblemStatus.choices,
            "categories": Category.choices,
            "kinds": ProblemKind.choices,
            "regions": filter_options(request.user),
            "can_manage": request.user.can_write and is_officer(request.user),
            "refresh_form": IdempotentForm(),
            "day_data": posyandu_day_data_available(),
        },
    )


@require_POST
def problem_refresh(request: AuthedRequest) -> HttpResponse:
    """Re-detects the data-found problems of every posyandu the officer sees (in the background)."""
    ensure_officer(request.user)
    ids = list(Posyandu.objects.visible_to(request.user).filter(status="active").values_list("pk", flat=True))
    refresh_posyandu_problems.enqueue(ids)
    messages.success(request, _("Pemeriksaan masalah %(n)s posyandu dijalankan.") % {"n": len(ids)})
    return redirect("pokjanal:problems")


@require_http_methods(["GET", "POST"])
def problem_create(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    ensure_officer(request.user)
    form = ProblemForm(request.POST or None)
    back = reverse("pokjanal:posyandu", args=[posyandu.pk])
    return form_view(
        request,
        form,
        lambda form: actions.record_problem(request.user, posyandu, **form.cleaned_data),
        template="form.html",
        context={"title": _("Catat masalah: %(p)s") % {"p": posyandu}, "back_url": back},
        redirect_to=lambda problem: reverse("pokjanal:problem", args=[problem.pk]),
        success_message=_("Masalah dicatat."),
    )


EVIDENCE_LABELS = {
    "active_kader": gettext_lazy("kader aktif"),
    "minimum": gettext_lazy("batas minimal"),
    "opening_days": gettext_lazy("hari buka 12 bulan terakhir"),
    "ds_mean_pct": gettext_lazy("rerata D/S (%)"),
    "items": gettext_lazy("alat"),
    "measurements": gettext_lazy("pengukuran"),
    "flagged_pct": gettext_lazy("ditandai tidak wajar (%)"),
    "heaped_pct": gettext_lazy("berat berakhiran ,0 atau ,5 (%)"),
    "length_heaped_pct": gettext_lazy("panjang/tinggi berakhiran ,0 atau ,5 (%)"),
    "missing_length_pct": gettext_lazy("ditimbang tanpa diukur panjang/tinggi (%)"),
    "haz_sd": gettext_lazy("SD TB/U"),
    "whz_sd": gettext_lazy("SD BB/TB"),
    "stunting_pct": gettext_lazy("stunting (%)"),
    "target_pct": gettext_lazy("target (%)"),
    "measured": gettext_lazy("balita diukur"),
    "children": gettext_lazy("balita 2T"),
    "groups": gettext_lazy("kelompok kompetensi"),
    "checklist": gettext_lazy("butir daftar tilik"),
    "answer": gettext_lazy("jawaban"),
}


def evidence_rows(problem: Problem) -> list[tuple[str, str]]:
    groups = dict(CompetencyGroup.choices)
    rows = []
    for key, value in problem.evidence.items():
        if key == "groups":
            value = [groups.get(g, g) for g in value]
        elif key == "checklist":
            item = checklist.BY_CODE.get(value)
            value = item.question if item else value
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        rows.append((str(EVIDENCE_LABELS.get(key, key)), text))
    return rows


def _bodies_over(posyandu: Posyandu, user: object) -> list[Body]:
    """The bodies the user sees whose region holds the posyandu (desa up to provinsi)."""
    codes = lineage(posyandu.desa_id)
    return list(Body.objects.visible_to(user).filter(region_id__in=codes).order_by("-region_id"))  # type: ignore[arg-type]


@require_GET
def problem_detail(request: AuthedRequest, problem_id: int) -> HttpResponse:
    problem = access_problem(request.user, problem_id)
    can_manage = request.user.can_write and is_officer(request.user)
    return render(
        request,
        "pokjanal/problem_detail.html",
        {
            "problem": problem,
            "evidence": evidence_rows(problem),
            "actions": problem.actions.select_related("body", "owner_member"),
            "bodies": _bodies_over(problem.posyandu, request.user) if can_manage else [],
            "can_manage": can_manage,
            "status_form": ProblemStatusForm(initial={"status": problem.status}),
        },
    )


@require_POST
def problem_set_status(request: AuthedRequest, problem_id: int) -> HttpResponse:
    problem = access_problem(request.user, problem_id, write=True)
    form = ProblemStatusForm(request.POST)
    # Not form_view: a control on the problem's page (no form page), so a refusal is a message there.
    if form.is_valid():
        try:
            actions.set_problem_status(
                request.user,
                problem,
                form.cleaned_data["status"],
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status masalah diubah."))
    return redirect("pokjanal:problem", problem_id=problem.pk)


@require_http_methods(["GET", "POST"])
def supervision_create(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id, write=True)
    ensure_officer(request.user)
    form = SupervisionVisitForm(
        request.POST or None,
        initial={
            "date": timezone.localdate(),
            "visitors": request.user.get_full_name() or request.user.username,
        },
    )

    def record(form: SupervisionVisitForm) -> SupervisionVisit:
        data = form.cleaned_data
        bodies = _bodies_over(posyandu, request.user)
        own = next(
            (b for b in bodies if b.region_id == request.user.region_id), bodies[0] if bodies else None
        )
        return actions.record_supervision_visit(
            request.user,
            posyandu,
            date=data["date"],
            visitors=data["visitors"],
            notes=data["notes"],
            body=own,
            answers=form.answers(),
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        record,
        template="pokjanal/supervision_form.html",
        context={"posyandu": posyandu, "back_url": reverse("pokjanal:posyandu", args=[posyandu.pk])},
        redirect_to=lambda visit: reverse("pokjanal:supervision", args=[visit.pk]),
        success_message=lambda visit: (
            _("Kunjungan dicatat; %(n)s temuan menjadi masalah posyandu.") % {"n": visit.problems.count()}
        ),
    )


@require_GET
def supervision_detail(request: AuthedRequest, supervision_id: int) -> HttpResponse:
    visit = access_visit(request.user, supervision_id)
    answered = {checklist.YES: True, checklist.NO: False}  # anything else: not answered
    rows = [(item, answered.get(visit.answers.get(item.code, ""))) for item in checklist.ITEMS]
    return render(
        request,
        "pokjanal/supervision_detail.html",
        {"visit": visit, "rows": rows, "problems": visit.problems.all()},
    )
