"""Deterministic, realistic synthetic data for the seed regions of the news articles.

Kota Bontang (64.74), Kabupaten Kutai Barat (64.07), Kabupaten Kotawaringin Timur (62.02) and Kabupaten
Buleleng (51.08): posyandu in every desa/kelurahan in realistic numbers (urban kelurahan hold many, a rural
desa one to four), 5–8 kader each (a few of whom stopped this year) with memberships going back up to 35
years, training records, equipment, RW/RT/dasa wisma units, twelve months of posyandu days (which months
each posyandu opened, its opening days with the kader on duty, weighings, pregnancy checks, family planning
and immunisations: `posyandu_days`), and one login per role.
The same seed and date give the same data.

Volume is written with bulk inserts in one transaction and recorded as one audit event; the per-object
actions are for people's writes and would take minutes here.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.actions import create_user
from accounts.models import Role, User
from audit import log
from demo import names, posyandu_days
from demo.immunisation_data import build_immunisations
from demo.monthly_data import build_monthly_reports
from demo.pokjanal_data import build_pokjanal, link_member_logins
from demo.register_data import build_register
from demo.visits_data import add_campaign, add_rechecks, build_weighings
from people.models import Household, Person
from posyandu.models import (
    CompetencyGroup,
    EquipmentItem,
    Kader,
    KaderMembership,
    KaderTraining,
    Posyandu,
    PosyanduEquipment,
)
from regions.codes import within_q
from regions.models import Level, LocalUnit, Region, UnitKind
from reports.actions import refresh_all_figures
from visits.models import Visit
from web.dbstats import refresh_statistics

SEED_REGIONS = ("64.74", "64.07", "62.02", "51.08")
DEMO_PASSWORD = "posyandu2026"


@dataclass
class DemoSummary:
    posyandu: int = 0
    kader: int = 0
    units: int = 0
    people: int = 0
    pokjanal_bodies: int = 0
    pokjanal_actions: int = 0
    visits: int = 0
    immunisations: int = 0
    monthly_reports: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, scope)


def _posyandu_per_desa(rng: random.Random, region: Region, kabkota: str) -> int:
    if region.kind == "kelurahan":
        return rng.randint(8, 15) if kabkota == "64.74" else rng.randint(4, 8)
    if kabkota == "51.08":
        return rng.randint(3, 6)  # Bali: a posyandu per banjar
    return rng.randint(1, 4)


def _kader_name(rng: random.Random, kabkota: str, female: bool) -> str:
    if kabkota.startswith("51"):
        prefix = rng.choice(names.BALI_FEMALE_PREFIX if female else names.BALI_MALE_PREFIX)
        return f"{prefix} {rng.choice(names.BALI_NAMES)}"
    given = rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
    family_pool = names.FAMILY + (names.DAYAK_BANJAR if kabkota.startswith("6") else [])
    return f"{given} {rng.choice(family_pool)}"


def _nik(rng: random.Random, desa_code: str, birth: datetime.date, female: bool, serial: int) -> str:
    p, k, c, _d = desa_code.split(".")
    day = birth.day + (40 if female else 0)
    return f"{p}{k}{c}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _units(rng: random.Random, desa: list[Region]) -> int:
    rws = []
    for d in desa:
        for i in range(rng.randint(2, 5)):
            rws.append(LocalUnit(desa=d, kind=UnitKind.RW, name=f"{i + 1:02d}"))
    LocalUnit.objects.bulk_create(rws, batch_size=2000)
    rts = []
    for rw in rws:
        for j in range(rng.randint(2, 4)):
            rts.append(LocalUnit(desa_id=rw.desa_id, kind=UnitKind.RT, name=f"{j + 1:03d}", parent=rw))
    LocalUnit.objects.bulk_create(rts, batch_size=2000)
    wisma = [
        LocalUnit(
            desa_id=rt.desa_id, kind=UnitKind.DASA_WISMA, name=rng.choice(names.POSYANDU_NAMES), parent=rt
        )
        for rt in rts
        if rng.random() < 0.5
    ]
    LocalUnit.objects.bulk_create(wisma, batch_size=2000)
    return len(rws) + len(rts) + len(wisma)


OPENING_TIMES = [datetime.time(8), datetime.time(8, 30), datetime.time(9), datetime.time(7, 30)]


def _posyandu(rng: random.Random, desa: list[Region], kabkota: str) -> list[Posyandu]:
    """A few posyandu in every desa, with their decree and place."""
    posyandu: list[Posyandu] = []
    for d in desa:
        pool = names.BALINESE_POSYANDU if kabkota.startswith("51") else names.POSYANDU_NAMES
        chosen = rng.sample(pool, k=min(len(pool), _posyandu_per_desa(rng, d, kabkota)))
        for i, base in enumerate(chosen):
            name = f"{base} {d.name}" if kabkota.startswith("51") else base
            posyandu.append(
                Posyandu(
                    code=f"P{d.code.replace('.', '')}{i + 1:02d}",
                    name=name,
                    desa=d,
                    address=f"RT {rng.randint(1, 30):03d}, {d.display_name}",
                    rw_rt_covered=f"RW {i + 1:02d}",
                    opening_day=rng.randint(1, 28),
                    opening_time=OPENING_TIMES[(len(posyandu) + i) % len(OPENING_TIMES)],  # keeps rng's draws
                    sk_number=f"{rng.randint(1, 99)}/SK/{d.name[:3].upper()}/{rng.randint(2015, 2024)}"
                    if rng.random() < 0.8
                    else "",
                    sk_date=_random_date(rng, datetime.date(2015, 1, 1), datetime.date(2024, 12, 31))
                    if rng.random() < 0.8
                    else None,
                    latitude=round(d.latitude + rng.uniform(-0.01, 0.01), 6) if d.latitude else None,
                    longitude=round(d.longitude + rng.uniform(-0.01, 0.01), 6) if d.longitude else None,
                )
            )
    Posyandu.objects.bulk_create(posyandu, batch_size=1000)
    return posyandu


def _spm_fields(rng: random.Random, posyandu: list[Posyandu]) -> None:
    """Health for every posyandu, and another SPM field for some."""
    through = Posyandu.spm_fields.through
    spm = []
    for p in posyandu:
        spm.append(through(posyandu_id=p.pk, spmfield_id="kesehatan"))
        if rng.random() < 0.3:
            spm.append(through(posyandu_id=p.pk, spmfield_id=rng.choice(["pendidikan", "sosial"])))
    through.objects.bulk_create(spm, batch_size=2000)


def _equipment(rng: random.Random, posyandu: list[Posyandu], items: list[EquipmentItem]) -> None:
    """Most items of the equipment list at every posyandu, most in good condition."""
    equipment = []
    for p in posyandu:
        for item in items:
            if rng.random() < 0.85:
                condition = rng.choices(["baik", "rusak_ringan", "rusak_berat"], weights=[80, 12, 8])[0]
                equipment.append(
                    PosyanduEquipment(posyandu=p, item=item, count=rng.randint(1, 3), condition=condition)
                )
    PosyanduEquipment.objects.bulk_create(equipment, batch_size=2000)


def _kader(
    rng: random.Random, posyandu: list[Posyandu], kabkota: str, today: datetime.date
) -> list[tuple[Kader, Posyandu, datetime.date]]:
    """Five to eight kader at every posyandu, each with the day they started."""
    kader_rows: list[tuple[Kader, Posyandu, datetime.date]] = []
    serial = 0
    for p in posyandu:
        count = rng.randint(5, 8)
        for _ in range(count):
            serial += 1
            female = rng.random() < 0.93
            birth = _random_date(rng, datetime.date(1955, 1, 1), datetime.date(2002, 12, 31))
            kader = Kader(
                nik=_nik(rng, p.desa_id, birth, female, serial) if rng.random() < 0.9 else None,
                name=_kader_name(rng, kabkota, female),
                sex="P" if female else "L",
                birth_date=birth,
                phone=f"08{rng.randint(1000000000, 9999999999)}",
                address=p.address,
                desa_id=p.desa_id,
                level=rng.choices(["purwa", "madya", "utama", ""], weights=[40, 25, 10, 25])[0],
            )
            earliest = max(
                birth + datetime.timedelta(days=365 * 18), today - datetime.timedelta(days=365 * 35)
            )
            start = _random_date(rng, earliest, today - datetime.timedelta(days=30))
            kader_rows.append((kader, p, start))
    Kader.objects.bulk_create([k for k, _p, _s in kader_rows], batch_size=1000, ignore_conflicts=False)
    return kader_rows


def _memberships_and_trainings(
    rng: random.Random, kader_rows: list[tuple[Kader, Posyandu, datetime.date]], today: datetime.date
) -> None:
    """Every kader's membership (a board role for the first three of a posyandu; some stopped, some
    moved) and the trainings they followed."""
    memberships = []
    trainings = []
    by_posyandu_roles: dict[int, list[str]] = {}
    for kader, p, start in kader_rows:
        roles = by_posyandu_roles.setdefault(p.pk, [])
        role = ["ketua", "sekretaris", "bendahara"][len(roles)] if len(roles) < 3 else "anggota"
        roles.append(role)
        if role == "anggota" and rng.random() < 0.04:
            # Some kader have stopped this year, leaving a few posyandu short of the minimum of five.
            left = _random_date(rng, max(start, today - datetime.timedelta(days=300)), today)
            memberships.append(
                KaderMembership(
                    kader=kader,
                    posyandu=p,
                    start_date=start,
                    end_date=left,
                    board_role=role,
                    spm_field_id="kesehatan",
                )
            )
        elif rng.random() < 0.15 and (today - start).days > 3000:
            # Moved from another posyandu of the same desa some years ago: service continues.
            moved = _random_date(
                rng, start + datetime.timedelta(days=700), today - datetime.timedelta(days=400)
            )
            memberships.append(
                KaderMembership(
                    kader=kader, posyandu=p, start_date=moved, board_role=role, spm_field_id="kesehatan"
                )
            )
            memberships.append(
                KaderMembership(
                    kader=kader,
                    posyandu=p,
                    start_date=start,
                    end_date=moved - datetime.timedelta(days=rng.randint(1, 20)),
                    board_role="anggota",
                    spm_field_id="kesehatan",
                )
            )
        else:
            memberships.append(
                KaderMembership(
                    kader=kader, posyandu=p, start_date=start, board_role=role, spm_field_id="kesehatan"
                )
            )
        for _ in range(rng.choices([0, 1, 2, 3], weights=[25, 40, 25, 10])[0]):
            group = rng.choice(CompetencyGroup.values)
            trainings.append(
                KaderTraining(
                    kader=kader,
                    competency_group=group,
                    topic=rng.choice(names.TRAINING_TOPICS[group]),
                    date=_random_date(rng, start, today),
                    organiser=rng.choice(names.ORGANISERS),
                    certificate_number=f"SERT-{rng.randint(10000, 99999)}" if rng.random() < 0.6 else "",
                )
            )
    KaderMembership.objects.bulk_create(memberships, batch_size=2000)
    KaderTraining.objects.bulk_create(trainings, batch_size=2000)


@transaction.atomic
def build(
    kabkota_codes: tuple[str, ...] = SEED_REGIONS,
    *,
    seed: int = 2026,
    today: datetime.date | None = None,
    with_logins: bool = True,
) -> DemoSummary:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    summary = DemoSummary()
    items = list(EquipmentItem.objects.all())
    for kabkota in kabkota_codes:
        seeded = list(Posyandu.objects.filter(within_q("desa_id", kabkota)).order_by("code"))
        if seeded:
            # Already seeded: seeding is idempotent per kabupaten/kota. A data set seeded before the Tim
            # Pembina's work existed gets it now (build_pokjanal does nothing where it exists).
            pokjanal = build_pokjanal(seed, kabkota, seeded, today)
            summary.pokjanal_bodies += pokjanal.bodies
            summary.pokjanal_actions += pokjanal.actions
            first = kabkota == kabkota_codes[0]
            summary.monthly_reports += build_monthly_reports(seed, kabkota, today, with_returned=first)
            continue
        desa = list(Region.objects.filter(within_q("code", kabkota), level=Level.DESA).order_by("code"))
        summary.units += _units(rng, desa)
        posyandu = _posyandu(rng, desa, kabkota)
        _spm_fields(rng, posyandu)
        _equipment(rng, posyandu, items)
        kader_rows = _kader(rng, posyandu, kabkota, today)
        _memberships_and_trainings(rng, kader_rows, today)
        summary.posyandu += len(posyandu)
        summary.kader += len(kader_rows)
        summary.people += build_register(rng, posyandu, kabkota, today)
        ids = [p.pk for p in posyandu]
        plan = posyandu_days.profiles(seed, kabkota, ids, today)
        opening_days = posyandu_days.build_opening_days(seed, kabkota, plan, today)
        summary.visits += build_weighings(
            seed,
            ids,
            kabkota,
            today,
            closed_months={pid: profile.closed_months for pid, profile in plan.items()},
            opening_days=opening_days,
            more_visits=posyandu_days.build_services(seed, kabkota, plan, today, opening_days),
        )
        on_time = {pid: profile.immunised for pid, profile in plan.items()}
        summary.immunisations += build_immunisations(seed, ids, kabkota, today, on_time)
        refresh_statistics(Visit, Person, Household, Posyandu)  # the queries below read what was just loaded
        if kabkota == kabkota_codes[0]:
            add_campaign(kabkota, today)
            add_rechecks(kabkota)
        # After the weighings, so the problems found from data see the posyandu days and measurements.
        pokjanal = build_pokjanal(seed, kabkota, posyandu, today)
        summary.pokjanal_bodies += pokjanal.bodies
        summary.pokjanal_actions += pokjanal.actions
        first = kabkota == kabkota_codes[0]
        summary.monthly_reports += build_monthly_reports(seed, kabkota, today, with_returned=first)
    log.record_bulk(
        None,
        "seed_demo",
        "demo:*",
        {
            "posyandu": summary.posyandu,
            "kader": summary.kader,
            "units": summary.units,
            "people": summary.people,
            "pokjanal_bodies": summary.pokjanal_bodies,
            "pokjanal_actions": summary.pokjanal_actions,
            "visits": summary.visits,
            "immunisations": summary.immunisations,
            "monthly_reports": summary.monthly_reports,
        },
    )
    refresh_all_figures(today=today)
    if with_logins:
        summary.logins = _logins(kabkota_codes)
        link_member_logins()
    return summary


def _login(username: str, role: Role, scope: str, **kwargs: object) -> tuple[str, str, str]:
    if not User.objects.filter(username=username).exists():
        create_user(None, username=username, password=DEMO_PASSWORD, role=role, **kwargs)  # type: ignore[arg-type]
    return (username, str(role.label), scope)


def _logins(kabkota_codes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    logins = [_login("admin", Role.ADMIN, "Indonesia", full_name="Administrator Sistem")]
    first = kabkota_codes[0]
    kab = Region.objects.get(code=first)
    prov = Region.objects.get(code=first.split(".")[0])
    logins.append(
        _login("provinsi", Role.POKJANAL_PROVINSI, prov.name, region=prov, full_name="Tim Pembina Provinsi")
    )
    for code in kabkota_codes:
        region = Region.objects.get(code=code)
        short = region.name.split(" ", 1)[-1].lower().replace(" ", "")
        logins.append(
            _login(
                f"kab.{short}",
                Role.POKJANAL_KABKOTA,
                region.name,
                region=region,
                full_name=f"Tim Pembina {region.name}",
            )
        )
    logins.append(
        _login(
            f"lihat.{kab.name.split(' ', 1)[-1].lower()}",
            Role.POKJANAL_KABKOTA,
            f"{kab.name} (hanya baca)",
            region=kab,
            read_only=True,
            full_name="Pengamat Kabupaten",
        )
    )
    kec = Region.objects.filter(parent=kab).order_by("code").first()
    assert kec is not None
    logins.append(
        _login(
            "kecamatan",
            Role.POKJANAL_KECAMATAN,
            kec.name,
            region=kec,
            full_name=f"Tim Pembina Kec. {kec.name}",
        )
    )
    desa = list(Region.objects.filter(parent=kec).order_by("code")[:2])
    logins.append(
        _login("desa", Role.POKJA_DESA, desa[0].name, region=desa[0], full_name=f"Pokja {desa[0].name}")
    )
    logins.append(
        _login("bidan", Role.BIDAN, ", ".join(d.name for d in desa), desa=desa, full_name="Bidan Desa")
    )
    posyandu = Posyandu.objects.filter(desa=desa[0]).order_by("code").first()
    assert posyandu is not None
    logins.append(_login("kader", Role.KADER, str(posyandu), posyandu=posyandu, full_name="Kader Posyandu"))
    return logins
