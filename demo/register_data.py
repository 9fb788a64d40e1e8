"""Demo households and people of every posyandu's area: families with mothers and their children under
five, some pregnant women, adolescents, adults and elderly, living in the RTs of the desa. Bulk inserts."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from demo import names
from people.models import Household, Person, Pregnancy, name_key
from posyandu.models import Posyandu
from regions.models import LocalUnit, UnitKind

HOUSEHOLDS_PER_POSYANDU = (12, 22)


def _date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _years_ago(today: datetime.date, years: float) -> datetime.date:
    return today - datetime.timedelta(days=round(years * 365.25))


class _Namer:
    """Names and NIKs of the people of one kabupaten/kota: Balinese names in Bali; no NIK given twice."""

    def __init__(self, rng: random.Random, bali: bool, used_nik: set[str]) -> None:
        self.rng = rng
        self.bali = bali
        self.used_nik = used_nik

    def name(self, female: bool) -> str:
        rng = self.rng
        if self.bali:
            prefix = rng.choice(names.BALI_FEMALE_PREFIX if female else names.BALI_MALE_PREFIX)
            return f"{prefix} {rng.choice(names.BALI_NAMES)}"
        return f"{rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)} {rng.choice(names.FAMILY)}"

    def nik(self, desa: str, birth: datetime.date, female: bool) -> str | None:
        p, k, c, _d = desa.split(".")
        for _attempt in range(20):
            day = birth.day + (40 if female else 0)
            serial = self.rng.randint(1, 9999)
            value = f"{p}{k}{c}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
            if value not in self.used_nik:
                self.used_nik.add(value)
                return value
        return None


# Per household: (role, female, birth, name) of its members.
_Plan = list[tuple[str, bool, datetime.date, str]]


def build_register(rng: random.Random, posyandu: list[Posyandu], kabkota: str, today: datetime.date) -> int:
    """Create the households and people of `posyandu`; returns the number of people."""
    rts: dict[str, list[LocalUnit]] = defaultdict(list)
    desa_codes = {p.desa_id for p in posyandu}
    for unit in LocalUnit.objects.filter(desa_id__in=desa_codes, kind=UnitKind.RT).order_by("pk"):
        rts[unit.desa_id].append(unit)
    bali = kabkota.startswith("51")
    used_nik = {nik for nik in Person.objects.exclude(nik=None).values_list("nik", flat=True) if nik}
    namer = _Namer(rng, bali, used_nik)
    households, plans = _households(rng, namer, posyandu, rts, today)
    _unique_kk_numbers(rng, households)
    Household.objects.bulk_create(households, batch_size=2000)
    mothers, others = _people(rng, namer, households, plans, today)
    _pregnancies(rng, mothers, today)
    return len(mothers) + len(others)


def _households(
    rng: random.Random,
    namer: _Namer,
    posyandu: list[Posyandu],
    rts: dict[str, list[LocalUnit]],
    today: datetime.date,
) -> tuple[list[Household], list[_Plan]]:
    """Unsaved households of every posyandu's area, each with the plan of its members: a head, a mother,
    up to three children under five, and sometimes an older child and an elder."""
    name = namer.name
    households: list[Household] = []
    plans: list[_Plan] = []
    for post in posyandu:
        for _h in range(rng.randint(*HOUSEHOLDS_PER_POSYANDU)):
            units: list[LocalUnit | None] = list(rts.get(post.desa_id, [])) or [None]
            head = name(False)
            households.append(
                Household(
                    head_name=head,
                    kk_number=f"{post.desa_id.replace('.', '')[:6]}{rng.randint(0, 10**10 - 1):010d}",
                    address=f"Jl. {rng.choice(names.POSYANDU_NAMES)} No. {rng.randint(1, 120)}",
                    posyandu=post,
                    desa_id=post.desa_id,
                    unit=rng.choice(units),
                )
            )
            members = [("head", False, _date(rng, _years_ago(today, 55), _years_ago(today, 24)), head)]
            mother_birth = _date(rng, _years_ago(today, 42), _years_ago(today, 19))
            members.append(("mother", True, mother_birth, name(True)))
            for _c in range(rng.choices([0, 1, 2, 3], weights=[2, 5, 4, 1])[0]):
                members.append(("child", rng.random() < 0.5, _date(rng, _years_ago(today, 5), today), ""))
            if rng.random() < 0.35:
                members.append(
                    ("older", rng.random() < 0.5, _date(rng, _years_ago(today, 17), _years_ago(today, 6)), "")
                )
            if rng.random() < 0.3:
                members.append(
                    (
                        "elder",
                        rng.random() < 0.6,
                        _date(rng, _years_ago(today, 85), _years_ago(today, 60)),
                        "",
                    )
                )
            plans.append(members)
    return households, plans


def _unique_kk_numbers(rng: random.Random, households: list[Household]) -> None:
    """Unique KK numbers (random digits could repeat across a large seed)."""
    seen: set[str] = set(Household.objects.values_list("kk_number", flat=True))
    for household in households:
        while household.kk_number in seen:
            household.kk_number = f"{household.kk_number[:6]}{rng.randint(0, 10**10 - 1):010d}"
        seen.add(household.kk_number)


def _people(
    rng: random.Random, namer: _Namer, households: list[Household], plans: list[_Plan], today: datetime.date
) -> tuple[list[Person], list[tuple[Person, int]]]:
    """The households' members, saved: the mothers, then the others (children linked to their mother)."""
    name, nik, bali = namer.name, namer.nik, namer.bali
    mothers: list[Person] = []
    others: list[tuple[Person, int]] = []  # (person, index of their mother in `mothers`)
    for household, members in zip(households, plans, strict=True):
        family = household.head_name.split(" ", 1)[-1] if not bali else ""
        mother_index = -1
        for role, female, birth, full_name in members:
            if role == "child" or role == "older":
                given = rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
                full_name = name(female) if bali else f"{given} {family}"
            elif role == "elder":
                full_name = name(female)
            young = (today - birth).days < 17 * 365
            person = Person(
                name=full_name,
                name_key=name_key(full_name),
                sex="P" if female else "L",
                birth_date=birth,
                household=household,
                posyandu_id=household.posyandu_id,
                desa_id=household.desa_id,
                nik=nik(household.desa_id, birth, female)
                if rng.random() < (0.7 if young else 0.95)
                else None,
                has_kia_book=young and rng.random() < 0.9,
            )
            if role == "mother":
                mothers.append(person)
                mother_index = len(mothers) - 1
            else:
                others.append((person, mother_index if role in ("child", "older") else -1))
    Person.objects.bulk_create(mothers, batch_size=2000)
    for person, index in others:
        if index >= 0:
            person.mother = mothers[index]
    Person.objects.bulk_create([p for p, _i in others], batch_size=2000)
    return mothers, others


def _pregnancies(rng: random.Random, mothers: list[Person], today: datetime.date) -> None:
    """Some mothers under forty are pregnant."""
    pregnancies = []
    for mother in mothers:
        if (today - mother.birth_date).days < 40 * 365 and rng.random() < 0.08:
            lmp = today - datetime.timedelta(days=rng.randint(30, 250))
            pregnancies.append(
                Pregnancy(
                    mother=mother,
                    lmp_date=lmp,
                    due_date=lmp + datetime.timedelta(days=280),
                    gravida=rng.randint(1, 4),
                    para=0,
                )
            )
    for p in pregnancies:
        p.para = rng.randint(0, p.gravida - 1)
    Pregnancy.objects.bulk_create(pregnancies, batch_size=2000)
