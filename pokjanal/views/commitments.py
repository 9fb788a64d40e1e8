"""The desa's commitments: the overview of an area (how many desa have each commitment, how many are late,
and the desa behind each number), a desa's page (its commitments, the form that records one with its
documents), the access-checked document download, and the commitment a rakor decision asks of every desa."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from pokjanal import actions
from pokjanal.access import access_commitment_area, access_rakor, commitment_document, is_officer
from pokjanal.actions import FromDecision
from pokjanal.commitments import STATES, counts_by_area, desa_behind
from pokjanal.forms.commitments import CommitmentForm, FromDecisionForm
from pokjanal.models import Commitment
from regions.codes import DESA_LEVEL
from regions.filters import filter_options
from regions.models import Region
from web import query
from web.form_views import form_view


def _overview_url(code: str) -> str:
    return f"{reverse('pokjanal:commitments')}?{urlencode({'wilayah': code})}"


def _initial(commitment: Commitment | None) -> dict[str, object]:
    """The form filled with a recorded commitment (`?ubah=`), so bringing it up to date keeps what it says."""
    if commitment is None:
        return {}
    fields = [
        "kind",
        "title",
        "year",
        "status",
        "document_number",
        "signed_on",
        "amount_rp",
        "due_date",
        "note",
    ]
    return {name: getattr(commitment, name) for name in fields}


@require_GET
def commitment_overview(request: AuthedRequest) -> HttpResponse:
    """Per area of the chosen region: how many desa have each commitment and how many are late; with
    `?komitmen=` and `?keadaan=`, the desa behind that number."""
    user = request.user
    today = timezone.localdate()
    code = query.region(request)
    scope = scope_of(user)
    if code is None and scope.region_codes:
        code = scope.region_codes[0]
    region = Region.objects.visible_to(user).filter(code=code).first() if code else None
    context: dict[str, object] = {"regions": filter_options(user), "region": region, "today": today}
    if region is not None:
        counts = counts_by_area(region.code, today)
        context["counts"] = counts
        key = query.choice(request, "komitmen", _("Komitmen"), [c.key for c in counts.columns], "")
        state = query.choice(request, "keadaan", _("Keadaan"), list(STATES), "")
        if key and state:
            context["behind"] = desa_behind(region.code, key, state, today)
            context["behind_column"] = next(c for c in counts.columns if c.key == key)
            context["behind_state"] = state
    return render(request, "pokjanal/commitment_overview.html", context)


@require_http_methods(["GET", "POST"])
def desa_commitments(request: AuthedRequest, region_code: str) -> HttpResponse:
    """A desa's commitments and, for an officer who may write, the form that records one (recording a kind
    the desa already has updates it). A region above a desa shows its overview instead."""
    region = access_commitment_area(request.user, region_code, write=request.method == "POST")
    if region.level != DESA_LEVEL:
        return redirect(_overview_url(region.code))
    commitments = (
        Commitment.objects.visible_to(request.user).filter(desa=region).prefetch_related("documents")
    )
    editing = None if request.method == "POST" else query.choose(request, "ubah", _("Komitmen"), commitments)
    form = CommitmentForm(request.POST or None, request.FILES or None, initial=_initial(editing))
    back = reverse("pokjanal:desa_commitments", args=[region.code])
    return form_view(
        request,
        form,
        lambda form: actions.record_commitment(
            request.user,
            region,
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            terms=form.terms(),
            files=form.cleaned_data["document_files"],
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="pokjanal/commitment_desa.html",
        context={
            "desa": region,
            "commitments": commitments,
            "editing": editing,
            "today": timezone.localdate(),
            "can_record": request.user.can_write and is_officer(request.user),
            "overview_url": _overview_url(region.parent_id or region.code),
        },
        redirect_to=back,
        success_message=lambda c: _("Komitmen %(c)s dicatat.") % {"c": c},
    )


@require_GET
def commitment_file(request: AuthedRequest, region_code: str) -> HttpResponseBase:
    """The file of a commitment's document (`?id=`), only to users who may see the desa."""
    region = access_commitment_area(request.user, region_code)
    raw = query.raw(request, "id")
    if not raw:
        return redirect("pokjanal:desa_commitments", region_code=region.code)
    document = (
        commitment_document(request.user, region, int(raw)) if raw.isdigit() and len(raw) < 19 else None
    )
    if document is None or not default_storage.exists(document.path):
        raise Http404
    response = FileResponse(
        default_storage.open(document.path, "rb"),
        content_type=document.content_type,
        as_attachment=not document.is_image,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def rakor_commitments(request: AuthedRequest, rakor_id: int) -> HttpResponse:
    """A decision of the rakor made a commitment of every desa/kelurahan of the body's area, with a due
    date; a desa that already has it keeps what it recorded, and sending it again creates nothing more."""
    rakor = access_rakor(request.user, rakor_id, write=True)
    chosen = query.raw(request, "keputusan")
    initial = {"decision": int(chosen)} if chosen.isdigit() and len(chosen) < 19 else {}
    form = FromDecisionForm(rakor, request.POST or None, initial=initial)
    back = reverse("pokjanal:rakor", args=[rakor.pk])

    def message(result: FromDecision) -> str:
        return _(
            "%(created)d komitmen desa/kelurahan dibuat; %(existing)d desa/kelurahan sudah memilikinya."
        ) % {"created": result.created, "existing": result.existing}

    return form_view(
        request,
        form,
        lambda form: actions.commitments_from_decision(
            request.user,
            form.cleaned_data["decision"],
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
        ),
        template="form.html",
        context={
            "title": _("Komitmen setiap desa/kelurahan: %(t)s") % {"t": rakor.title},
            "back_url": back,
        },
        redirect_to=back,
        success_message=message,
    )
