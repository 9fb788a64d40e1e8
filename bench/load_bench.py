"""Does the production server hold on a campaign day? 200 kader log in (two a second), each opens her
posyandu's day and serves 40 visitors, finding each child by name or registering a new one, then saving the
weighing; meanwhile 20 officers of the Tim Pembina read dashboards and reports. Driven by locust (headless,
`bench/locustfile.py`) against gunicorn with `config/gunicorn.conf.py` and its task worker, on PostgreSQL
with the demo data, run as the README's "Production" section says (DEBUG off, behind a TLS proxy).

Prints requests per second, p50/p95/p99 and failures per kind of request, then checks in the database that
exactly the visits the kader were told were saved are stored, each once, and prints PASS/FAIL for: no failed
request, every planned visit saved, no lost visit or child, no duplicated visit or child, p95 of saving a
visit under 500 ms.

    .venv/bin/python bench/load_bench.py            # 200 kader + 20 officers, 40 visitors each
    .venv/bin/python bench/load_bench.py --reuse    # skip re-creating and seeding the database (minutes)
    .venv/bin/python bench/load_bench.py --reuse --kader 20 --officers 2 --visitors 10 --think 1   # quick

`--think` is a kader's mean pause between steps in seconds (the next visitor steps up, typing, weighing:
about 2.3 pauses per visitor). On a real campaign morning 200 kader serve 8,000 visitors in about three hours;
the default of 20 s makes that about 35 minutes when the server keeps up, some five to six times a real
day's rate (`--think 5`: about ten minutes, twenty times the rate, saturates this 2-core machine); a saturated
server stretches the run (locust stops it after --max-minutes). The demo's posyandu have 10-40
children under five: each kader weighs those of her posyandu not yet weighed today (one kader per posyandu,
`--per-posyandu N` to have N share a day) and registers the rest of her 40 as new children (at least 25 %).

PostgreSQL: the script starts the local cluster (`pg_ctlcluster --skip-systemctl-redirect 15 main start`) and
creates the database `posyandu_loadbench` (role posyandu/posyandu, as .ci/run creates it): migrate,
load_regions, import_boundaries of data/geo, seed_demo (as `make demo` does). With `--reuse` the
seeded database is kept; each run adds its visits (today's date) and registers new children, and picks
children not yet weighed today. The bench logins (`loadbench.kader.NNN`, `loadbench.officer.NN`) are created
through `accounts.actions.create_user` and kept. Logs of gunicorn and the task worker are left in
/tmp/posyandu_loadbench/.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "posyandu_loadbench"
PG_URL = f"postgres://posyandu:posyandu@127.0.0.1:5432/{DB_NAME}"
WORK = Path("/tmp/posyandu_loadbench")
GEO_DIR = ROOT / "data" / "geo"
PASSWORD = "loadbench-Timbang-serentak"  # the bench's own logins, on the bench's own database
KINDS = [
    "login page",
    "login",
    "open day",
    "day page",
    "search",
    "register form",
    "register",
    "visit form",
    "save visit",
    "visit result",
    "dashboard",
    "report",
]
SAVE_P95_TARGET_MS = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kader", type=int, default=200, help="simulated kader (default 200)")
    parser.add_argument("--officers", type=int, default=20, help="simulated officers (default 20)")
    parser.add_argument("--visitors", type=int, default=40, help="visitors each kader serves (default 40)")
    parser.add_argument(
        "--new-share", type=float, default=0.25, help="share of visitors registered new (at least)"
    )
    parser.add_argument("--per-posyandu", type=int, default=1, help="kader sharing one posyandu's day")
    parser.add_argument("--think", type=float, default=20.0, help="mean pause between steps, seconds")
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users logging in per second")
    parser.add_argument("--max-minutes", type=int, default=45, help="stop locust after this long anyway")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database of an earlier run")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--child", choices=["setup", "verify"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _django()
        setup(args) if args.child == "setup" else verify()
        return
    run(args)


def run(args: argparse.Namespace) -> None:
    WORK.mkdir(exist_ok=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before the run: {load} ({os.cpu_count()} cores, shared with whatever else runs)")
    prepare_database(reuse=args.reuse)
    started = time.perf_counter()
    child = [sys.executable, __file__, "--child", "setup", *_passed(args)]
    subprocess.run(child, check=True, cwd=ROOT, env={**os.environ, **_dev_env()})
    print(f"bench logins and plan ready in {time.perf_counter() - started:.0f} s")
    env = _production_env()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], check=True, cwd=ROOT, env=env)
    port = _free_port()
    server_env = {**env, "BIND": f"127.0.0.1:{port}"}
    if args.workers:
        server_env["WEB_CONCURRENCY"] = str(args.workers)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = [
        _start([gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi"], server_env, "gunicorn"),
        _start([*manage, "db_worker", "--queue-name", "*"], env, "worker"),
    ]
    try:
        host = f"http://127.0.0.1:{port}"
        _wait_for(host)
        users = args.kader + args.officers
        print(f"locust: {args.kader} kader + {args.officers} officers against gunicorn at {host}")
        locust = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(args.spawn_rate),
            "--run-time",
            f"{args.max_minutes}m",
            "--host",
            host,
            "--loglevel",
            "WARNING",
        ]
        bench_env = {
            **os.environ,
            "LOADBENCH_PLAN": str(WORK / "plan.json"),
            "LOADBENCH_RESULTS": str(WORK / "results.json"),
        }
        meter = CpuMeter({"gunicorn": processes[0].pid, "task worker": processes[1].pid})
        with open(WORK / "locust.log", "wb") as log, meter:
            subprocess.run(locust, cwd=ROOT, env=bench_env, check=False, stdout=log, stderr=subprocess.STDOUT)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    results = json.loads((WORK / "results.json").read_text())
    report_timings(results)
    meter.report()
    verdict = subprocess.run(
        [sys.executable, __file__, "--child", "verify"],
        cwd=ROOT,
        env={**os.environ, **_dev_env()},
        capture_output=True,
        text=True,
        check=True,
    )
    print(verdict.stdout, end="")
    checks = json.loads((WORK / "verdict.json").read_text())
    save_p95 = _percentiles(results["timings"].get("save visit", []))[1]
    failed = sum(len(v) for v in results["failures"].values())
    print()
    _check(failed == 0, f"0 failed requests ({failed})")
    planned, confirmed = checks["planned"], checks["confirmed"]
    _check(planned == confirmed, f"every planned visit saved ({confirmed:,} of {planned:,})")
    _check(checks["lost"] == 0, f"0 lost visits or children ({checks['lost']})")
    _check(checks["duplicated"] == 0, f"0 duplicated visits or children ({checks['duplicated']})")
    target = SAVE_P95_TARGET_MS
    _check(save_p95 < target, f"p95 of saving a visit < {target} ms ({save_p95:.0f} ms)")
    print(f"logs: {WORK}/gunicorn.log, worker.log, locust.log")


class CpuMeter:
    """CPU seconds each part of the bench used on this machine while locust ran: where the cores went.

    Samples every process of each part (gunicorn's workers come and go with max_requests) and keeps each
    process's last reading, so a recycled worker's CPU is counted too."""

    def __init__(self, roots: dict[str, int]) -> None:
        import psutil  # type: ignore[import-untyped]  # locust's own dependency, without stubs

        self.psutil = psutil
        self.roots = roots
        parts = [*roots, "PostgreSQL", "locust", "other"]
        self.seen: dict[str, dict[int, float]] = {name: {} for name in parts}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> CpuMeter:
        self.started = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.seconds = time.perf_counter() - self.started

    def _part(self, process: Any, tree: dict[int, str]) -> str:
        if process.pid in tree:
            return tree[process.pid]
        name = process.name()
        if name.startswith("postgres"):
            return "PostgreSQL"
        if "locust" in " ".join(process.cmdline()[:2]):
            return "locust"
        return "other"

    def _sample(self) -> None:
        psutil = self.psutil
        me = os.getpid()
        start = {p.pid: sum(p.cpu_times()[:2]) for p in psutil.process_iter() if p.pid != me}
        while True:
            tree = {}
            for name, pid in self.roots.items():
                try:
                    root = psutil.Process(pid)
                    tree.update({p.pid: name for p in [root, *root.children(recursive=True)]})
                except psutil.NoSuchProcess:
                    continue
            for process in psutil.process_iter():
                try:
                    used = sum(process.cpu_times()[:2]) - start.get(process.pid, 0.0)
                    if process.pid != me and used > 0:
                        self.seen[self._part(process, tree)][process.pid] = used
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
            if self.stop.wait(2.0):
                return

    def report(self) -> None:
        cores = os.cpu_count() or 1
        capacity = self.seconds * cores
        print(f"\nCPU used while locust ran ({self.seconds:.0f} s × {cores} cores = {capacity:.0f} s):")
        for name, used in self.seen.items():
            total = sum(used.values())
            print(f"  {name:<12} {total:8.0f} s  {100 * total / capacity:5.1f} %")


def _check(ok: bool, what: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {what}")


def _passed(args: argparse.Namespace) -> list[str]:
    return [
        f"--kader={args.kader}",
        f"--officers={args.officers}",
        f"--visitors={args.visitors}",
        f"--new-share={args.new_share}",
        f"--per-posyandu={args.per_posyandu}",
        f"--think={args.think}",
        f"--seed={args.seed}",
    ]


def _dev_env() -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": "config.settings_dev", "DATABASE_URL": PG_URL}


def _production_env() -> dict[str, str]:
    """The README's "Production" environment (DEBUG unset, so off), on this machine."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": PG_URL,
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
    }


def _psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["su", "postgres", "-c", f'psql -qtAc "{sql}" {database}'], capture_output=True, text=True
    )
    return done.stdout.strip()


def prepare_database(*, reuse: bool) -> None:
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
    subprocess.run(cluster, capture_output=True, check=False)  # "already running" is fine
    if _psql("SELECT 1 FROM pg_roles WHERE rolname='posyandu'") != "1":
        _psql("CREATE ROLE posyandu LOGIN SUPERUSER PASSWORD 'posyandu'")
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'") == "1"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": PG_URL}
    manage = [sys.executable, "manage.py"]
    if reuse and exists:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT, env=env)
        print(f"database {DB_NAME}: reused")
        return
    started = time.perf_counter()
    if exists:
        subprocess.run(["su", "postgres", "-c", f"dropdb {DB_NAME}"], check=True)
    subprocess.run(["su", "postgres", "-c", f"createdb -O posyandu {DB_NAME}"], check=True)
    print(f"database {DB_NAME}: created; migrating and seeding the demo data (several minutes)")
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT, env=env)
    subprocess.run([*manage, "load_regions"], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    boundaries = [*manage, "import_boundaries", str(GEO_DIR)]
    subprocess.run(boundaries, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "seed_demo"], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    print(f"database {DB_NAME}: seeded in {time.perf_counter() - started:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(command: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    log = open(WORK / f"{name}.log", "wb")  # noqa: SIM115  # kept open for the process's life
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_for(host: str) -> None:
    """Wait until gunicorn answers, then warm its workers up (each imports the views and compiles the
    templates on its first request), so the figures are those of a running server, not of its start."""
    request = urllib.request.Request(f"{host}/masuk/", headers={"X-Forwarded-Proto": "https"})

    def fetch(_: object = None) -> None:
        with urllib.request.urlopen(request, timeout=60):  # the local bench server
            pass

    for _ in range(300):
        try:
            fetch()
            break
        except OSError:
            time.sleep(0.2)
    else:
        raise SystemExit(f"gunicorn did not answer; see {WORK}/gunicorn.log")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, range(40)))


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        return (values[0], values[0], values[0])
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return (cuts[49], cuts[94], cuts[98])


def report_timings(results: dict[str, Any]) -> None:
    timings: dict[str, list[float]] = results["timings"]
    failures: dict[str, list[str]] = results["failures"]
    total = sum(len(v) for v in timings.values())
    seconds = results["seconds"]
    print(f"\n{total:,} requests in {seconds:.0f} s: {total / seconds:.1f} requests/s")
    print(f"{'request':<14} {'count':>7} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in [*KINDS, *sorted(set(timings) - set(KINDS))]:
        values = timings.get(kind, [])
        if not values:
            continue
        p50, p95, p99 = _percentiles(values)
        failed = len(failures.get(kind, []))
        print(f"{kind:<14} {len(values):>7,} {failed:>7,} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f}")
    for kind, messages in failures.items():
        shown = sorted(set(messages))[:5]
        print(f"failed {kind}: " + " | ".join(shown))


# The Django side: bench logins and the plan before the run, the database's verdict after it.


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def setup(args: argparse.Namespace) -> None:
    """Create the bench logins and write the plan: each kader's posyandu and visitors (children of her
    posyandu not yet weighed today, found by their name, and new children to register), with plausible
    measurements."""
    import datetime
    import io
    import random

    from django.core.management import call_command
    from django.db.models import Max
    from django.utils import timezone

    from accounts.actions import create_user
    from accounts.models import Role, User
    from demo import names
    from demo.builder import SEED_REGIONS
    from monthly.models import MonthlyReport
    from people.models import Person
    from posyandu.models import Posyandu
    from regions.models import Region
    from rules.months import month_start
    from visits.models import Visit

    rng = random.Random(args.seed)
    fresh = random.Random(args.seed + (Visit.objects.aggregate(m=Max("pk"))["m"] or 0))
    today = timezone.localdate()
    call_command("axes_reset", stdout=io.StringIO())  # no lock left by an earlier, broken run
    new_count = round(args.visitors * args.new_share)
    known_count = args.visitors - new_count
    this_month = MonthlyReport.objects.filter(month=month_start(today))
    locked = set(this_month.reported().values_list("posyandu_id", flat=True))
    weighed = set(Visit.objects.filter(date=today).values_list("person_id", flat=True))
    children: dict[int, list[tuple[int, str, str, datetime.date]]] = {}
    names_at: dict[int, list[str]] = {}
    youngest = today - datetime.timedelta(days=31)
    for pk, name, sex, born, posyandu_id in (
        Person.objects.current()
        .under_five(today)
        .filter(posyandu__status="active", birth_date__lte=youngest)
        .order_by("pk")
        .values_list("pk", "name", "sex", "birth_date", "posyandu_id")
    ):
        if posyandu_id is not None and posyandu_id not in locked and pk not in weighed:
            children.setdefault(posyandu_id, []).append((pk, name, sex, born))
    for name, posyandu_id in Person.objects.current().values_list("name", "posyandu_id"):
        names_at.setdefault(posyandu_id, []).append(name.lower())

    def findable(posyandu_id: int) -> list[tuple[int, str, str, datetime.date]]:
        # The visit search lists 20 of the posyandu's people: a name inside more than 20 is typed longer.
        at = names_at[posyandu_id]
        return [c for c in children[posyandu_id] if sum(c[1].lower() in n for n in at) <= 20]

    kader_users = {u.username: u for u in User.objects.filter(username__startswith="loadbench.kader.")}
    pools: dict[int, list[tuple[int, str, str, datetime.date]]] = {}

    def pool_of(posyandu_id: int) -> list[tuple[int, str, str, datetime.date]]:
        if posyandu_id not in pools:
            pools[posyandu_id] = findable(posyandu_id) if posyandu_id in children else []
            rng.shuffle(pools[posyandu_id])
        return pools[posyandu_id]

    # New bench kader go to the posyandu with the most children (kept for later runs); several kader of one
    # posyandu (--per-posyandu) share its children and its day.
    held = {u.posyandu_id for u in kader_users.values()}
    slots = [
        posyandu_id
        for posyandu_id in sorted(children, key=lambda p: (-len(children[p]), p))[: args.kader]
        if posyandu_id not in held
        for _ in range(args.per_posyandu)
    ]
    plan_kader: list[dict[str, Any]] = []
    for i in range(args.kader):
        username = f"loadbench.kader.{i + 1:03d}"
        user = kader_users.get(username)
        if user is None:
            if not slots:
                raise SystemExit("the demo data has too few posyandu for this many kader")
            posyandu = Posyandu.objects.get(pk=slots.pop(0))
            user = create_user(
                None,
                username=username,
                password=PASSWORD,
                role=Role.KADER,
                full_name=f"Kader Uji {i + 1}",
                posyandu=posyandu,
            )
        assert user.posyandu_id is not None
        # Her posyandu's children not yet weighed today come first; the others are new to the register.
        pool = pool_of(user.posyandu_id)
        known = [pool.pop() for _ in range(min(known_count, len(pool)))]
        visitors = [_visitor(rng, today, pk=pk, name=n, sex=s, born=b) for pk, n, s, b in known]
        for _ in range(args.visitors - len(known)):  # names and birth dates differ from earlier runs
            sex = fresh.choice("LP")
            given = fresh.choice(names.MALE_GIVEN if sex == "L" else names.FEMALE_GIVEN)
            name = f"{given} {fresh.choice(names.FAMILY)}"
            born = today - datetime.timedelta(days=fresh.randint(35, 58 * 30))
            visitors.append(_visitor(rng, today, pk=None, name=name, sex=sex, born=born))
        rng.shuffle(visitors)
        plan_kader.append({"username": username, "posyandu_id": user.posyandu_id, "visitors": visitors})
    plan_officers = []
    used = {plan["posyandu_id"] for plan in plan_kader}
    parents = Posyandu.objects.filter(pk__in=used).values_list("desa__parent_id", flat=True)
    kecamatan_codes = sorted({code for code in parents if code})
    for i in range(args.officers):
        username = f"loadbench.officer.{i + 1:02d}"
        if not User.objects.filter(username=username).exists():
            if i < len(SEED_REGIONS):
                role, region = Role.POKJANAL_KABKOTA, Region.objects.get(code=SEED_REGIONS[i])
            else:
                role = Role.POKJANAL_KECAMATAN
                region = Region.objects.get(code=kecamatan_codes[i % len(kecamatan_codes)])
            create_user(None, username=username, password=PASSWORD, role=role, region=region)
        plan_officers.append({"username": username})
    # Logins kept from a run under an older password hasher: checking the password stores it again with
    # today's (as their first login would), so that every run's logins cost what a current login costs.
    for user in User.objects.filter(username__startswith="loadbench."):
        user.check_password(PASSWORD)
    plan = {
        "think_seconds": args.think,
        "password": PASSWORD,
        "today": today.isoformat(),
        "kader_count": len(plan_kader),
        "officer_count": len(plan_officers),
        "kader": plan_kader,
        "officers": plan_officers,
        "started": timezone.now().isoformat(),
        "last_visit_pk": Visit.objects.aggregate(m=Max("pk"))["m"] or 0,
        "last_person_pk": Person.objects.aggregate(m=Max("pk"))["m"] or 0,
    }
    (WORK / "plan.json").write_text(json.dumps(plan))
    posyandu_count = len({p["posyandu_id"] for p in plan_kader})
    new = sum(v["new"] for p in plan_kader for v in p["visitors"])
    print(
        f"plan: {len(plan_kader)} kader at {posyandu_count} posyandu, {args.visitors} visitors each "
        f"({new:,} of the {args.visitors * len(plan_kader):,} new to the register), "
        f"{len(plan_officers)} officers; today {today}"
    )


def _visitor(rng: Any, today: Any, *, pk: int | None, name: str, sex: str, born: Any) -> dict[str, Any]:
    """A visitor of the plan with a weight and length/height drawn around the WHO medians for the age."""
    from growth.curves import values_at_z

    age_days = (today - born).days
    code = 1 if sex == "L" else 2  # the growth library's codes: 1 boys, 2 girls
    height = float(values_at_z("lhfa", code, age_days, max(-2.0, min(2.0, rng.gauss(0, 1))))[0])
    measure = "l" if age_days < 731 else "h"
    weight = float(
        values_at_z("wflh", code, height, max(-2.0, min(2.0, rng.gauss(0, 1))), measure=measure)[0]
    )
    return {
        "new": pk is None,
        "person_id": pk,
        "name": name,
        "sex": sex,
        "birth_date": born.isoformat(),
        "weight_kg": f"{weight:.1f}".replace(".", ","),
        "height_cm": f"{height:.1f}".replace(".", ","),
    }


def verify() -> None:
    """Compare what the kader were told was saved with the visits and children stored during the run."""
    import datetime
    from collections import Counter

    from django_tasks_db.models import DBTaskResult

    from people.models import Person
    from visits.models import Visit

    plan = json.loads((WORK / "plan.json").read_text())
    results = json.loads((WORK / "results.json").read_text())
    today = datetime.date.fromisoformat(plan["today"])
    planned = sum(len(k["visitors"]) for k in plan["kader"])
    confirmed = {s["visit_id"]: s["person_id"] for s in results["saved"]}
    stored = {
        pk: (person_id, date)
        for pk, person_id, date in Visit.objects.filter(pk__gt=plan["last_visit_pk"]).values_list(
            "pk", "person_id", "date"
        )
    }
    pairs = Counter(stored.values())
    lost = sum(1 for pk, person_id in confirmed.items() if stored.get(pk) != (person_id, today))
    twice = sum(n - 1 for n in pairs.values() if n > 1)
    unconfirmed = sum(1 for pk in stored if pk not in confirmed)
    registered = results["registered"]
    people = set(Person.objects.filter(pk__gt=plan["last_person_pk"]).values_list("pk", flat=True))
    extra_people = len(people - set(registered))
    missing_people = len(set(registered) - people)
    print(
        f"visits: {planned:,} planned, {len(confirmed):,} confirmed to the kader, {len(stored):,} stored; "
        f"{planned - len(confirmed):,} not saved (a failed request, or the run cut short by --max-minutes), "
        f"{lost:,} confirmed but not stored, "
        f"{twice:,} stored twice, {unconfirmed:,} stored without confirmation"
    )
    print(
        f"children: {len(registered):,} registered, {len(people):,} stored; {missing_people:,} missing, "
        f"{extra_people:,} stored without confirmation"
    )
    # Every audited write enqueues a re-detection of the posyandu's problems for the task worker.
    enqueued = DBTaskResult.objects.filter(enqueued_at__gte=datetime.datetime.fromisoformat(plan["started"]))
    tasks = Counter(enqueued.values_list("status", flat=True))
    print(
        f"background tasks enqueued during the run: {sum(tasks.values()):,} "
        f"({', '.join(f'{n:,} {status.lower()}' for status, n in sorted(tasks.items())) or 'none'} "
        "when the server stopped)"
    )
    verdict = {
        "planned": planned,
        "confirmed": len(confirmed),
        "lost": lost + missing_people,
        "duplicated": twice + unconfirmed + extra_people,
    }
    (WORK / "verdict.json").write_text(json.dumps(verdict))


if __name__ == "__main__":
    main()
