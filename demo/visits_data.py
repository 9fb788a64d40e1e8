"""Synthetic weighings of children under five: one a month at their posyandu for the last twelve months
(most children come, some skip a month), lengths and weights drawn from WHO's curves around a per-child
growth track so that stunting is near a chosen share, and every computed field (z-scores, flags, N/T/O/B,
2T, BGM, findings, rule version) computed by the same bulk path as a campaign import
(campaigns.imports.assess).

Used by the demo (`build_weighings`, Kota Bontang around 20 % stunting as the seed article says) and by the
benchmarks (`synthetic_visits`, `bench/make_data.py`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

import numpy as np

from campaigns.imports import assess
from growth.curves import values_at_z
from rules import assessment, life_stage, months, referral_urgency
from visits import partitions as visit_partitions
from visits.actions import rules as screening_rules
from visits.models import (
    CheckStatus,
    Place,
    Referral,
    ReferralStatus,
    Visit,
    register_rule_versions,
    stored_results,
)

# Stunting share per kabupaten/kota of the seed articles (SKI 2023 order of magnitude; Bontang "masih 20 %").
STUNTING_SHARE = {"64.74": 0.20, "64.07": 0.26, "62.02": 0.28, "51.08": 0.09}
CHILD_MAX_DAYS = 1856


@dataclass(frozen=True)
class Child:
    pk: int
    sex: str
    birth_date: datetime.date
    posyandu_id: int
    desa_id: str
    opening_day: int = 10


def _weighing_days(
    children: Sequence[Child],
    *,
    today: datetime.date,
    rng: np.random.Generator,
    months_back: int,
    attendance: float,
    closed: Mapping[int, frozenset[datetime.date]],
) -> list[tuple[int, datetime.date]]:
    """(child index, day) of every weighing, child by child in date order: each child comes to its first
    opening day under five and later ones with chance `attendance` (one draw each), none where closed."""
    rows: list[tuple[int, datetime.date]] = []
    for index, child in enumerate(children):
        for back in range(months_back - 1, -1, -1):
            month = months.add_months(months.month_start(today), -back)
            day = month.replace(day=min(child.opening_day, 28))
            if day > today or day <= child.birth_date or (day - child.birth_date).days > CHILD_MAX_DAYS:
                continue
            if months.completed_months(child.birth_date, day) >= 60:
                continue
            if month in closed.get(child.posyandu_id, ()):
                continue
            first = not rows or rows[-1][0] != index
            if first or rng.random() < attendance:
                rows.append((index, day))
    return rows


def growth_tracks(
    children: int, *, stunted_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each child's length-for-age and weight-for-length z tracks: length-for-age normal with the mean that
    puts `stunted_share` below −2 SD."""
    mean_haz = -2.0 - NormalDist(0, 1).inv_cdf(stunted_share) * 0.95
    return rng.normal(mean_haz, 0.95, children), rng.normal(-0.3, 0.9, children)


def draw_measurements(
    *,
    age_days: np.ndarray,
    sex: np.ndarray,
    haz_track: np.ndarray,
    whz_track: np.ndarray,
    sloppy: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(weight kg, length cm, position "l"/"h", whether the length was measured) of weighings at these ages
    ("L"/"P"), around each row's child's z tracks. Sloppy rows round to .0 and .5 (digit preference) and
    skip more lengths."""
    n = len(age_days)
    haz = haz_track + rng.normal(0, 0.12, n)
    whz = whz_track + rng.normal(0, 0.15, n)
    position = np.where(age_days < 731, "l", "h")
    length = np.full(n, np.nan)
    weight = np.full(n, np.nan)
    for code, letter in ((1, "L"), (2, "P")):
        mask = sex == letter
        length[mask] = values_at_z("lhfa", code, age_days[mask], haz[mask])
        # WHO's tables are length below 2 years and height from 2 years; convert as a board would read.
        for pos, (low, high) in (("l", (45.0, 110.0)), ("h", (65.0, 120.0))):
            sub = mask & (position == pos)
            if sub.any():
                weight[sub] = values_at_z(
                    "wflh", code, np.clip(length[sub], low, high), whz[sub], measure=pos
                )
    length = np.where(sloppy, np.round(length * 2) / 2, np.round(length, 1))
    weight = np.where(sloppy, np.round(weight * 2) / 2, np.round(weight, 1))
    measured_length = rng.random(n) < np.where(sloppy, 0.55, 0.9)
    return weight, length, position, measured_length


def synthetic_visits(
    children: Sequence[Child],
    *,
    today: datetime.date,
    rng: np.random.Generator,
    months_back: int = 12,
    stunted_share: float = 0.2,
    attendance: float = 0.8,
    sloppy_posyandu: frozenset[int] = frozenset(),
    closed_months: Mapping[int, frozenset[datetime.date]] | None = None,
) -> list[Visit]:
    """Unsaved visits (computed fields filled) in date order. Posyandu in `sloppy_posyandu` round their
    readings to .0 and .5 (digit preference) and skip more lengths, for the data-quality pages; nobody is
    weighed at a posyandu in its `closed_months` (posyandu id → first days of the months it did not open)."""
    closed = closed_months or {}
    haz_track, whz_track = growth_tracks(len(children), stunted_share=stunted_share, rng=rng)
    rows = _weighing_days(
        children, today=today, rng=rng, months_back=months_back, attendance=attendance, closed=closed
    )
    if not rows:
        return []
    idx = np.array([r[0] for r in rows])
    age = np.array([(r[1] - children[r[0]].birth_date).days for r in rows], dtype=float)
    sex = np.array([children[i].sex for i in idx])
    sloppy = np.array([children[i].posyandu_id in sloppy_posyandu for i in idx])
    weight, length, position, measured_length = draw_measurements(
        age_days=age, sex=sex, haz_track=haz_track[idx], whz_track=whz_track[idx], sloppy=sloppy, rng=rng
    )
    rules = screening_rules()
    version = assessment.rule_version(rules)
    inputs = []
    for k, (index, day) in enumerate(rows):
        child = children[index]
        inputs.append(
            assess.ChildInput(
                assessment.Person(
                    sex=child.sex,
                    age_days=int(age[k]),
                    age_months=months.completed_months(child.birth_date, day),
                    stage=life_stage.stage(child.birth_date, day),
                ),
                assessment.Measurements(
                    weight_kg=float(weight[k]),
                    length_height_cm=float(length[k]) if measured_length[k] else None,
                    position=str(position[k]) if measured_length[k] else "",
                ),
            )
        )
    z = assess.zscores(inputs)
    last: dict[int, tuple[datetime.date, float, str]] = {}
    visits = []
    for k, ((index, day), child_input) in enumerate(zip(rows, inputs, strict=True)):
        child = children[index]
        month = months.month_start(day)
        before = last.get(index)
        if before is None:
            history = assessment.History()
        elif before[0] == months.previous_month(day):
            history = assessment.History(before[1], True, before[2])
        else:
            history = assessment.History(weighed_before=True)
        result = assess.assess_child(child_input, z[k], history, rules, version)
        if not result.held:  # a held weighing is no base for the next month's gain (visits.actions)
            last[index] = (month, child_input.measurements.weight_kg or 0.0, result.weight_gain)
        m = child_input.measurements
        visits.append(
            Visit(
                person_id=child.pk,
                posyandu_id=child.posyandu_id,
                desa_id=child.desa_id,
                date=day,
                month=month,
                age_days=child_input.person.age_days,
                life_stage=child_input.person.stage.value,
                weight_kg=Decimal(f"{m.weight_kg:.2f}"),
                length_height_cm=Decimal(f"{m.length_height_cm:.1f}")
                if m.length_height_cm is not None
                else None,
                position=m.position,
                waz=result.z.get("waz"),
                haz=result.z.get("haz"),
                whz=result.z.get("whz"),
                baz=result.z.get("baz"),
                hcz=result.z.get("hcz"),
                acz=result.z.get("acz"),
                flagged=result.flagged,
                needs_remeasure=result.needs_remeasure,
                check_status=CheckStatus.HELD if result.held else CheckStatus.NONE,
                weight_gain=result.weight_gain,
                is_2t=result.is_2t,
                is_bgm=result.is_bgm,
                **stored_results(result.findings, result.rule_version),
            )
        )
    return visits


def save_visits(visits: list[Visit], *, today: datetime.date, batch_size: int = 5000) -> int:
    """Bulk-insert visits and the referrals their findings raise (those older than two months already
    treated, as a health worker would have followed them up)."""
    register_rule_versions(v.rule_version for v in visits)
    visit_partitions.make_for(v.month for v in visits)
    Visit.objects.bulk_create(visits, batch_size=batch_size)
    recent = months.add_months(months.month_start(today), -1)
    referrals = [
        Referral(
            person_id=v.person_id,
            visit=v,
            posyandu_id=v.posyandu_id,
            desa_id=v.desa_id,
            reasons=v.referral_reasons,
            urgency=referral_urgency.urgency(
                v.referral_reasons,
                pregnant=v.pregnancy_id is not None,
                oedema=v.oedema,
            ),
            status=ReferralStatus.OPEN if v.month >= recent else ReferralStatus.TREATED,
        )
        for v in visits
        if v.referral_reasons
    ]
    Referral.objects.bulk_create(referrals, batch_size=batch_size)
    return len(visits)


def build_weighings(
    seed: int,
    posyandu_ids: list[int],
    kabkota: str,
    today: datetime.date,
    *,
    closed_months: Mapping[int, frozenset[datetime.date]] | None = None,
    opening_days: Mapping[tuple[int, datetime.date], int] | None = None,
    more_visits: Sequence[Visit] = (),
) -> int:
    """Twelve months of weighings of the children under five of these posyandu (demo), each on its opening
    day when one was recorded, saved with `more_visits` (the mothers'); returns the count."""
    from people.models import Person
    from posyandu.models import Posyandu

    opening = dict(Posyandu.objects.filter(pk__in=posyandu_ids).values_list("pk", "opening_day"))
    children = [
        Child(pk, sex, born, post, desa, opening.get(post) or 10)
        for pk, sex, born, post, desa in Person.objects.filter(posyandu_id__in=posyandu_ids)
        .under_five(today)
        .order_by("pk")
        .values_list("pk", "sex", "birth_date", "posyandu_id", "desa_id")
    ]
    rng = np.random.default_rng([seed, int(kabkota.replace(".", ""))])
    sloppy = frozenset(p for p in posyandu_ids if rng.random() < 0.12)
    visits = synthetic_visits(
        children,
        today=today,
        rng=rng,
        stunted_share=STUNTING_SHARE.get(kabkota, 0.2),
        sloppy_posyandu=sloppy,
        closed_months=closed_months,
    )
    for visit in visits:
        visit.opening_day_id = (opening_days or {}).get((visit.posyandu_id, visit.date))
    return save_visits([*visits, *more_visits], today=today)


def add_rechecks(kabkota: str) -> list[Visit]:
    """Measurements to re-check in the demo kader's posyandu (the first of the kabupaten/kota's first desa),
    in its latest month: a gain of 3.4 kg and a weight WHO flags, held as "perlu dicek ulang", and a gain of
    3.2 kg already confirmed (catch-up growth after an illness). Deterministic: the first children by id."""
    from posyandu.models import Posyandu
    from regions.models import Region
    from visits.actions import compute

    kecamatan = Region.objects.filter(parent_id=kabkota).order_by("code").first()
    desa = Region.objects.filter(parent=kecamatan).order_by("code").first()
    posyandu = Posyandu.objects.filter(desa=desa).order_by("code").first()
    if posyandu is None:
        return []
    visits = Visit.objects.filter(posyandu=posyandu).select_related("person")
    month = visits.order_by("-month").values_list("month", flat=True).first()
    if month is None:
        return []
    # Children weighed in the month before too; weighed only (no weight-for-length).
    before = visits.filter(month=months.add_months(month, -1), check_status="")
    chosen = list(
        visits.filter(month=month, person_id__in=before.values("person_id")).order_by("person_id")[:3]
    )
    changed = []
    for visit, change in zip(chosen, ("gain", "flag", "confirmed"), strict=False):
        previous = visits.filter(person_id=visit.person_id, month__lt=month).order_by("-date").first()
        assert previous is not None and previous.weight_kg is not None and visit.weight_kg is not None
        visit.length_height_cm, visit.position = None, ""
        if change == "flag":
            visit.weight_kg = (visit.weight_kg * Decimal("2.6")).quantize(Decimal("0.1"))
        else:
            visit.weight_kg = previous.weight_kg + Decimal("3.4" if change == "gain" else "3.2")
        compute(visit, visit.person)
        if change == "confirmed":
            visit.check_status = CheckStatus.CONFIRMED
        visit.save()
        # A heavier weighing without a length raises no referral: keep what still holds of the old one.
        referral = Referral.objects.filter(visit=visit).first()
        reasons = visit.referral_reasons
        if referral is not None and reasons:
            Referral.objects.filter(pk=referral.pk).update(reasons=reasons)
        elif referral is not None:
            referral.delete()
        changed.append(visit)
    return changed


def add_campaign(kabkota: str, today: datetime.date) -> None:
    """The Operasi Timbang Serentak of the seed article: two months ago, the posyandu weighings of the
    children under five that month in the kabupaten/kota count as the campaign's measurements."""
    from campaigns.models import Campaign, CampaignKind
    from regions.codes import within_q
    from reports.models import PrevalenceTarget
    from rules.life_stage import Stage

    month = months.add_months(months.month_start(today), -3)
    end = months.month_end(month)
    campaign = Campaign.objects.create(
        name=f"Operasi Timbang Serentak {month:%B %Y}",
        kind=CampaignKind.OPERASI_TIMBANG,
        region_id=kabkota,
        start_date=month,
        end_date=end,
        target_groups=["balita"],
    )
    Visit.objects.filter(
        within_q("desa_id", kabkota), month=month, life_stage__in=(Stage.BAYI, Stage.BALITA)
    ).update(campaign=campaign, place=Place.CAMPAIGN)
    # "mengejar target 14 persen" (Rakor Pokjanal Kota Bontang 2023): the city's own target.
    PrevalenceTarget.objects.get_or_create(
        region_id=kabkota,
        indicator="stunting",
        year=today.year,
        defaults={"percent": Decimal("14.0"), "source": "Rakor Pokjanal Posyandu Kota Bontang"},
    )
