"""A kabupaten-sized data set for benchmarks: 1,000 posyandu, 100,000 children under six, twelve months of
monthly weighings (about 1.2 million visits, every computed field filled by the same bulk path as a campaign
import) and the monthly report figures.

    from bench.make_data import make_dataset
    summary = make_dataset(posyandu=1000, children=100_000, months=12, seed=2026)

Needs a configured Django (DJANGO_SETTINGS_MODULE and `django.setup()`); writes with bulk inserts, so it
takes a few minutes on SQLite. Idempotent: a data set already built in the same kabupaten is kept."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

TODAY = datetime.date(2026, 11, 25)
KABKOTA = "64.07"  # Kabupaten Kutai Barat: 16 kecamatan, about 190 kampung
CHUNK = 10_000


@dataclass
class Dataset:
    kabkota: str
    posyandu: int
    children: int
    visits: int
    seconds: float
    built: bool


def _prepare_region(region: str) -> list[str]:
    """What a data set of `region` starts from: its official regions synced and the national prevalence
    targets ensured. Returns the codes of its desa, in order."""
    from regions.actions import official_regions, sync_regions
    from regions.codes import within_q
    from regions.models import Level, Region
    from reports.models import PrevalenceTarget
    from reports.targets import ensure_national_defaults

    sync_regions(None, sorted(dict(official_regions(region)).items()))
    ensure_national_defaults(PrevalenceTarget)
    return list(
        Region.objects.filter(within_q("code", region), level=Level.DESA)
        .order_by("code")
        .values_list("code", flat=True)
    )


def make_dataset(
    posyandu: int = 1000,
    children: int = 100_000,
    months: int = 12,
    seed: int = 2026,
    *,
    kabkota: str = KABKOTA,
    today: datetime.date = TODAY,
    stunted_share: float = 0.22,
) -> Dataset:
    import numpy as np
    from django.db import transaction

    from demo.visits_data import Child, save_visits, synthetic_visits
    from people.models import Person, name_key
    from posyandu.models import Posyandu
    from regions.codes import within_q
    from reports.actions import refresh_all_figures
    from visits.models import Visit

    started = time.perf_counter()
    existing = Posyandu.objects.filter(within_q("desa_id", kabkota), code__startswith="K")
    if existing.exists():
        return Dataset(
            kabkota,
            existing.count(),
            Person.objects.filter(within_q("desa_id", kabkota)).count(),
            Visit.objects.filter(within_q("desa_id", kabkota)).count(),
            time.perf_counter() - started,
            built=False,
        )
    desa = _prepare_region(kabkota)
    rng = np.random.default_rng(seed)
    with transaction.atomic():
        posts = [
            Posyandu(
                code=f"K{i:05d}",
                name=f"Posyandu {i + 1}",
                desa_id=desa[i % len(desa)],
                opening_day=int(rng.integers(1, 28)),
            )
            for i in range(posyandu)
        ]
        Posyandu.objects.bulk_create(posts, batch_size=2000)
        # 11 to 59 months old today: under five in each of the last twelve months.
        ages = rng.integers(335, 59 * 30, children)
        sexes = rng.integers(0, 2, children)
        kia = rng.random(children) < 0.9
        people = []
        for i in range(children):
            post = posts[i % posyandu]
            born = today - datetime.timedelta(days=int(ages[i]))
            people.append(
                Person(
                    nik=bench_nik(kabkota, i) if i % 2 == 0 else None,
                    name=bench_name(i),
                    name_key=name_key(bench_name(i)),
                    sex="LP"[sexes[i]],
                    birth_date=born,
                    posyandu_id=post.pk,
                    desa_id=post.desa_id,
                    has_kia_book=bool(kia[i]),
                )
            )
        Person.objects.bulk_create(people, batch_size=5000)
    sloppy = frozenset(p.pk for p in posts if rng.random() < 0.1)
    opening = {p.pk: p.opening_day or 10 for p in posts}
    visits = 0
    for start in range(0, children, CHUNK):
        chunk = [
            Child(p.pk, p.sex, p.birth_date, p.posyandu_id, p.desa_id, opening[p.posyandu_id])
            for p in people[start : start + CHUNK]
        ]
        made = synthetic_visits(
            chunk,
            today=today,
            rng=rng,
            months_back=months,
            stunted_share=stunted_share,
            attendance=0.97,
            sloppy_posyandu=sloppy,
        )
        with transaction.atomic():
            visits += save_visits(made, today=today)
    refresh_all_figures(today=today)
    return Dataset(kabkota, posyandu, children, visits, time.perf_counter() - started, built=True)


_SYLLABLES = [c + v for c in "bdgjklmnprstwy" for v in "aiueo"]  # 70 syllables: names are letters only


def bench_name(index: int) -> str:
    """A unique name made of syllables ("Anak Bajo Kuti"), since names are compared by their letters."""
    parts = []
    number = index
    for _ in range(3):
        number, syllable = divmod(number, len(_SYLLABLES))
        parts.append(_SYLLABLES[syllable])
    first = "".join(parts[:2]).capitalize()
    return f"Anak {first} {parts[2].capitalize()}{_SYLLABLES[number % len(_SYLLABLES)]}"


def bench_nik(kabkota: str, index: int) -> str:
    """A 16-digit NIK unique per child of the data set (the area's code, 99, then the index)."""
    prefix = kabkota.replace(".", "") + "99"
    return f"{prefix}{index:0{16 - len(prefix)}d}"[:16]


PROVINCE = "64"  # Kalimantan Timur: its 10 kabupaten/kota, 105 kecamatan, 1,038 desa/kelurahan
PROVINCE_CHUNK = 50_000  # children assessed and copied at once (about 600,000 visits)


@dataclass
class ProvinceBuild:
    region: str
    posyandu: int
    children: int
    visits: int
    referrals: int
    built: bool
    seconds: dict[str, float]  # phase → seconds


def make_province(
    *,
    children: int = 1_000_000,
    posyandu: int = 10_000,
    months: int = 12,
    seed: int = 2026,
    region: str = PROVINCE,
    today: datetime.date = TODAY,
    stunted_share: float = 0.22,
    drop_indexes: bool = False,
    figures: bool = True,
    chunk: int = PROVINCE_CHUNK,
    progress: bool = False,
) -> ProvinceBuild:
    """A data set of `posyandu` posyandu spread over every desa of `region` (a province's code by default)
    and `children` children under five with `months` months of weighings, assessed over arrays
    (`bench.visit_columns`). On PostgreSQL people, visits and referrals are written with COPY (with
    `drop_indexes`, the tables' indexes and unique constraints are dropped first and built again after, and
    foreign keys are not checked row by row where the role may skip them); elsewhere with bulk inserts.
    Then, with `figures`, the monthly figures and the kept facts the strata and rakor pages read.
    Idempotent: a data set already built in the region is kept."""
    import numpy as np
    from django.db import connection, transaction

    from bench import visit_columns
    from bench.table_copy import TableLoad
    from people.models import Person
    from posyandu.models import Posyandu
    from regions.codes import within_q
    from rules import months as rule_months
    from visits import partitions as visit_partitions
    from visits.actions import rules as screening_rules
    from visits.models import Referral, Visit

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    existing = Posyandu.objects.filter(within_q("desa_id", region), code__startswith="P")
    if existing.exists():
        from reports.models import MonthlyFigures

        count = existing.count()
        with_figures = MonthlyFigures.objects.filter(within_q("desa_id", region)).values("posyandu_id")
        missing = figures and with_figures.distinct().count() < count
        return ProvinceBuild(
            region,
            count,
            Person.objects.filter(within_q("desa_id", region)).count(),
            Visit.objects.filter(within_q("desa_id", region)).count(),
            Referral.objects.filter(within_q("desa_id", region)).count(),
            built=False,
            seconds=build_figures(region, today) if missing else {},  # one built with --no-figures
        )
    desa = _prepare_region(region)
    rng = np.random.default_rng(seed)
    opening = rng.integers(1, 28, posyandu)
    with transaction.atomic():
        Posyandu.objects.bulk_create(
            [
                Posyandu(
                    code=f"P{i:05d}",
                    name=f"Posyandu {i + 1}",
                    desa_id=desa[i % len(desa)],
                    opening_day=int(d),
                )
                for i, d in enumerate(opening)
            ],
            batch_size=2000,
        )
    post_ids = np.array(
        Posyandu.objects.filter(code__startswith="P", desa_id__in=desa)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    post_desa = np.array([desa[i % len(desa)] for i in range(posyandu)], dtype=object)
    sloppy_post = rng.random(posyandu) < 0.1
    seconds["regions and posyandu"] = time.perf_counter() - started

    started = time.perf_counter()
    # 11 to 59 months old today: under five in each of the last twelve months.
    ages = rng.integers(335, 59 * 30, children)
    sexes = np.where(rng.integers(0, 2, children) == 0, "L", "P")
    kia = rng.random(children) < 0.9
    post_of = np.arange(children) % posyandu
    birth = np.datetime64(today, "D") - ages.astype("timedelta64[D]")
    load = TableLoad(connection, drop_indexes=drop_indexes)
    with load.wal_room() as wal:
        if wal and progress:
            print(f"  max_wal_size raised to {wal} for the load, set back after it", flush=True)
        with transaction.atomic():
            person_ids = load.people(
                Person,
                nik=[bench_nik(region, i) if i % 2 == 0 else None for i in range(children)],
                name=[bench_name(i) for i in range(children)],
                sex=sexes,
                birth_date=birth,
                posyandu_id=post_ids[post_of],
                desa_id=post_desa[post_of],
                has_kia_book=kia,
            )
        # Each phase's seconds leave out its index builds, listed on their own.
        seconds["people"] = time.perf_counter() - started - sum(load.index_seconds.values())

        started = time.perf_counter()
        indexed = sum(load.index_seconds.values())
        rules = screening_rules()
        table = visit_columns.FindingTable()
        visits = referrals = 0
        # The months' partitions first (PostgreSQL), so the rows go straight to them, not to the DEFAULT one.
        visit_partitions.make_for(rule_months.add_months(today, -k) for k in range(months + 1))
        with load.visits(Visit, Referral, rule_version=rule_version_value(rules), today=today) as writer:
            for first in range(0, children, chunk):
                part = slice(first, first + chunk)
                made = visit_columns.make_visits(
                    visit_columns.Children(
                        pk=person_ids[part],
                        sex=sexes[part],
                        birth_date=birth[part],
                        posyandu_id=post_ids[post_of[part]],
                        desa_id=post_desa[post_of[part]],
                        opening_day=opening[post_of[part]],
                        sloppy=sloppy_post[post_of[part]],
                    ),
                    today=today,
                    rng=rng,
                    rules=rules,
                    table=table,
                    months_back=months,
                    stunted_share=stunted_share,
                    attendance=0.97,
                )
                written = writer.write(made, table)
                visits += len(made)
                referrals += written
                if progress:
                    rate = visits / (time.perf_counter() - started)
                    print(
                        f"  {min(first + chunk, children):,} children, {visits:,} visits ({rate:,.0f}/s)",
                        flush=True,
                    )
        indexed = sum(load.index_seconds.values()) - indexed
        seconds["visits and referrals"] = time.perf_counter() - started - indexed
    seconds.update(load.index_seconds)
    if figures:
        seconds.update(build_figures(region, today))
    return ProvinceBuild(region, posyandu, children, visits, referrals, built=True, seconds=seconds)


def rule_version_value(rules: object) -> str:
    """`Visit.rule_version` as stored for visits assessed under these rules (the one place the generator
    knows its format)."""
    from rules import assessment

    return assessment.rule_version(rules)  # type: ignore[arg-type]  # a RuleSet


def build_figures(region: str, today: datetime.date) -> dict[str, float]:
    """The monthly figures of every posyandu, then the kept facts of the region's strata (the year) and
    rakor agenda (the last twelve months), as the pages would compute them on their first visit."""
    from unittest import mock

    from django.utils import timezone

    from pokjanal.regional import region_indicators, strata_by_area
    from regions.models import Region
    from reports.actions import refresh_all_figures

    seconds = {}
    started = time.perf_counter()
    refresh_all_figures(today=today)
    seconds["monthly figures"] = time.perf_counter() - started
    area = Region.objects.get(code=region)
    with mock.patch.object(timezone, "localdate", lambda *a, **k: today):
        started = time.perf_counter()
        strata_by_area(area, today.year)
        seconds["kept facts: strata of the year"] = time.perf_counter() - started
        started = time.perf_counter()
        region_indicators(area, today)
        seconds["kept facts: rakor, last 12 months"] = time.perf_counter() - started
    return seconds


def main() -> None:
    import argparse
    import os
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(description="Build a province data set for the benchmarks.")
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--posyandu", type=int, help="default: one per 100 children")
    parser.add_argument("--region", default=PROVINCE, help="a province (or kabupaten) code, default 64")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--name", default="posyandu_province_bench", help="PostgreSQL database name")
    parser.add_argument("--sqlite-path", default="/tmp/posyandu_province_bench.sqlite3")
    parser.add_argument("--keep-indexes", action="store_true", help="COPY with the indexes in place")
    parser.add_argument("--no-figures", action="store_true", help="leave out the figures and kept facts")
    parser.add_argument("--fresh", action="store_true", help="drop the database (or file) first")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    if args.database == "postgres":
        from bench.postgres import database_url, ensure_database

        ensure_database(args.name, fresh=args.fresh)
        os.environ["DATABASE_URL"] = database_url(args.name)
    else:
        if args.fresh:
            Path(args.sqlite_path).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = make_province(
        children=args.children,
        posyandu=args.posyandu or max(1, args.children // 100),
        region=args.region,
        drop_indexes=not args.keep_indexes,
        figures=not args.no_figures,
        progress=True,
    )
    total = time.perf_counter() - started
    what = (
        f"{built.posyandu:,} posyandu, {built.children:,} children, {built.visits:,} visits, "
        f"{built.referrals:,} referrals"
    )
    if not built.built:
        print(f"data set present in {args.region}: {what}")
        for phase, value in built.seconds.items():
            print(f"  {phase:<36} {value:8.1f} s")
        return
    print(f"built {what} in {total:.0f} s")
    for phase, value in built.seconds.items():
        print(f"  {phase:<36} {value:8.1f} s")
    people_s = built.seconds["people"] + built.seconds["indexes of people_person"]
    visits_s = built.seconds["visits and referrals"] + sum(
        v for k, v in built.seconds.items() if k.startswith("indexes of visits")
    )
    print(f"  people: {built.children / people_s:,.0f}/s")
    print(
        f"  visits (assessed, copied, indexes built): {built.visits / visits_s:,.0f}/s "
        "(target ≥ 50,000 visits/s on PostgreSQL)"
    )


if __name__ == "__main__":
    main()
