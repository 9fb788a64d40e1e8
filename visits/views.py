"""The posyandu day on a phone: open the day, find or register each visitor, record what fits their life
stage station by station, see the results at once; the referral list and follow-up lists."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from audit.forms import IdempotentForm
from audit.views import render_history
from people.access import access_person
from people.models import Person
from posyandu.access import access_posyandu
from posyandu.models import Posyandu
from rules import ilp, immunisation, life_stage, months
from rules.stored_findings import referral_reasons
from visits import actions, followup
from visits.access import access_opening_day, access_referral, access_visit, may_follow_up_referral
from visits.forms import (
    ImmunisationHistoryForm,
    OpeningDayForm,
    ReferralFilterForm,
    ReferralForm,
    stations_of,
    visit_context,
    visit_form_class,
)
from visits.models import CheckStatus, OpeningDay, Referral, Visit
from web import query
from web.form_views import form_view


@require_GET
def day_list(request: AuthedRequest) -> HttpResponse:
    qs = (
        OpeningDay.objects.visible_to(request.user)
        .select_related("posyandu")
        .annotate(
            visit_count=Count("visits", distinct=True), kader_count=Count("kader_on_duty", distinct=True)
        )
    )
    page = query.page(request, Paginator(qs.order_by("-date", "posyandu__name"), 25))
    return render(
        request,
        "visits/day_list.html",
        {"page": page, "query": query.kept({}), "can_create": request.user.can_write},
    )


@require_http_methods(["GET", "POST"])
def day_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    user = request.user
    chosen = query.choose(
        request, "posyandu", _("Posyandu"), Posyandu.objects.visible_to(user), shown=_("posyandu Anda")
    )
    initial = {"date": timezone.localdate(), "posyandu": chosen.pk if chosen else user.posyandu_id}
    form = OpeningDayForm(user, request.POST or None, initial=initial)

    def open_day(form: OpeningDayForm) -> OpeningDay:
        data = form.cleaned_data
        return actions.open_day(
            user,
            data["posyandu"],
            data["date"],
            data["kader"],
            data["health_workers"],
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        open_day,
        template="visits/day_form.html",
        context={"title": _("Buka hari posyandu")},
        redirect_to=lambda day: reverse("visits:day", args=[day.pk]),
        success_message=lambda day: _("Hari buka %(date)s dibuka.") % {"date": day.date.strftime("%d-%m-%Y")},
    )


def _search_people(request: AuthedRequest, day: OpeningDay) -> list[Person]:
    q = query.text(request, "q")
    if len(q) < 2:
        return []
    qs = Person.objects.visible_to(request.user).filter(merged_into__isnull=True, status="active")
    qs = qs.filter(Q(nik=q) if q.isdigit() and len(q) == 16 else Q(name__icontains=q))
    # The posyandu's own people first, then others of the user's area (visitors from elsewhere).
    own = list(qs.filter(posyandu=day.posyandu).order_by("name")[:20])
    return own or list(qs.select_related("posyandu").order_by("name")[:20])


# The kader comes back to the day page after every visitor: it lists the latest ones, so that a cheap phone
# on a weak signal loads a short page (and the server renders one) however long the day; the rest on request.
RECENT_VISITORS = 10


@require_GET
def day_detail(request: AuthedRequest, opening_day_id: int) -> HttpResponse:
    day = access_opening_day(request.user, opening_day_id)
    found = _search_people(request, day)
    context = {"day": day, "found": found, "q": query.text(request, "q"), "today": day.date}
    if request.htmx:
        return render(request, "visits/_visitor_search.html", context)
    codes = list(day.visits.values_list("finding_codes", flat=True))
    visits = (
        day.visits.select_related("person")
        .only(
            "opening_day_id", "weight_gain", "is_2t", "finding_codes", "finding_details", "waz", "haz", "whz",
            "baz", "check_status", "person__name",
        )
        .order_by("-pk")
    )  # fmt: skip
    everyone = query.flag(request, "semua", _("Semua pengunjung"))
    context.update(
        {
            "visits": visits if everyone else visits[:RECENT_VISITORS],
            "visit_count": len(codes),
            "kader": day.kader_on_duty.all(),
            "can_write": request.user.can_write,
            "referred": sum(1 for found in codes if referral_reasons(found)),
            "held": Visit.objects.filter(posyandu=day.posyandu).held().count(),
        }
    )
    return render(request, "visits/day_detail.html", context)


@require_http_methods(["GET", "POST"])
def day_edit(request: AuthedRequest, opening_day_id: int) -> HttpResponse:
    """Change who was on duty and which health workers came (a kader may arrive late)."""
    day = access_opening_day(request.user, opening_day_id, write=True)
    initial = {
        "posyandu": day.posyandu_id,
        "date": day.date,
        "kader": list(day.kader_on_duty.values_list("pk", flat=True)),
        "health_workers": day.health_workers,
    }
    form = OpeningDayForm(request.user, request.POST or None, initial=initial)
    form.fields["posyandu"].disabled = True
    form.fields["date"].disabled = True

    def update_day(form: OpeningDayForm) -> OpeningDay:
        data = form.cleaned_data
        return actions.update_day(
            request.user,
            day,
            kader_on_duty=data["kader"],
            health_workers=data["health_workers"],
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        update_day,
        template="visits/day_form.html",
        context={"title": _("Ubah hari buka"), "day": day},
        redirect_to=reverse("visits:day", args=[day.pk]),
        success_message=_("Hari buka telah diperbarui."),
    )


@require_GET
def day_history(request: AuthedRequest, opening_day_id: int) -> HttpResponse:
    day = access_opening_day(request.user, opening_day_id)
    return render_history(
        request,
        day,
        title=_("Riwayat hari buka %(day)s") % {"day": day},
        back_url=reverse("visits:day", args=[day.pk]),
    )


def _record(
    request: AuthedRequest, person: Person, on: datetime.date, day: OpeningDay | None, back_url: str
) -> HttpResponse:
    user = request.user
    group, services, doses = visit_context(person, on)
    form_class = visit_form_class(group)
    initial: dict[str, Any] = {}
    if group == ilp.CHILD:
        # WHO: lying below 2 years, standing from 2 years (the library adjusts a mismatch by 0.7 cm).
        initial["position"] = "l" if life_stage.age_in_days(person.birth_date, on) < 731 else "h"
    form = form_class(
        request.POST or None, initial={**initial, "client_uuid": uuid.uuid4()}, services=services, doses=doses
    )

    def record(form: Any) -> Visit:
        data = form.cleaned_data
        return actions.record_visit(
            user,
            person,
            on,
            form.measurements(),
            opening_day=day,
            place="posyandu" if day else "home",
            services=data.get("services", []),
            vaccines=data.get("vaccines", []),
            client_uuid=data.get("client_uuid"),
        )

    context = {
        "person": person,
        "day": day,
        "on": on,
        "group": group,
        "stations": stations_of(form, group),
        "age": person.age_label(on),
        "back_url": back_url,
    }
    try:
        return form_view(
            request,
            form,
            record,
            template="visits/visit_form.html",
            context=context,
            redirect_to=lambda visit: reverse("visits:visit_detail", args=[visit.pk]),
        )
    except actions.VisitAlreadyRecorded as exc:
        messages.info(request, _("Kunjungan hari ini sudah dicatat; Anda dapat memperbaikinya di sini."))
        return redirect("visits:visit_correct", visit_id=exc.visit.pk)


@require_http_methods(["GET", "POST"])
def visit_create(request: AuthedRequest, opening_day_id: int) -> HttpResponse:
    """Serve one visitor (`?warga=<person id>`) on an opening day."""
    day = access_opening_day(request.user, opening_day_id, write=True)
    raw = query.raw(request, "warga")  # the person the page is about: one the user may not see is a 404
    if not raw.isdigit():
        messages.warning(request, _("Pilih pengunjung dulu."))
        return redirect("visits:day", opening_day_id=day.pk)
    person = access_person(request.user, int(raw))
    return _record(request, person, day.date, day, reverse("visits:day", args=[day.pk]))


@require_http_methods(["GET", "POST"])
def home_visit(request: AuthedRequest, person_id: int) -> HttpResponse:
    """A visit outside the posyandu day (home visit), dated today."""
    person = access_person(request.user, person_id, write=True)
    return _record(request, person, timezone.localdate(), None, reverse("people:detail", args=[person.pk]))


@require_http_methods(["GET", "POST"])
def immunisation_history(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Enter a child's past doses with the dates they were given (the Buku KIA), several at once."""
    person = access_person(request.user, person_id, write=True)
    given = {i.vaccine: i.date for i in person.immunisations.all()}
    doses = immunisation.statuses(person.birth_date, given, timezone.localdate())
    open_doses = [d for d in doses if not d.is_given]
    form = ImmunisationHistoryForm(request.POST or None, doses=open_doses, birth_date=person.birth_date)
    return form_view(
        request,
        form,
        lambda form: actions.record_immunisations(
            request.user, person, form.given(), client_uuid=form.cleaned_data.get("client_uuid")
        ),
        template="visits/immunisation_form.html",
        context={
            "person": person,
            "age": person.age_label(timezone.localdate()),
            "given": [d for d in doses if d.is_given],
            "rows": [(d, form[d.dose.code]) for d in open_doses],
            "today": timezone.localdate(),
        },
        redirect_to=reverse("people:detail", args=[person.pk]),
        success_message=lambda recorded: (
            ngettext("%(n)d imunisasi dicatat.", "%(n)d imunisasi dicatat.", len(recorded))
            % {"n": len(recorded)}
        ),
    )


@require_GET
def visit_detail(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id)
    referral = Referral.objects.filter(visit=visit).first()
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "person": visit.person,
            "referral": referral,
            "services": visit.services.all(),
            "vaccines": [
                immunisation.BY_CODE[i.vaccine].label
                for i in visit.person.immunisations.filter(visit=visit)
                if i.vaccine in immunisation.BY_CODE
            ],
            "age": visit.person.age_label(visit.date),
            "can_write": request.user.can_write,
            "confirm_uuid": uuid.uuid4(),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_correct(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id, write=True)
    group, _services, _doses = visit_context(visit.person, visit.date)
    form = visit_form_class(group)(request.POST or None, instance=visit)
    return form_view(
        request,
        form,
        lambda form: actions.correct_visit(
            request.user, visit, form.measurements(), client_uuid=form.cleaned_data.get("client_uuid")
        ),
        template="visits/visit_form.html",
        context={
            "person": visit.person,
            "day": visit.opening_day,
            "on": visit.date,
            "group": group,
            "stations": stations_of(form, group),
            "age": visit.person.age_label(visit.date),
            "back_url": reverse("visits:visit_detail", args=[visit.pk]),
            "correcting": True,
        },
        redirect_to=reverse("visits:visit_detail", args=[visit.pk]),
        success_message=_("Koreksi disimpan; nilai lama tetap ada di riwayat."),
    )


@require_http_methods(["POST"])
def visit_confirm(request: AuthedRequest, visit_id: int) -> HttpResponse:
    """Confirm a measurement held as "perlu dicek ulang": measured again, the value is real."""
    visit = access_visit(request.user, visit_id, write=True)
    form = IdempotentForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if form.is_valid():
        try:
            actions.confirm_measurement(request.user, visit, client_uuid=form.cleaned_data["client_uuid"])
        except ValidationError as exc:
            messages.warning(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Hasil ukur %(name)s dipastikan benar dan kini dihitung.") % {"name": visit.person.name},
            )
    return redirect(back or reverse("visits:visit_detail", args=[visit.pk]))


@require_GET
def held_list(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """The posyandu's measurements held as "perlu dicek ulang", oldest first: measure again, then confirm or
    correct each one."""
    posyandu = access_posyandu(request.user, posyandu_id)
    held = (
        Visit.objects.visible_to(request.user)
        .filter(posyandu=posyandu, check_status=CheckStatus.HELD)
        .select_related("person")
        .order_by("date", "pk")
    )
    page = query.page(request, Paginator(held, 50))
    return render(
        request,
        "visits/held_list.html",
        {"posyandu": posyandu, "page": page, "can_write": request.user.can_write, "query": query.kept({})},
    )


@require_GET
def visit_history(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id)
    return render_history(
        request,
        visit,
        title=_("Riwayat kunjungan %(visit)s") % {"visit": visit},
        back_url=reverse("visits:visit_detail", args=[visit.pk]),
    )


REFERRALS_PER_PAGE = 50


@require_GET
def referral_list(request: AuthedRequest) -> HttpResponse:
    """The health worker's referral list: segera first, then the newest; filtered by status, urgency, reason
    and posyandu (the filters stay in the pager's links)."""
    filters = ReferralFilterForm(request.user, request.GET)
    referrals = filters.filter(Referral.objects.visible_to(request.user))
    for name in filters.errors:  # the filter is ignored: say so where every page says it
        label = str(filters.fields[name].label)
        shown = _("belum selesai ditangani") if name == "status" else _("semua")
        query.note(request, name, label, query.raw(request, name), shown)
    page = query.page(
        request,
        Paginator(referrals.select_related("person", "visit", "posyandu").by_urgency(), REFERRALS_PER_PAGE),
    )
    return render(request, "visits/referral_list.html", {"page": page, "filters": filters})


@require_http_methods(["GET", "POST"])
def referral_detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """A referral with its reasons and the timeline of its follow-ups; the health worker adds one."""
    referral = access_referral(request.user, referral_id, write=request.method == "POST")
    form = ReferralForm(
        request.POST or None,
        initial={
            "status": "referred" if referral.status == "open" else referral.status,
            "date": timezone.localdate(),
            "facility": referral.facility,
        },
    )

    def follow_up(form: ReferralForm) -> object:
        data = form.cleaned_data
        return actions.follow_up_referral(
            request.user,
            referral,
            status=data["status"],
            date=data["date"],
            facility=data["facility"],
            note=data["note"],
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        follow_up,
        template="visits/referral_detail.html",
        context={
            "referral": referral,
            "visit": referral.visit,
            "updates": referral.updates.select_related("by"),
            "can_follow_up": may_follow_up_referral(request.user),
        },
        redirect_to=reverse("visits:referral", args=[referral.pk]),
        success_message=_("Tindak lanjut rujukan disimpan."),
    )


@require_GET
def followup_lists(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    posyandu = access_posyandu(request.user, posyandu_id)
    today = timezone.localdate()
    month = query.month(request, months.month_start(today))
    kind = query.choice(
        request,
        "daftar",
        _("Daftar"),
        followup.KINDS,
        "belum_ditimbang",
        shown=_(followup.KINDS["belum_ditimbang"]),
    )
    groups = followup.build(kind, posyandu, month, today)
    return render(
        request,
        "visits/followup.html",
        {
            "posyandu": posyandu,
            "month": month,
            "kind": kind,
            "kinds": [(k, _(label)) for k, label in followup.KINDS.items()],
            "groups": groups,
            "total": sum(len(rows) for _unit, rows in groups),
        },
    )
