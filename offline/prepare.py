"""What a phone stores to run a posyandu day without signal: the posyandu's register with what the day needs
(docs/offline.md "The prepared register"). Read only; the view records the download as an audited read.

Only what the day needs is sent, NIKs masked (`rules.personal_data`): who the people are (name, sex, birth
date, household, mother), whether a woman is pregnant or in nifas, and for each child under five what the
day's results depend on: the recent weighings for N/T/O/B and 2T, the doses given for what is due, and the
open referrals. Every part is one query, so the number of queries does not grow with the register.

The weight-gain history depends on the month of the visit (`visits.actions` `_history`: the last counted
weighing of the calendar month before it, whether the child was weighed before, the previous month's
status). The phone may be prepared on the last day of a month and used on the first of the next, so it gets
the counted weighings of the current month and the two before it, newest first, and `weighed_earlier` for
a weighing before those: for a visit in month M it takes the first weighing dated before M; if that lies in
the month before M, its weight and status are the previous month's, and any weighing found (or
`weighed_earlier`) means "weighed before".
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from campaigns.models import Campaign
from people.models import Household, Person, Pregnancy, PregnancyOutcome
from people.templatetags.people import finding_label
from posyandu.models import Kader
from rules import assessment, immunisation, life_stage, months
from rules.personal_data import masked
from rules.referral_urgency import REASONS
from rules.region_codes import lineage
from visits import actions as visit_actions
from visits.models import Immunisation, OpeningDay, Referral, Visit

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Posyandu

# The format of the document; a phone that finds another number prepares again.
FORMAT = 1
# The weighings sent per child: those of the current calendar month and of the months before it.
HISTORY_MONTHS = 3


@dataclass(frozen=True)
class Register:
    document: dict[str, Any]
    people: int


def build(user: User, posyandu: Posyandu, *, today: datetime.date | None = None) -> Register:
    """The posyandu's register for the phone of `user`, who may write at the posyandu (the view checks it)."""
    today = today or timezone.localdate()
    people_qs = Person.objects.visible_to(user).current().filter(posyandu=posyandu)
    window = months.add_months(months.month_start(today), 1 - HISTORY_MONTHS)
    children = people_qs.under_five(today)
    people = _people(people_qs, window, today)
    body: dict[str, Any] = {
        "format": FORMAT,
        "date": today.isoformat(),
        "rule_version": assessment.rule_version(visit_actions.rules()),
        "posyandu": {
            "id": posyandu.pk,
            "code": posyandu.code,
            "name": posyandu.name,
            "desa": {"code": posyandu.desa_id, "name": posyandu.desa.display_name},
        },
        "opening_day": _opening_day(posyandu, today),
        "kader": list(
            Kader.objects.filter(memberships__posyandu=posyandu, memberships__end_date__isnull=True)
            .distinct()
            .order_by("name", "pk")
            .values("id", "name")
        ),
        "campaigns": _campaigns(user, posyandu, today),
        "households": _households(posyandu),
        "people": people,
    }
    _add_pregnancies(people, people_qs, today)
    _add_weighings(people, children, window)
    _add_immunisations(people, children, today)
    _add_referrals(people, people_qs)
    version = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    document = {**body, "version": version, "generated_at": timezone.now().isoformat(timespec="seconds")}
    return Register(document, len(people))


def _opening_day(posyandu: Posyandu, today: datetime.date) -> dict[str, Any] | None:
    day = OpeningDay.objects.filter(posyandu=posyandu, date=today).prefetch_related("kader_on_duty").first()
    if day is None:
        return None
    return {
        "id": day.pk,
        "date": day.date.isoformat(),
        "kader_on_duty": sorted(k.pk for k in day.kader_on_duty.all()),
        "health_workers": day.health_workers,
    }


def _campaigns(user: User, posyandu: Posyandu, today: datetime.date) -> list[dict[str, Any]]:
    """The campaigns not yet ended whose region holds the posyandu (a kabupaten's operasi timbang is run by
    the kader of its posyandu); the phone offers those whose period holds the day."""
    rows = []
    for campaign in (
        Campaign.objects.visible_to(user)
        .filter(region_id__in=lineage(posyandu.desa_id), end_date__gte=today)
        .order_by("start_date", "pk")
    ):
        rows.append(
            {
                "id": campaign.pk,
                "name": campaign.name,
                "start_date": campaign.start_date.isoformat(),
                "end_date": campaign.end_date.isoformat(),
                "max_age_months": campaign.max_age_months,
            }
        )
    return rows


def _households(posyandu: Posyandu) -> list[dict[str, Any]]:
    households = (
        Household.objects.filter(posyandu=posyandu)
        .select_related("unit__parent__parent__parent")
        .order_by("head_name", "pk")
    )
    return [
        {
            "id": h.pk,
            "head": h.head_name,
            "unit": h.unit.label if h.unit is not None else None,
            "address": h.address,
        }
        for h in households
    ]


def _people(people_qs: Any, window: datetime.date, today: datetime.date) -> list[dict[str, Any]]:
    earlier = Visit.objects.counted().filter(
        person_id=OuterRef("pk"), weight_kg__isnull=False, month__lt=window
    )
    oldest, _youngest = life_stage.birth_date_range(life_stage.Stage.BALITA, today)
    rows = (
        people_qs.order_by("name", "pk")
        .values("id", "name", "sex", "birth_date", "household_id", "mother_id", "nik", "has_kia_book")
        .annotate(weighed_earlier=Exists(earlier))
    )
    out = []
    for row in rows:
        under_five = oldest is not None and oldest <= row["birth_date"] <= today
        out.append(
            {
                "id": row["id"],
                "name": row["name"],
                "sex": row["sex"],
                "birth_date": row["birth_date"].isoformat(),
                "household": row["household_id"],
                "mother": row["mother_id"],
                "nik": masked("nik", row["nik"]) or None,
                "has_kia_book": row["has_kia_book"],
                "pregnancy": None,
                "nifas_until": None,
                "weighings": [] if under_five else None,
                "weighed_earlier": bool(row["weighed_earlier"]) if under_five else None,
                "immunisations": [] if under_five else None,
                "doses_open": [] if under_five else None,
                "referrals": [],
            }
        )
    return out


def _by_id(people: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {p["id"]: p for p in people}


def _add_pregnancies(people: list[dict[str, Any]], people_qs: Any, today: datetime.date) -> None:
    """The ongoing pregnancy (chosen as `visits.actions` chooses it: the last in its order) and the last
    day of the nifas after a pregnancy that ended."""
    by_id = _by_id(people)
    ended_since = today - datetime.timedelta(days=life_stage.NIFAS_DAYS)
    pregnancies = (
        Pregnancy.objects.filter(mother__in=people_qs.filter(sex="P").values("pk"))
        .filter(Q(outcome=PregnancyOutcome.ONGOING) | Q(outcome_date__gte=ended_since))
        .order_by("-lmp_date")
        .values("id", "mother_id", "lmp_date", "due_date", "outcome", "outcome_date")
    )
    for row in pregnancies:
        person = by_id[row["mother_id"]]
        if row["outcome"] == PregnancyOutcome.ONGOING:
            person["pregnancy"] = {
                "id": row["id"],
                "lmp_date": row["lmp_date"].isoformat(),
                "due_date": row["due_date"].isoformat(),
            }
        elif row["outcome_date"] is not None and row["outcome_date"] <= today:
            until = row["outcome_date"] + datetime.timedelta(days=life_stage.NIFAS_DAYS)
            person["nifas_until"] = max(person["nifas_until"] or "", until.isoformat())


def _add_weighings(people: list[dict[str, Any]], children: Any, window: datetime.date) -> None:
    by_id = _by_id(people)
    weighings = (
        Visit.objects.counted()
        .filter(person__in=children.values("pk"), weight_kg__isnull=False, month__gte=window)
        .order_by("person_id", "-date", "-pk")
        .values("person_id", "date", "weight_kg", "weight_gain")
    )
    for row in weighings:
        weight = row["weight_kg"]
        assert weight is not None  # only weighings are read
        by_id[row["person_id"]]["weighings"].append(
            {"date": row["date"].isoformat(), "weight_kg": float(weight), "status": row["weight_gain"]}
        )


def _add_immunisations(people: list[dict[str, Any]], children: Any, today: datetime.date) -> None:
    """The doses given, and the doses open on the document's date (`rules.immunisation.statuses`): the ones
    the visit form offers that day."""
    by_id = _by_id(people)
    doses = (
        Immunisation.objects.filter(person__in=children.values("pk"))
        .order_by("person_id", "date", "vaccine")
        .values("person_id", "vaccine", "date")
    )
    for row in doses:
        by_id[row["person_id"]]["immunisations"].append(
            {"vaccine": row["vaccine"], "date": row["date"].isoformat()}
        )
    for person in people:
        if person["immunisations"] is None:
            continue
        given = {d["vaccine"]: datetime.date.fromisoformat(d["date"]) for d in person["immunisations"]}
        birth_date = datetime.date.fromisoformat(person["birth_date"])
        person["doses_open"] = [
            status.dose.code for status in immunisation.statuses(birth_date, given, today) if status.is_open
        ]


def _add_referrals(people: list[dict[str, Any]], people_qs: Any) -> None:
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    referrals = (
        Referral.objects.open()
        .filter(person__in=people_qs.values("pk"))
        .order_by("person_id", "-visit__date", "-pk")
        .values("id", "person_id", "visit__date", "reasons", "urgency", "status")
    )
    for row in referrals:
        by_person[row["person_id"]].append(
            {
                "id": row["id"],
                "date": row["visit__date"].isoformat(),
                "reasons": [
                    {"code": code, "label": finding_label(REASONS.get(code, code))} for code in row["reasons"]
                ],
                "urgency": row["urgency"],
                "status": row["status"],
            }
        )
    for person in people:
        person["referrals"] = by_person.get(person["id"], [])
