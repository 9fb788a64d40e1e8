"""How each demo posyandu works through the year, so that strata and "posyandu aktif" come out as a realistic
mix: most open every month, some only now and then; most record their opening days with the kader on duty
(a few serve with too few kader, a few only send their weighings in); they reach pregnant women, couples and
children's immunisation to different degrees.

`profiles` draws each posyandu's way of working; `build_opening_days` writes the opening days (hari buka)
with the kader on duty; `build_services` the mothers' pregnancy checks and family-planning status
(`demo.immunisation_data` gives the children their doses by the posyandu's `immunised` share). Bulk
inserts; deterministic for a seed, a kabupaten/kota and a date."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from people.models import Person, Pregnancy, PregnancyOutcome
from posyandu.models import KaderMembership, Posyandu
from rules import assessment, life_stage, months
from visits.actions import rules as screening_rules
from visits.models import KbStatus, OpeningDay, Visit, stored_results

MONTHS_BACK = 12
KB_METHODS = ("suntik", "pil", "implan", "IUD", "kondom")


@dataclass(frozen=True)
class Profile:
    opening_day: int  # day of the month the posyandu opens (the registry's)
    closed_months: frozenset[datetime.date]  # months it did not open
    records_days: bool  # presses "Buka hari" and ticks the kader on duty; otherwise only its weighings arrive
    kader_on_duty: tuple[int, int]  # fewest and most kader serving on a day
    pregnancy_reach: float  # chance a pregnant woman comes for her checks
    kb_active: float  # share of couples using family planning
    immunised: float  # chance a child gets every dose on time


def window(today: datetime.date) -> list[datetime.date]:
    """The first days of the twelve months ending with today's."""
    return [months.add_months(months.month_start(today), -back) for back in range(MONTHS_BACK - 1, -1, -1)]


def profiles(seed: int, kabkota: str, posyandu_ids: list[int], today: datetime.date) -> dict[int, Profile]:
    rng = random.Random(f"{seed}-days-{kabkota}")
    opening = dict(Posyandu.objects.filter(pk__in=posyandu_ids).values_list("pk", "opening_day"))
    all_months = window(today)
    out = {}
    for pid in sorted(posyandu_ids):
        if rng.random() < 0.1:  # opens only now and then
            closed = rng.sample(all_months, k=rng.randint(5, 9))
        else:
            closed = rng.sample(all_months, k=1) if rng.random() < 0.3 else []
        out[pid] = Profile(
            opening_day=min(opening.get(pid) or 10, 28),
            closed_months=frozenset(closed),
            records_days=rng.random() < 0.92,
            kader_on_duty=(2, 4) if rng.random() < 0.08 else (5, 7),
            pregnancy_reach=rng.choice((0.9, 0.9, 0.9, 0.35)),
            kb_active=rng.choice((0.7, 0.7, 0.7, 0.3)),
            immunised=rng.choice((0.85, 0.85, 0.85, 0.85, 0.3)),
        )
    return out


def open_dates(profile: Profile, today: datetime.date) -> list[datetime.date]:
    """The days the posyandu opened in the twelve months, up to today."""
    days = [m.replace(day=profile.opening_day) for m in window(today) if m not in profile.closed_months]
    return [d for d in days if d <= today]


def build_opening_days(
    seed: int, kabkota: str, plan: dict[int, Profile], today: datetime.date
) -> dict[tuple[int, datetime.date], int]:
    """The opening days of the posyandu that record them, with the kader on duty; (posyandu, date) → id."""
    rng = random.Random(f"{seed}-duty-{kabkota}")
    kader: dict[int, list[int]] = defaultdict(list)
    for pid, kader_id in (
        KaderMembership.objects.filter(posyandu_id__in=list(plan), end_date__isnull=True)
        .order_by("posyandu_id", "kader_id")
        .values_list("posyandu_id", "kader_id")
    ):
        kader[pid].append(kader_id)
    days: list[OpeningDay] = []
    duty: list[list[int]] = []
    for pid, profile in sorted(plan.items()):
        if not profile.records_days:
            continue
        for date in open_dates(profile, today):
            days.append(OpeningDay(posyandu_id=pid, date=date, health_workers="Bidan desa"))
            low, high = profile.kader_on_duty
            count = min(rng.randint(low, high), len(kader[pid]))
            duty.append(rng.sample(kader[pid], k=count))
    OpeningDay.objects.bulk_create(days, batch_size=2000)
    through = OpeningDay.kader_on_duty.through
    through.objects.bulk_create(
        [
            through(openingday_id=day.pk, kader_id=kader_id)
            for day, on_duty in zip(days, duty, strict=True)
            for kader_id in on_duty
        ],
        batch_size=5000,
    )
    return {(day.posyandu_id, day.date): day.pk for day in days}


def _mother_visit(
    mother: Person, date: datetime.date, rng: random.Random, *, pregnancy: Pregnancy | None, kb: str
) -> Visit:
    rules = screening_rules()
    age_days = life_stage.age_in_days(mother.birth_date, date)
    stage = life_stage.stage(mother.birth_date, date)
    weight = round(rng.gauss(58.0, 8.0), 1)
    muac = round(rng.gauss(26.0, 2.5), 1)
    systolic, diastolic = rng.randint(98, 138), rng.randint(60, 88)
    result = assessment.assess(
        assessment.Person(
            sex="P",
            age_days=age_days,
            age_months=months.completed_months(mother.birth_date, date),
            stage=stage,
            pregnant=pregnancy is not None,
        ),
        assessment.Measurements(
            weight_kg=weight, muac_cm=muac, systolic_mmhg=systolic, diastolic_mmhg=diastolic
        ),
        assessment.History(),
        rules,
    )
    return Visit(
        person_id=mother.pk,
        posyandu_id=mother.posyandu_id,
        desa_id=mother.desa_id,
        pregnancy=pregnancy,
        date=date,
        month=months.month_start(date),
        age_days=age_days,
        life_stage=stage.value,
        weight_kg=Decimal(f"{weight:.2f}"),
        muac_cm=Decimal(f"{muac:.1f}"),
        systolic_mmhg=systolic,
        diastolic_mmhg=diastolic,
        kb_status=kb,
        kb_method=rng.choice(KB_METHODS) if kb == KbStatus.ACTIVE else "",
        **stored_results(result.findings, result.rule_version),
    )


def build_services(
    seed: int,
    kabkota: str,
    plan: dict[int, Profile],
    today: datetime.date,
    opening_days: dict[tuple[int, datetime.date], int],
) -> list[Visit]:
    """The mothers' visits (pregnancy checks, family-planning status), unsaved and in date order, after
    writing each born child's pregnancy."""
    rng = random.Random(f"{seed}-services-{kabkota}")
    ids = sorted(plan)
    first = window(today)[0]
    # Every child born in the twelve months had a pregnancy the posyandu could have followed.
    births = [
        Pregnancy(
            mother_id=mother_id,
            lmp_date=born - datetime.timedelta(days=280),
            due_date=born,
            gravida=rng.randint(1, 4),
            outcome=PregnancyOutcome.LIVE_BIRTH,
            outcome_date=born,
            child_id=child_id,
        )
        for child_id, mother_id, born in Person.objects.filter(
            posyandu_id__in=ids, mother__isnull=False, birth_date__gte=first
        )
        .order_by("pk")
        .values_list("pk", "mother_id", "birth_date")
    ]
    Pregnancy.objects.bulk_create(births, batch_size=2000)
    pregnancies: dict[int, list[Pregnancy]] = defaultdict(list)
    for p in Pregnancy.objects.filter(mother__posyandu_id__in=ids).order_by("pk"):
        pregnancies[p.mother_id].append(p)
    visits: list[Visit] = []
    mothers = Person.objects.filter(posyandu_id__in=ids, children__isnull=False).distinct().order_by("pk")
    for mother in mothers:
        profile = plan[mother.posyandu_id]
        days = open_dates(profile, today)
        followed = {p.pk for p in pregnancies[mother.pk] if rng.random() < profile.pregnancy_reach}
        using_kb = rng.random() < profile.kb_active
        kb_days = set(rng.sample(days, k=min(len(days), rng.randint(1, 2))))
        for date in days:
            ongoing = next(
                (p for p in pregnancies[mother.pk] if p.lmp_date <= date < (p.outcome_date or p.due_date)),
                None,
            )
            if ongoing is not None:
                if ongoing.pk in followed and rng.random() < 0.75:
                    visits.append(_mother_visit(mother, date, rng, pregnancy=ongoing, kb=KbStatus.PREGNANT))
            elif date in kb_days and (date - mother.birth_date).days < 49 * 365:
                kb = KbStatus.ACTIVE if using_kb else KbStatus.NONE
                visits.append(_mother_visit(mother, date, rng, pregnancy=None, kb=kb))
    for visit in visits:
        visit.opening_day_id = opening_days.get((visit.posyandu_id, visit.date))
    visits.sort(key=lambda v: (v.date, v.person_id))

    return visits
