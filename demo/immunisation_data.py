"""Synthetic immunisation histories of the demo's children under five, as a Buku KIA would show them: most
children immunised on time for their age, some late, a few who dropped out (and a few born at home without
HB-0), following the programme schedule's windows, series order and catch-up limits (`rules.immunisation`).
The follow-up list of a posyandu then shows a believable handful of children, not every dose of every child.
Deterministic for a seed, kabupaten/kota and date."""

from __future__ import annotations

import datetime
import random

from rules.immunisation import SCHEDULE, Dose
from visits.models import Immunisation

# Shares of children by history (Riskesdas/SKI order of magnitude: most complete, a minority incomplete).
ON_TIME = 0.8  # in the usual posyandu
LATE_OF_THE_REST = 0.65  # the others dropped out at some age
HB0_AT_BIRTH = 0.9  # the others were born at home and missed HB-0's first week


def _history(
    rng: random.Random, birth_date: datetime.date, today: datetime.date, on_time: float = ON_TIME
) -> dict[str, datetime.date]:
    """One child's doses (code → date given) until `today`; of the children not immunised on time, about two
    in three are late and the others drop out (LATE_OF_THE_REST)."""
    draw = rng.random()
    late_share = (1 - on_time) * LATE_OF_THE_REST
    late = on_time <= draw < on_time + late_share
    dropped_out = draw >= on_time + late_share
    stops_at = birth_date + datetime.timedelta(days=rng.randint(60, 400)) if dropped_out else None
    given: dict[str, datetime.date] = {}
    for dose in SCHEDULE:
        if dose.endemic_only:
            continue
        day = _when(rng, dose, birth_date, late, given)
        if day is None or day > today or (stops_at is not None and day > stops_at):
            continue
        if day > dose.before.on(birth_date) - datetime.timedelta(days=1):
            continue  # too late to be given
        given[dose.code] = day
    return given


def _when(
    rng: random.Random, dose: Dose, birth_date: datetime.date, late: bool, given: dict[str, datetime.date]
) -> datetime.date | None:
    if dose.code == "hb0":
        return (
            birth_date + datetime.timedelta(days=rng.randint(0, 1)) if rng.random() < HB0_AT_BIRTH else None
        )
    if dose.follows and dose.follows not in given:
        return None
    delay = rng.randint(20, 80) if late and rng.random() < 0.6 else rng.randint(0, 12)
    day = dose.start.on(birth_date) + datetime.timedelta(days=delay)
    if dose.follows:
        day = max(day, given[dose.follows] + datetime.timedelta(days=dose.min_interval_days))
    return day


def build_immunisations(
    seed: int,
    posyandu_ids: list[int],
    kabkota: str,
    today: datetime.date,
    on_time: dict[int, float] | None = None,
) -> int:
    """The immunisation histories of the children under five of these posyandu (`on_time`: the share of a
    posyandu's children immunised on time, where it differs from the usual); returns the dose count."""
    from people.models import Person

    rng = random.Random(f"imunisasi:{seed}:{kabkota}")
    doses = [
        Immunisation(person_id=pk, vaccine=code, date=day)
        for pk, posyandu_id, birth_date in Person.objects.filter(posyandu_id__in=posyandu_ids)
        .under_five(today)
        .order_by("pk")
        .values_list("pk", "posyandu_id", "birth_date")
        for code, day in _history(rng, birth_date, today, (on_time or {}).get(posyandu_id, ON_TIME)).items()
    ]
    Immunisation.objects.bulk_create(doses, batch_size=5000)
    return len(doses)
