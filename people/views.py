"""Life-cycle register pages: households, people (with their life stage, pregnancies, visits, immunisations
and growth chart), duplicate checks and merges."""

from __future__ import annotations

import json
import uuid
from itertools import islice
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import URL_ID_MODELS, ensure_can_write
from accounts.http import AuthedRequest
from audit.forms import IdempotentForm
from audit.views import render_history, reveal
from people import actions
from people.access import access_household, access_person, access_pregnancy
from people.charts import growth_chart_data
from people.duplicates import likely_duplicates
from people.forms import (
    HouseholdChoiceField,
    HouseholdForm,
    MergeForm,
    OutcomeForm,
    PersonForm,
    PregnancyForm,
    StatusForm,
)
from people.models import Household, Person, PersonMerge, PersonStatus, Pregnancy, PregnancyOutcome, name_key
from posyandu.models import Posyandu
from regions.codes import within_q
from regions.filters import filter_options
from rules import immunisation, life_stage
from rules.nik import normalize as nik_normalize
from rules.personal_data import masked
from web import query
from web.form_views import add_action_errors, form_view


def _filtered_people(request: AuthedRequest) -> tuple[Any, dict[str, str]]:
    user = request.user
    today = timezone.localdate()
    qs = Person.objects.visible_to(user).filter(merged_into__isnull=True)
    q = query.text(request, "q")
    stage = query.choice(request, "tahap", _("Tahap kehidupan"), [key for key, _label in STAGE_CHOICES], "")
    status = query.choice(request, "status", _("Status"), ["", *PersonStatus.values], PersonStatus.ACTIVE)
    region = query.region(request)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nik=q))
    if stage == "ibu_hamil":
        qs = qs.filter(pregnancies__outcome=PregnancyOutcome.ONGOING)
    elif stage:
        qs = qs.in_stage(life_stage.Stage(stage), today)
    if status in PersonStatus.values:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(within_q("desa_id", region))
    return qs, {"q": q, "tahap": stage, "status": status, "wilayah": region or ""}


STAGE_CHOICES = [
    ("bayi", gettext_lazy("Bayi (0–11 bulan)")),
    ("balita", gettext_lazy("Balita (12–59 bulan)")),
    ("apras", gettext_lazy("Anak prasekolah (60–71 bulan)")),
    ("usia_sekolah", gettext_lazy("Usia sekolah (6–9 tahun)")),
    ("remaja", gettext_lazy("Remaja (10–17 tahun)")),
    ("dewasa", gettext_lazy("Usia dewasa (18–59 tahun)")),
    ("lansia", gettext_lazy("Lansia (60+ tahun)")),
    ("ibu_hamil", pgettext_lazy("tahap kehidupan", "Ibu hamil")),
]


@require_GET
def person_list(request: AuthedRequest) -> HttpResponse:
    qs, filters = _filtered_people(request)
    page = query.page(request, Paginator(qs.select_related("posyandu").order_by("name", "pk"), 25))
    context = {
        "page": page,
        "filters": filters,
        "query": query.kept(filters),
        "regions": filter_options(request.user),
        "stages": STAGE_CHOICES,
        "statuses": PersonStatus.choices,
        "today": timezone.localdate(),
        "can_create": request.user.can_write,
    }
    template = "people/_person_table.html" if request.htmx else "people/person_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    user = request.user
    # Links pre-fill the household, the mother and the posyandu, and name the posyandu day to return to.
    initial: dict[str, Any] = {}
    chosen: list[tuple[str, Any, Any]] = [
        ("household", _("Keluarga"), Household.objects.visible_to(user)),
        ("mother", _("Ibu"), Person.objects.visible_to(user)),
        ("posyandu", _("Posyandu"), Posyandu.objects.visible_to(user)),
    ]
    for key, label, visible in chosen:
        if (found := query.choose(request, key, label, visible, shown=_("kosong"))) is not None:
            initial[key] = found.pk
    if user.posyandu_id and "posyandu" not in initial:
        initial["posyandu"] = user.posyandu_id
    form = PersonForm(user, request.POST or None, initial=initial)
    duplicates: list[Person] = []
    # Through the id registry: people does not import visits (visits depends on people).
    days = cast(Any, URL_ID_MODELS["opening_day_id"]._default_manager).visible_to(user)
    day = query.choose(request, "hari_buka", _("Hari buka"), days, shown=_("halaman warga"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data.get("nik") and not data.get("confirm_new"):
            duplicates = likely_duplicates(
                Person.objects.visible_to(user),
                name=data["name"],
                birth_date=data["birth_date"],
                mother=data.get("mother"),
                # A registration sent again is no duplicate of the person its first sending stored.
                exclude_id=form.retried_pk(),
            )
        if not duplicates:
            try:
                person = actions.register_person(user, form.model_fields(), client_uuid=data["client_uuid"])
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("%(name)s telah didaftarkan.") % {"name": person.name})
                for warning in form.nik_warnings:
                    messages.warning(request, warning)
                if day is not None:  # registered on the spot at a posyandu day: serve them now
                    serve = reverse("visits:visit_create", args=[day.pk])
                    return redirect(f"{serve}?warga={person.pk}")
                return redirect("people:detail", person_id=person.pk)
    if not duplicates and not form.data.get("confirm_new"):
        del form.fields["confirm_new"]  # asked only below a duplicate warning
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "title": _("Daftarkan warga"),
            "duplicates": duplicates,
            "back_url": reverse("people:list"),
            "today": timezone.localdate(),
        },
    )


@require_GET
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    today = timezone.localdate()
    visits = list(person.visits.select_related("posyandu").order_by("-date", "-pk")[:24])
    given = {i.vaccine: i.date for i in person.immunisations.all()}
    months = life_stage.completed_months(person.birth_date, today)
    doses = immunisation.statuses(person.birth_date, given, today) if months < 36 or given else []
    pregnancies = list(person.pregnancies.select_related("child"))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "stage": person.stage(today),
            "age": person.age_label(today),
            "visits": visits,
            "held": [v for v in visits if v.held],  # measurements held as "perlu dicek ulang"
            "confirm_uuid": uuid.uuid4(),
            "doses": doses,
            "pregnancies": pregnancies,
            "ongoing": next((p for p in pregnancies if p.outcome == PregnancyOutcome.ONGOING), None),
            "nifas": any(p.in_nifas(today) for p in pregnancies),
            "children": person.children.filter(merged_into__isnull=True),
            "referrals": person.referrals.select_related("visit").order_by("-created_at")[:10],
            "is_child": months < 60,
            "can_write": request.user.can_write,
            "can_unmerge": request.user.can_write and PersonMerge.objects.filter(merged=person).exists(),
            "today": today,
        },
    )


@require_GET
def person_nik(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Shows the full NIK, logged (`audit.views.reveal`)."""
    person = access_person(request.user, person_id)
    return reveal(request, person, "nik", region_code=person.desa_id, posyandu_id=person.posyandu_id)


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, write=True)
    form = PersonForm(request.user, request.POST or None, instance=person)
    return form_view(
        request,
        form,
        lambda form: actions.update_person(
            request.user, person, form.model_fields(), client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="people/person_form.html",
        context={
            "title": _("Ubah data %(name)s") % {"name": person.name},
            "back_url": reverse("people:detail", args=[person.pk]),
        },
        redirect_to=reverse("people:detail", args=[person.pk]),
        success_message=lambda saved: _("Data %(name)s telah disimpan.") % {"name": saved.name},
    )


@require_http_methods(["GET", "POST"])
def person_status(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, write=True)
    form = StatusForm(request.POST or None, initial={"status": person.status, "date": timezone.localdate()})
    return form_view(
        request,
        form,
        lambda form: actions.set_person_status(
            request.user,
            person,
            PersonStatus(form.cleaned_data["status"]),
            form.cleaned_data["date"],
            client_uuid=form.cleaned_data["client_uuid"],
        ),
        template="form.html",
        context={
            "title": _("Ubah status %(name)s") % {"name": person.name},
            "back_url": reverse("people:detail", args=[person.pk]),
        },
        redirect_to=reverse("people:detail", args=[person.pk]),
        success_message=_("Status %(name)s telah diubah.") % {"name": person.name},
    )


@require_http_methods(["GET", "POST"])
def person_merge(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Merge this record into another record of the same person, keeping all history: the likely
    duplicates first, search by name or NIK, then both records side by side and the merge on confirmation
    (`?dengan=<id>` chooses the other record)."""
    person = access_person(request.user, person_id, write=True)
    visible = Person.objects.visible_to(request.user).filter(merged_into__isnull=True)
    form = MergeForm(visible.exclude(pk=person.pk), request.POST or None)
    other = None
    if request.method == "POST":
        if form.is_valid():
            other = form.cleaned_data["other"]
            try:
                actions.merge_people(
                    request.user, other, person, client_uuid=form.cleaned_data["client_uuid"]
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Data telah digabungkan ke %(name)s.") % {"name": other.name})
                return redirect("people:detail", person_id=other.pk)
    elif (
        other := query.choose(
            request, "dengan", _("Warga"), visible.exclude(pk=person.pk), shown=_("kemungkinan data ganda")
        )
    ) is not None:
        form = MergeForm(visible.exclude(pk=person.pk), initial={"other": other.pk})
    if other is not None:
        return render(
            request,
            "people/merge_compare.html",
            {
                "person": person,
                "other": other,
                "form": form,
                "refusal": actions.merge_refusal(other, person),
                "rows": _compared(person, other),
            },
        )
    suggested = likely_duplicates(
        Person.objects.visible_to(request.user),
        name=person.name,
        birth_date=person.birth_date,
        mother=person.mother,
        exclude_id=person.pk,
    )
    q = query.text(request, "q")
    found: list[Person] = []
    if q:
        match = Q(name_key__contains=name_key(q)) if name_key(q) else Q(pk__in=[])
        if (digits := nik_normalize(q)).isdigit():
            match |= Q(nik=digits)
        found = list(
            visible.filter(match, sex=person.sex)
            .exclude(pk__in=[person.pk, *(p.pk for p in suggested)])
            .select_related("mother", "posyandu")
            .order_by("name", "pk")[:20]
        )
    return render(
        request,
        "people/merge.html",
        {"person": person, "form": form, "suggested": suggested, "found": found, "q": q},
    )


# What an un-merge gives back, by the kind names of `PersonMerge.moved`.
MOVED_LABELS = {
    "visits": gettext_lazy("Kunjungan"),
    "referrals": gettext_lazy("Rujukan"),
    "immunisations": gettext_lazy("Imunisasi"),
    "pregnancies": gettext_lazy("Kehamilan"),
    "children": gettext_lazy("Anak"),
    "birth_pregnancy": gettext_lazy("Kehamilan saat dilahirkan"),
}


@require_http_methods(["GET", "POST"])
def person_unmerge(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Undo the merge of this record into another: what goes back first, then the un-merge on confirmation."""
    person = access_person(request.user, person_id, write=True)
    form = IdempotentForm(request.POST or None)
    record = PersonMerge.objects.filter(merged=person).first()
    moved = record.moved if record is not None else {}
    return form_view(
        request,
        form,
        lambda form: actions.unmerge_people(
            request.user, person, client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="people/unmerge.html",
        context={
            "person": person,
            "kept": person.merged_into,
            "refusal": actions.unmerge_refusal(person),
            "moved": [(label, len(moved[kind])) for kind, label in MOVED_LABELS.items() if moved.get(kind)],
            "nik_back": bool(record and record.merged_nik),
        },
        redirect_to=reverse("people:detail", args=[person.pk]),
        success_message=_("Penggabungan %(name)s telah dibatalkan.") % {"name": person.name},
    )


def _compared(person: Person, other: Person) -> list[tuple[str, str, str]]:
    """The two records side by side: (what, this record, the other record)."""

    def facts(p: Person) -> list[tuple[str, str]]:
        last = p.visits.order_by("-date").values_list("date", flat=True).first()
        visits = p.visits.count()
        return [
            (_("Nama"), p.name),
            (_("NIK"), str(masked("nik", p.nik)) if p.nik else _("belum ada")),
            (_("Jenis kelamin"), p.get_sex_display()),
            (_("Tanggal lahir"), f"{p.birth_date:%d-%m-%Y}"),
            (_("Ibu"), p.mother.name if p.mother else "—"),
            (_("Rumah tangga"), str(p.household) if p.household else "—"),
            (_("Posyandu"), p.posyandu.name),
            (_("Nomor HP"), str(masked("phone", p.phone)) if p.phone else "—"),
            (_("Buku KIA/KMS"), _("ada") if p.has_kia_book else _("tidak ada")),
            (_("Kunjungan"), f"{visits} ({last:%d-%m-%Y})" if last else "0"),
            (_("Imunisasi"), str(p.immunisations.count())),
            (_("Kehamilan"), str(p.pregnancies.count())),
        ]

    return [
        (what, mine, theirs)
        for (what, mine), (_what, theirs) in zip(facts(person), facts(other), strict=True)
    ]


@require_GET
def person_history(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    return render_history(
        request,
        person,
        title=_("Riwayat %(name)s") % {"name": person.name},
        back_url=reverse("people:detail", args=[person.pk]),
    )


@require_GET
def growth_chart(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    fields = ("date", "age_days", "weight_kg", "length_height_cm", "position", "waz", "haz", "whz", "flagged")
    # The chart draws the measurements that count; the table lists every one, held ones marked.
    counted = person.visits.counted().filter(weight_kg__isnull=False).order_by("date").values(*fields)
    charts = growth_chart_data(person.sex, [dict(v) for v in counted])
    visits = person.visits.filter(weight_kg__isnull=False).order_by("date")
    return render(
        request,
        "people/growth_chart.html",
        {"person": person, "charts": charts, "charts_json": json.dumps(charts), "visits": visits},
    )


@require_http_methods(["GET", "POST"])
def pregnancy_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, write=True)
    form = PregnancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.register_pregnancy(
                request.user,
                person,
                form.model_fields(),
                confirmed_soon_after_end=form.cleaned_data["confirm_soon_after_end"],
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == actions.SOON_AFTER_END:
                form.ask_confirmation(exc)
            else:
                add_action_errors(form, exc)
        else:
            messages.success(request, _("Kehamilan %(name)s telah dicatat.") % {"name": person.name})
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Catat kehamilan %(name)s") % {"name": person.name},
            "back_url": reverse("people:detail", args=[person.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def pregnancy_outcome(request: AuthedRequest, pregnancy_id: int) -> HttpResponse:
    pregnancy = access_pregnancy(request.user, pregnancy_id, write=True)
    mother = pregnancy.mother
    form = OutcomeForm(
        request.POST or None, initial={"outcome": "live_birth", "outcome_date": timezone.localdate()}
    )

    def record(form: OutcomeForm) -> Pregnancy:
        data = form.cleaned_data
        child = {
            "name": data["child_name"],
            "sex": data["child_sex"],
            "has_kia_book": data["child_has_kia_book"],
        }
        return actions.record_pregnancy_outcome(
            request.user,
            pregnancy,
            PregnancyOutcome(data["outcome"]),
            data["outcome_date"],
            child=child,
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        record,
        template="form.html",
        context={
            "title": _("Hasil kehamilan %(name)s") % {"name": mother.name},
            "back_url": reverse("people:detail", args=[mother.pk]),
        },
        redirect_to=lambda done: reverse("people:detail", args=[done.child_id or mother.pk]),
        success_message=_("Hasil kehamilan telah dicatat."),
    )


@require_GET
def household_list(request: AuthedRequest) -> HttpResponse:
    qs = Household.objects.visible_to(request.user).select_related("posyandu", "unit")
    q = query.text(request, "q")
    if q:
        qs = qs.matching(q)
    page = query.page(request, Paginator(qs.order_by("head_name", "pk"), 25))
    return render(
        request,
        "people/household_list.html",
        {
            "page": page,
            "filters": {"q": q},
            "query": query.kept({"q": q}),
            "can_create": request.user.can_write,
        },
    )


@require_GET
def household_choices(request: AuthedRequest) -> HttpResponse:
    """The household picker's search (htmx): matching households of the user's area as radio choices."""
    q = query.text(request, "household_cari")
    found: list[tuple[Any, str]] = []
    if len(q) >= 2:
        households = Household.objects.visible_to(request.user).matching(q)
        field = HouseholdChoiceField(households, empty_label=None)
        found = list(islice(field.iterator(field), 20))
    return render(request, "people/_household_choices.html", {"found": found, "q": q})


@require_http_methods(["GET", "POST"])
def household_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    user = request.user
    form = HouseholdForm(user, request.POST or None, initial={"posyandu": user.posyandu_id})
    return form_view(
        request,
        form,
        lambda form: actions.register_household(
            user, form.model_fields(), client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="form.html",
        context={"title": _("Daftarkan rumah tangga"), "back_url": reverse("people:household_list")},
        redirect_to=lambda household: reverse("people:household_detail", args=[household.pk]),
        success_message=lambda household: (
            _("Rumah tangga %(name)s telah didaftarkan.") % {"name": household.head_name}
        ),
    )


@require_GET
def household_detail(request: AuthedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    members = household.members.filter(merged_into__isnull=True).order_by("birth_date")
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "today": timezone.localdate(),
            "can_write": request.user.can_write,
        },
    )


@require_http_methods(["GET", "POST"])
def household_edit(request: AuthedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id, write=True)
    form = HouseholdForm(request.user, request.POST or None, instance=household)
    return form_view(
        request,
        form,
        lambda form: actions.update_household(
            request.user, household, form.model_fields(), client_uuid=form.cleaned_data["client_uuid"]
        ),
        template="form.html",
        context={
            "title": _("Ubah rumah tangga"),
            "back_url": reverse("people:household_detail", args=[household.pk]),
        },
        redirect_to=reverse("people:household_detail", args=[household.pk]),
        success_message=_("Data rumah tangga telah disimpan."),
    )


@require_GET
def household_history(request: AuthedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    return render_history(
        request,
        household,
        title=_("Riwayat %(name)s") % {"name": str(household)},
        back_url=reverse("people:household_detail", args=[household.pk]),
    )
