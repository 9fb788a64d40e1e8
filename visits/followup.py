"""Follow-up lists of a posyandu for a month, grouped by RT and dasa wisma so that the RT head and community
figures can bring people to the posyandu: children not yet weighed, immunisations due and overdue, the
vitamin A campaign list, pregnant women due for a check."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from people.models import Person, Pregnancy
from posyandu.models import Posyandu
from rules import ilp, immunisation, life_stage, months
from visits.models import Immunisation, Service, Visit

KINDS = {
    "belum_ditimbang": gettext_noop("Balita belum ditimbang"),
    "imunisasi": gettext_noop("Imunisasi jatuh tempo dan terlambat"),
    "vitamin_a": gettext_noop("Sasaran vitamin A"),
    "ibu_hamil": gettext_noop("Ibu hamil perlu diperiksa"),
}


@dataclass(frozen=True)
class Row:
    person: Person
    note: str

    @property
    def contact(self) -> str:
        """Whom to ask for the person: the mother, else the head of the household ("" if neither)."""
        if self.person.mother is not None:
            return self.person.mother.name
        return self.person.household.head_name if self.person.household is not None else ""

    @property
    def address(self) -> str:
        return self.person.household.address if self.person.household is not None else ""


def _group(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows by RT/dasa wisma in name order; people of a household without a unit, and people registered
    without a household (walk-ins on the posyandu day), in two groups of their own after the units."""
    groups: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows:
        household = row.person.household
        if household is None:
            key = (2, _("Tanpa KK / rumah tangga"))
        elif household.unit is None:
            key = (1, _("Tanpa RT/dasa wisma"))
        else:
            key = (0, household.unit.label)
        groups[key].append(row)
    return [(key[1], sorted(groups[key], key=lambda r: r.person.name)) for key in sorted(groups)]


def _children(posyandu: Posyandu, on: datetime.date) -> list[Person]:
    return list(
        Person.objects.filter(posyandu=posyandu)
        .current()
        .under_five(on)
        .select_related("household", "household__unit", "household__unit__parent", "mother")
    )


def build(
    kind: str, posyandu: Posyandu, month: datetime.date, today: datetime.date
) -> list[tuple[str, list[Row]]]:
    end = min(months.month_end(month), max(today, month))
    if kind == "belum_ditimbang":
        return _group(_not_weighed(posyandu, month, end))
    if kind == "imunisasi":
        return _group(_immunisation(posyandu, end))
    if kind == "vitamin_a":
        return _group(_vitamin_a(posyandu, month))
    return _group(_pregnant(posyandu, month, end))


def _not_weighed(posyandu: Posyandu, month: datetime.date, end: datetime.date) -> list[Row]:
    weighed = set(
        Visit.objects.filter(person__posyandu=posyandu, month=month, weight_kg__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    last = dict(
        Visit.objects.filter(person__posyandu=posyandu, weight_kg__isnull=False, month__lt=month)
        .order_by("person_id", "date")
        .values_list("person_id", "date")
    )
    rows = []
    for child in _children(posyandu, end):
        if child.pk in weighed:
            continue
        previous = last.get(child.pk)
        note = (
            _("terakhir ditimbang %(date)s") % {"date": previous.strftime("%d-%m-%Y")}
            if previous
            else _("belum pernah ditimbang")
        )
        rows.append(Row(child, f"{child.age_label(end)} · {note}"))
    return rows


def _immunisation(posyandu: Posyandu, on: datetime.date) -> list[Row]:
    """Children under five with a dose due or overdue on `on` (the catch-up limits of the schedule decide who
    is still offered what; doses recorded after `on` count as not yet given)."""
    children = _children(posyandu, on)
    given: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for person_id, vaccine, date in Immunisation.objects.filter(person__in=children).values_list(
        "person_id", "vaccine", "date"
    ):
        given[person_id][vaccine] = date
    rows = []
    for child in children:
        open_doses = [d for d in immunisation.statuses(child.birth_date, given[child.pk], on) if d.is_open]
        if open_doses:
            labels = ", ".join(
                d.dose.label + (" (" + _("terlambat") + ")" if d.is_overdue else "") for d in open_doses
            )
            rows.append(Row(child, f"{child.age_label(on)} · {labels}"))
    return rows


def _vitamin_a(posyandu: Posyandu, month: datetime.date) -> list[Row]:
    """Children due a capsule in the campaign month (February or August; the next one if `month` is
    neither)."""
    campaign = month
    while campaign.month not in ilp.VITAMIN_A_MONTHS:
        campaign = months.add_months(campaign, 1)
    end = months.month_end(campaign)
    given = set(
        Service.objects.filter(
            visit__person__posyandu=posyandu, visit__month=campaign, kind__in=["vit_a_blue", "vit_a_red"]
        ).values_list("visit__person_id", flat=True)
    )
    rows = []
    for child in _children(posyandu, end):
        capsule = ilp.vitamin_a_capsule(life_stage.completed_months(child.birth_date, end), end)
        if capsule is None:
            continue
        label = _("kapsul biru") if capsule == "vit_a_blue" else _("kapsul merah")
        state = _("sudah diberi") if child.pk in given else _("belum")
        rows.append(Row(child, f"{child.age_label(end)} · {label} · {state} ({campaign:%m-%Y})"))
    return rows


def _pregnant(posyandu: Posyandu, month: datetime.date, end: datetime.date) -> list[Row]:
    pregnancies = (
        Pregnancy.objects.ongoing()
        .filter(mother__posyandu=posyandu, mother__status="active")
        .select_related(
            "mother",
            "mother__mother",
            "mother__household",
            "mother__household__unit",
            "mother__household__unit__parent",
        )
    )
    checked = set(
        Visit.objects.filter(person__posyandu=posyandu, month=month, pregnancy__isnull=False).values_list(
            "pregnancy_id", flat=True
        )
    )
    rows = []
    for pregnancy in pregnancies:
        if pregnancy.pk in checked:
            continue
        rows.append(
            Row(
                pregnancy.mother,
                _("%(weeks)d minggu · taksiran persalinan %(due)s")
                % {"weeks": pregnancy.weeks_on(end), "due": pregnancy.due_date.strftime("%d-%m-%Y")},
            )
        )
    return rows
