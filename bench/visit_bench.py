"""Is the posyandu day fast enough? Fills a database with 100,000 children (1,000 posyandu) and 12 months of
weighings each, then times, through Django's test client, saving a visit on the kader's phone form and
opening a child's page. Prints p50/p95 per database; the target is p95 < 150 ms.

    .venv/bin/python bench/visit_bench.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/visit_bench.py --database sqlite

PostgreSQL: the script starts the local cluster if it is down and creates the database `posyandu_bench` (role
posyandu/posyandu, as .ci/run creates it). The filled databases are kept (SQLite in /tmp) so a second run only
times. `--province` times against the province data set of `bench/make_data.py` instead (12 million visits,
database `posyandu_province_bench`, built first if missing: `.venv/bin/python bench/make_data.py`).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, `bench` among them
SQLITE_PATH = Path("/tmp/posyandu_visit_bench.sqlite3")
PG_URL = "postgres://posyandu:posyandu@127.0.0.1:5432/posyandu_bench"
CHILDREN = 100_000
POSYANDU = 1_000
MONTHS = 12
SAMPLES = 200
TODAY = datetime.date(2026, 11, 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--province", action="store_true", help="PostgreSQL, the province data set")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.province:
        global PG_URL
        from bench.postgres import database_url, ensure_database

        ensure_database("posyandu_province_bench")
        PG_URL = database_url("posyandu_province_bench")
        run("postgres")
        return
    if args.child:
        run(args.child)
        return
    targets = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for target in targets:
        if target == "postgres":
            _create_pg_database()
        subprocess.run([sys.executable, __file__, "--child", target], check=True, cwd=ROOT)


def _create_pg_database() -> None:
    from bench.postgres import ensure_database

    ensure_database("posyandu_bench")


def run(target: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}" if target == "sqlite" else PG_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from people.models import Person

    if Person.objects.count() < CHILDREN:
        started = time.perf_counter()
        fill()
        seconds = time.perf_counter() - started
        print(f"[{target}] filled {CHILDREN:,} children × {MONTHS} months in {seconds:.0f} s")
    measure(target)


def fill() -> None:
    import numpy as np
    from django.db import transaction

    from growth import anthro
    from growth.weight_gain import kbm_grams
    from people.models import Person, name_key
    from posyandu.models import Posyandu
    from regions.actions import official_regions, sync_regions
    from regions.models import Region
    from rules import months
    from rules.assessment import rule_version
    from rules.screening import DEFAULT_RULES
    from visits.models import Visit, register_rule_versions, rule_version_key

    version = rule_version(DEFAULT_RULES)

    rng = np.random.default_rng(2026)
    sync_regions(None, sorted(official_regions("64.74")))
    desa = list(Region.objects.filter(code__startswith="64.74.", level=4).order_by("code"))
    with transaction.atomic():
        Posyandu.objects.bulk_create(
            [
                Posyandu(code=f"B{i:05d}", name=f"Posyandu {i}", desa=desa[i % len(desa)])
                for i in range(POSYANDU)
            ],
            batch_size=1000,
        )
        posts = list(Posyandu.objects.filter(code__startswith="B").order_by("code"))
        ages = rng.integers(0, 60 * 30, CHILDREN)  # days, today
        sexes = rng.integers(1, 3, CHILDREN)
        people = []
        for i in range(CHILDREN):
            post = posts[i % POSYANDU]
            birth = TODAY - datetime.timedelta(days=int(ages[i]))
            people.append(
                Person(
                    name=f"Anak {i}",
                    name_key=name_key(f"Anak {i}"),
                    sex="L" if sexes[i] == 1 else "P",
                    birth_date=birth,
                    posyandu_id=post.pk,
                    desa_id=post.desa_id,
                    has_kia_book=True,
                )
            )
        Person.objects.bulk_create(people, batch_size=5000)
    # One weighing a month for the last 12 months, from birth on, with a per-child growth track.
    track = rng.normal(-0.8, 1.1, CHILDREN)
    rows: list[tuple[int, int, datetime.date, int]] = []
    for index, person in enumerate(people):
        for back in range(MONTHS, 0, -1):
            day = months.add_months(TODAY, -back).replace(day=10)
            if day > person.birth_date:
                rows.append((index, person.pk, day, (day - person.birth_date).days))
    idx = np.array([r[0] for r in rows])
    age_days = np.array([r[3] for r in rows], dtype=float)
    sex = sexes[idx]
    z = track[idx] + rng.normal(0, 0.25, len(rows))
    # Weight and length from the WHO medians scaled by the child's track (realistic, not exact).
    months_age = age_days / 30.4375
    weight = np.round((3.3 + 0.62 * months_age - 0.0052 * months_age**2) * (1 + 0.1 * z / 1.1), 1)
    length = np.round(50 + 2.6 * months_age - 0.022 * months_age**2 + 2.5 * z, 1)
    measure = np.where(age_days < 731, "l", "h")
    result = anthro.zscores(sex=sex, age=age_days, weight=weight, lenhei=length, measure=measure)
    previous_weight: dict[int, float] = {}
    previous_status: dict[int, str] = {}
    visits = []
    for k, (index, person_id, day, age) in enumerate(rows):
        person = people[index]
        earlier = previous_weight.get(person_id)
        if earlier is None:
            status = "B"
        elif (weight[k] - earlier) * 1000 >= kbm_grams(months.completed_months(person.birth_date, day)):
            status = "N"
        else:
            status = "T"
        waz = float(result.zwei[k])
        flags = [
            n
            for n, f in (("waz", result.fwei[k]), ("haz", result.flen[k]), ("whz", result.fwfl[k]))
            if f == 1
        ]
        visits.append(
            Visit(
                person_id=person_id,
                posyandu_id=person.posyandu_id,
                desa_id=person.desa_id,
                date=day,
                month=day.replace(day=1),
                age_days=age,
                life_stage="bayi" if age < 365 else "balita",
                weight_kg=float(weight[k]),
                length_height_cm=float(length[k]),
                position=str(measure[k]),
                waz=_finite(waz),
                haz=_finite(float(result.zlen[k])),
                whz=_finite(float(result.zwfl[k])),
                flagged=flags,
                needs_remeasure=bool(flags),
                weight_gain=status,
                is_2t=status == "T" and previous_status.get(person_id) == "T",
                is_bgm=waz < -3,
                rule_version_ref_id=rule_version_key(version),
            )
        )
        previous_weight[person_id] = float(weight[k])
        previous_status[person_id] = status
        if len(visits) == 20_000:
            register_rule_versions([version])
            Visit.objects.bulk_create(visits)
            visits = []
    Visit.objects.bulk_create(visits)


def _finite(value: float) -> float | None:
    import math

    return value if math.isfinite(value) else None


def measure(target: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Role, User
    from people.models import Person
    from posyandu.models import Posyandu
    from visits import actions
    from visits.models import OpeningDay, Referral, Visit

    setup_test_environment()
    timezone.localdate = lambda *a, **k: TODAY  # ages and "not in the future" checks use TODAY
    post = Posyandu.objects.order_by("code").first()
    assert post is not None
    kader = User.objects.filter(username="bench_kader").first() or User.objects.create_user(
        "bench_kader", password="x", role=Role.KADER, posyandu=post
    )
    day = OpeningDay.objects.filter(posyandu=post, date=TODAY).first() or actions.open_day(kader, post, TODAY)
    client = Client()
    client.force_login(kader)
    children = list(Person.objects.filter(posyandu=post).values_list("pk", flat=True))
    save_ms: list[float] = []
    page_ms: list[float] = []
    url = reverse("visits:visit_create", args=[day.pk])
    for i in range(SAMPLES):
        person_id = children[i % len(children)]
        started = time.perf_counter()
        response = client.post(
            f"{url}?warga={person_id}", {"weight_kg": "10,4", "length_height_cm": "80,2", "position": "h"}
        )
        save_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.content[:500]
        started = time.perf_counter()
        response = client.get(reverse("people:detail", args=[person_id]))
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    visits = Visit.objects.count()
    people = Person.objects.count()
    print(f"[{target} · {connection.vendor}] {people:,} people, {visits:,} visits, {SAMPLES} samples each")
    for name, values in (("save a visit", save_ms), ("open a child's page", page_ms)):
        p95 = statistics.quantiles(values, n=20)[18]
        verdict = "OK" if p95 < 150 else "SLOW"
        p50 = statistics.median(values)
        print(f"  {name:<20} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (target p95 < 150 ms: {verdict})")
    # Leave the data set as it was, so the next run measures the same thing.
    Referral.objects.filter(visit__opening_day=day).delete()
    Visit.objects.filter(opening_day=day).delete()


if __name__ == "__main__":
    main()
