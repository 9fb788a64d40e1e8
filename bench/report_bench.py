"""Are imports and reports fast enough at kabupaten scale? Builds the data set of `bench/make_data.py`
(1,000 posyandu, 100,000 children, 12 months, about 1.2 million visits), then prints:

- campaign import throughput for a 50,000-row sheet, end to end: the check (parsing and validating every row
  against the register) and the import (resting on the check's kept result, z-scores over arrays, weight
  gain, bulk writes), target ≥ 5,000 rows/s; and the same when the register changed between check and
  import, so that the import checks the sheet again;
- p50/p95 response time of the kabupaten dashboard, the SKDN rollup and the prevalence page through Django's
  test client, target p95 < 500 ms;
- p50/p95 of the public pages (issue 17, no login) of the kabupaten and of a kecamatan, cold (Django's cache
  emptied before each request, so the figures are built again) and warm (the page from the cache, as
  for a shared link), target p95 < 300 ms.

    .venv/bin/python bench/report_bench.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/report_bench.py --database sqlite
    .venv/bin/python bench/report_bench.py --database postgres --public-only --small   # a quick check

`--small` builds (and keeps) a data set of 40 posyandu and 3,000 children in databases of its own
(`posyandu_report_bench_small`); `--public-only` times only the public pages.

`--scale province` (PostgreSQL only) builds (and keeps) the province data set of `bench/make_data.py` in
`posyandu_province_bench` (Kalimantan Timur: 10,000 posyandu, 1,000,000 children, about 12 million visits;
`--children N` for a smaller one, in a database of its own), times the 50,000-row import into its
largest kabupaten and the refresh after it (`--no-import` leaves them out), and times, for a province, a
kabupaten and a kecamatan officer, the dashboard, the SKDN rollup, prevalence, data quality, the rakor
agenda (a planned rakor of the area's Tim Pembina: its indicators and problems) and the strata summary
(pages that keep what they computed until the data changes print their first, cold request too), then saving a
visit (`bench/visit_bench.py`): targets p95 < 500 ms at province level, < 300 ms at kabupaten level and
below, and < 150 ms for a save.

    .venv/bin/python bench/report_bench.py --scale province

PostgreSQL: the script starts the local cluster if it is down (`bench/postgres.py`) and creates the database
`posyandu_report_bench` (role posyandu/posyandu, as .ci/run creates it). The filled databases are kept (SQLite
in /tmp), so a second run only times; each run imports into a new campaign.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, `bench` among them
SQLITE_PATH = Path("/tmp/posyandu_report_bench.sqlite3")
PG_NAME = "posyandu_report_bench"
PG_URL = f"postgres://posyandu:posyandu@127.0.0.1:5432/{PG_NAME}"
SAMPLES = 30
SMALL_POSYANDU, SMALL_CHILDREN = 40, 3000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--public-only", action="store_true", help="time only the public pages")
    parser.add_argument("--small", action="store_true", help="40 posyandu, 3,000 children, own databases")
    parser.add_argument("--scale", choices=["kabupaten", "province"], default="kabupaten")
    parser.add_argument("--children", type=int, default=1_000_000, help="province scale: children")
    parser.add_argument("--no-import", action="store_true", help="province scale: time only the pages")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale == "province":
        province_bench(args.children, skip_import=args.no_import)
        return
    if args.small:
        global SQLITE_PATH, PG_URL, PG_NAME
        SQLITE_PATH = SQLITE_PATH.with_name("posyandu_report_bench_small.sqlite3")
        PG_NAME = "posyandu_report_bench_small"
        PG_URL = PG_URL.rsplit("/", 1)[0] + f"/{PG_NAME}"
    if args.child:
        run(args.child, public_only=args.public_only, small=args.small)
        return
    flags = [f for f, on in (("--public-only", args.public_only), ("--small", args.small)) if on]
    for target in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        if target == "postgres":
            _create_pg_database()
        subprocess.run([sys.executable, __file__, "--child", target, *flags], check=True, cwd=ROOT)


def _create_pg_database() -> None:
    from bench.postgres import ensure_database

    ensure_database(PG_NAME)


def run(target: str, *, public_only: bool = False, small: bool = False) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}" if target == "sqlite" else PG_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Tasks are run by hand here, so the import is timed alone (the full-history refresh it queues after
    # creating children is timed separately).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.make_data import make_dataset

    data = make_dataset(SMALL_POSYANDU, SMALL_CHILDREN) if small else make_dataset()
    what = f"{data.posyandu:,} posyandu, {data.children:,} children, {data.visits:,} visits"
    if data.built:
        print(f"[{target}] built {what} in {data.seconds:.0f} s")
    else:
        print(f"[{target}] data set present: {what}")
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the pages answer as in a test: ALLOWED_HOSTS for the test client
    if not public_only:
        time_import(target, data.kabkota)
        time_pages(target, data.kabkota)
    time_public_pages(target, data.kabkota)


def _officer(kabkota: str) -> object:
    from accounts.actions import create_user
    from accounts.models import Role, User
    from regions.models import Region

    user = User.objects.filter(username="bench.kabupaten").first()
    if user is None:
        user = create_user(
            None,
            username="bench.kabupaten",
            password="x-bench-123",
            role=Role.POKJANAL_KABKOTA,
            region=Region.objects.get(code=kabkota),
        )
    return user


def sheet(kabkota: str, today: datetime.date) -> bytes:
    """50,000 rows: 45,000 children of the register (half found by NIK, half by name and date of birth),
    4,000 new children, and 1,000 rows with a mistake."""
    import numpy as np

    from bench.make_data import bench_name, bench_nik
    from campaigns.imports.read import COLUMNS
    from growth.curves import values_at_z
    from people.models import Person
    from regions.codes import within_q

    rng = np.random.default_rng(7)
    children = list(
        Person.objects.filter(
            within_q("desa_id", kabkota),
            birth_date__gt=today - datetime.timedelta(days=59 * 30),
            birth_date__lt=today - datetime.timedelta(days=30),
        )
        .order_by("pk")
        .values_list("name", "nik", "sex", "birth_date", "posyandu__code")[:45_000]
    )
    codes = [c for *_rest, c in children[:1000]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.label for c in COLUMNS])
    day = today.replace(day=min(today.day, 20))
    rows = []
    for name, nik, sex, born, code in children:
        rows.append((code, nik or "", name, sex, born))
    for i in range(4000):
        born = today - datetime.timedelta(days=int(rng.integers(30, 58 * 30)))
        rows.append(
            (
                codes[i % len(codes)],
                bench_nik("99.99", 500_000 + i),
                f"Baru {bench_name(i)}",
                "LP"[i % 2],
                born,
            )
        )
    for name_code, nik, name, sex, born in rows:
        age = (day - born).days
        z = rng.normal(-1.0, 1.0)
        length = round(float(values_at_z("lhfa", 1 if sex == "L" else 2, age, z)[0]), 1)
        position = "l" if age < 731 else "h"
        weight = float(
            values_at_z(
                "wflh",
                1 if sex == "L" else 2,
                min(max(length, 65.0 if position == "h" else 45.0), 110.0),
                rng.normal(-0.3, 0.9),
                measure=position,
            )[0]
        )
        writer.writerow([name_code, nik, name, sex, f"{born:%d-%m-%Y}", "", "", "", "", "Ya",
                         f"{day:%d-%m-%Y}",
                         f"{weight:.1f}".replace(".", ","), f"{length:.1f}".replace(".", ","),
                         "Berbaring" if position == "l" else "Berdiri", ""])  # fmt: skip
    for i in range(1000):
        writer.writerow(
            [
                codes[i % len(codes)],
                "",
                f"Salah {i}",
                "X",
                "31-02-2025",
                "",
                "",
                "",
                "",
                "",
                f"{day:%d-%m-%Y}",
                "abc",
                "",
                "",
                "",
            ]
        )
    return out.getvalue().encode()


def _forget_earlier_imports(kabkota: str) -> None:
    """Removes what an earlier run imported (its campaigns' visits and the children they created), since the
    sheet is the same each run and a visit already stored would only be skipped."""
    from campaigns.models import Campaign, ImportJob
    from people.models import Person
    from visits.models import Referral, Visit

    earlier = Campaign.objects.filter(region_id=kabkota, name__startswith="Bench ")
    if not earlier.exists():
        return
    Referral.objects.filter(visit__campaign__in=earlier).delete()
    Visit.objects.filter(campaign__in=earlier).delete()
    Person.objects.filter(nik__startswith="999999").delete()  # the sheet's new children (bench_nik "99.99")
    ImportJob.objects.filter(campaign__in=earlier).delete()
    earlier.delete()
    from django.db import connection

    if connection.vendor == "postgresql":  # the deleted rows' space and fresh statistics, as autovacuum would
        with connection.cursor() as cursor:
            for model in (Referral, Visit, Person):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def time_import(target: str, kabkota: str) -> None:
    from django.utils import timezone

    from bench.make_data import TODAY
    from campaigns import actions, tasks
    from campaigns.imports import check as checking
    from campaigns.models import Campaign, ImportJob
    from regions.models import Region

    officer = _officer(kabkota)
    region = Region.objects.get(code=kabkota)
    _forget_earlier_imports(kabkota)
    campaign = actions.create_campaign(
        officer,  # type: ignore[arg-type]
        name=f"Bench {timezone.now():%Y%m%d%H%M%S}",
        kind="operasi_timbang",
        region=region,
        start_date=TODAY.replace(day=1),
        end_date=TODAY,
        target_groups=["balita"],
    )
    content = sheet(kabkota, TODAY)
    rows = content.count(b"\n") - 1  # 50,000 unless the area has fewer than 45,000 children under five
    started = time.perf_counter()
    job = actions.upload_sheet(officer, campaign, name="operasi-timbang.csv", content=content)  # type: ignore[arg-type]
    tasks.check_job(job.pk, today=TODAY)
    check = time.perf_counter() - started
    started = time.perf_counter()
    with tasks.bulk_work():  # what the import does when the register changed since the check
        checking.check_rows(officer, campaign, "operasi-timbang.csv", content, today=TODAY)  # type: ignore[arg-type]
    check_again = time.perf_counter() - started
    started = time.perf_counter()
    job.refresh_from_db()
    actions.start_import(officer, job, mode="valid_rows")  # type: ignore[arg-type]
    job = tasks.import_job(job.pk, today=TODAY)
    imported = time.perf_counter() - started
    print(
        f"[{target}] import of {rows:,} rows: check {check:.1f} s ({rows / check:,.0f} rows/s); "
        f"import {imported:.1f} s ({rows / imported:,.0f} rows/s); "
        f"end to end {rows / (check + imported):,.0f} rows/s — target ≥ 5,000 rows/s"
    )
    print(
        f"[{target}]   when the register changed between check and import (the import checks again, "
        f"{check_again:.1f} s): end to end {rows / (check + check_again + imported):,.0f} rows/s"
    )
    print(
        f"[{target}]   {job.status}: {job.stored_visits:,} visits, {job.created_people:,} new children, "
        f"{job.matched_people:,} matched, {job.error_rows:,} rows with errors"
    )
    # What the worker does after it (campaigns.tasks._queue_figures): the months the sheet wrote, then,
    # since it registered new children, the whole history.
    written = sorted(set(campaign.visits.values_list("posyandu_id", flat=True)))
    touched = sorted({f"{m:%Y-%m-%d}" for m in campaign.visits.values_list("month", flat=True).distinct()})
    started = time.perf_counter()
    tasks.refresh_figures_of(written, touched)
    fresh = time.perf_counter() - started
    started = time.perf_counter()
    tasks.refresh_figures_of(written, [])
    print(
        f"[{target}]   background refresh of the report figures of {len(written):,} posyandu afterwards: "
        f"the months written ({', '.join(touched)}) {fresh:.1f} s — target 30 s; then the whole history "
        f"(S of earlier months, with the new children) {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    again = actions.upload_sheet(officer, campaign, name="operasi-timbang-lagi.csv", content=content)  # type: ignore[arg-type]
    print(
        f"[{target}]   the same file again: {again.status} in {time.perf_counter() - started:.2f} s, "
        f"visits stored: {campaign.visits.count():,}"
    )
    assert (
        ImportJob.objects.filter(pk=again.pk, status="duplicate").exists()
        and Campaign.objects.filter(pk=campaign.pk).exists()
    )


def _warm_up(client: Client, url: str) -> float:
    """Requests url once, so that the timed requests find the templates loaded; fails unless it answers 200.
    Returns the milliseconds that first request took."""
    started = time.perf_counter()
    response = client.get(url)
    first_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return first_ms


def _timed(
    client: Client, url: str, *, before_each: Callable[[], object] | None = None
) -> tuple[float, float]:
    """p50 and p95 in milliseconds of SAMPLES requests of url; before_each, if given, runs (untimed) before
    every request."""
    times = []
    for _ in range(SAMPLES):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def time_pages(target: str, kabkota: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(_officer(kabkota))  # type: ignore[arg-type]
    pages = {
        "dashboard (kabupaten)": "/",
        "SKDN rollup (kabupaten)": f"/laporan/skdn/?wilayah={kabkota}",
        "prevalence (kabupaten)": f"/laporan/prevalensi/?wilayah={kabkota}",
        "SKDN Excel (kabupaten)": f"/laporan/skdn/?wilayah={kabkota}&format=xlsx",
        "data quality ranking": f"/laporan/kualitas-data/?wilayah={kabkota}",
    }
    for label, url in pages.items():
        _warm_up(client, url)  # and the refresh of anything written above
        p50, p95 = _timed(client, url)
        print(f"[{target}] {label:<26} p50 {p50:6.0f} ms   p95 {p95:6.0f} ms (target p95 < 500 ms)")


def time_public_pages(target: str, kabkota: str) -> None:
    """The public pages as a visitor opens them (no login): cold, the figures built again for each request
    (Django's cache emptied first), and warm, from the cache as for a link shared in a village."""
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    from public.actions import set_public
    from public.models import is_public
    from regions.models import Level, Region

    client = Client()
    kecamatan = Region.objects.filter(parent_id=kabkota, level=Level.KECAMATAN).order_by("code").first()
    if kecamatan is not None and not is_public(kecamatan):  # off by default: its officer turns it on
        with transaction.atomic():
            set_public(_officer(kabkota), kecamatan, is_public=True)  # type: ignore[arg-type]
    pages = {"public page (kabupaten)": f"/publik/wilayah/?wilayah={kabkota}"}
    if kecamatan is not None:
        pages["public page (kecamatan)"] = f"/publik/wilayah/?wilayah={kecamatan.code}"
    for label, url in pages.items():
        _warm_up(client, url)  # once for both states
        for state, before_each in (("cold", cache.clear), ("warm", None)):
            p50, p95 = _timed(client, url, before_each=before_each)
            print(
                f"[{target}] {label + ', ' + state:<32} p50 {p50:6.0f} ms   "
                f"p95 {p95:6.0f} ms (target p95 < 300 ms)"
            )


PROVINCE_DB = "posyandu_province_bench"
PROVINCE_TARGET_MS = {1: 500, 2: 300, 3: 300}  # region level of the officer → p95 target


def province_database(children: int) -> str:
    """The database of the province data set of `children` children: the 1M set, or a smaller one's own."""
    return PROVINCE_DB if children == 1_000_000 else f"{PROVINCE_DB}_{children}"


def province_bench(children: int, *, skip_import: bool = False) -> None:
    from bench.postgres import database_url, ensure_database

    name = province_database(children)
    ensure_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.core.management import call_command
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from bench.make_data import PROVINCE, TODAY, make_province

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = make_province(
        children=children, posyandu=max(1, children // 100), drop_indexes=True, progress=True
    )
    what = f"{built.posyandu:,} posyandu, {built.children:,} children, {built.visits:,} visits"
    if built.built:
        print(f"[postgres] built {what} in {time.perf_counter() - started:.0f} s: {built.seconds}")
    else:
        print(f"[postgres] data set present: {what}")
    setup_test_environment()
    timezone.localdate = lambda *a, **k: TODAY  # the data set's today: its months, facts and figures
    areas = _province_areas(PROVINCE)
    if not skip_import:
        time_import("postgres", areas[1])  # into the kabupaten with most posyandu, 12 million visits stored
    for code in areas:
        time_area_pages(code)
    from django.test.utils import teardown_test_environment

    from bench import visit_bench

    teardown_test_environment()  # visit_bench sets it up again
    visit_bench.measure("postgres")


def _province_areas(province: str) -> list[str]:
    """The province, its kabupaten/kota with the most posyandu, and that one's kecamatan with the most."""
    from django.db.models import Count
    from django.db.models.functions import Left

    from posyandu.models import Posyandu
    from regions.codes import within_q

    def biggest(prefix: str, length: int) -> str:
        counts = (
            Posyandu.objects.filter(within_q("desa_id", prefix))
            .annotate(area=Left("desa_id", length))
            .values("area")
            .annotate(n=Count("id"))
            .order_by("-n", "area")
        )
        return str(counts[0]["area"])

    kabupaten = biggest(province, 5)
    return [province, kabupaten, biggest(kabupaten, 8)]


def _area_officer(code: str) -> object:
    from accounts.actions import create_user
    from accounts.models import Role, User
    from regions.models import Region

    region = Region.objects.get(code=code)
    role = {1: Role.POKJANAL_PROVINSI, 2: Role.POKJANAL_KABKOTA, 3: Role.POKJANAL_KECAMATAN}[region.level]
    username = f"bench.{code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(None, username=username, password="x-bench-123", role=role, region=region)
    return user


def _planned_rakor(officer: object, code: str) -> int:
    """A planned rakor of the area's Tim Pembina (created once): its page builds the agenda live."""
    from django.db import transaction
    from django.utils import timezone

    from pokjanal.actions.bodies import create_body
    from pokjanal.actions.rakor import plan_rakor
    from pokjanal.models import Body, Rakor
    from regions.models import Region

    rakor = Rakor.objects.filter(body__region_id=code, title="Bench rakor").first()
    if rakor is not None:
        return rakor.pk
    with transaction.atomic():
        body = Body.objects.filter(region_id=code).first() or create_body(
            officer,  # type: ignore[arg-type]
            region=Region.objects.get(code=code),
            name=f"Tim Pembina Posyandu {code}",
        )
        rakor = plan_rakor(
            officer,  # type: ignore[arg-type]
            body,
            title="Bench rakor",
            starts_at=timezone.now() + datetime.timedelta(days=7),
            place="Aula",
        )
    return rakor.pk


def time_area_pages(code: str) -> None:
    from django.test import Client

    from regions.models import Region

    level = Region.objects.get(code=code).level
    name = {1: "province", 2: "kabupaten", 3: "kecamatan"}[level]
    officer = _area_officer(code)
    rakor = _planned_rakor(officer, code)
    client = Client()
    client.force_login(officer)  # type: ignore[arg-type]
    target = PROVINCE_TARGET_MS[level]
    pages = {
        "dashboard": "/",
        "SKDN rollup": f"/laporan/skdn/?wilayah={code}",
        "prevalence": f"/laporan/prevalensi/?wilayah={code}",
        "data quality": f"/laporan/kualitas-data/?wilayah={code}",
        "rakor agenda": f"/pokjanal/rakor/{rakor}/",
        "strata summary": f"/pokjanal/strata/?wilayah={code}",
    }
    for label, url in pages.items():
        first = _warm_up(client, url)  # and the kept facts of anything written since
        p50, p95 = _timed(client, url)
        verdict = "OK" if p95 < target else "SLOW"
        print(
            f"[postgres] {name} {code:<8} {label:<15} first {first:7.0f} ms   "
            f"p50 {p50:6.0f} ms   p95 {p95:6.0f} ms (target p95 < {target} ms: {verdict})",
            flush=True,
        )


if __name__ == "__main__":
    main()
