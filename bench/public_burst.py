"""Does a public page survive a viral link? Fires a steady stream of anonymous requests (default 100 a second
for 30 s) at one public page (issue 17, /publik/wilayah/) of gunicorn run as in production (DEBUG off,
`config/gunicorn.conf.py`), on PostgreSQL with the small data set of `bench/report_bench.py --small` (or,
with `--kabupaten`, its kabupaten data set: 1,000 posyandu, 100,000 children), and prints the achieved rate,
the failures and p50/p95/p99. The page is kept whole in Django's cache (public.pagecache), so after each
worker's first request it is served from it.

    .venv/bin/python bench/public_burst.py                          # 100 requests/s for 30 s
    .venv/bin/python bench/public_burst.py --rate 100 --seconds 10  # a quick check
    .venv/bin/python bench/public_burst.py --kabupaten              # on the kabupaten data set

The requests leave on a schedule (open loop: a slow answer does not slow the stream), from a pool of
threads; a request counts as failed when it is not a 200 or takes longer than --timeout seconds.

PostgreSQL: the script starts the local cluster and builds (once, then keeps) the database
`posyandu_report_bench_small` as `bench/report_bench.py --small` does (the role posyandu/posyandu, as .ci/run
creates it). gunicorn's log is left in
/tmp/posyandu_public_burst/.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASES = {"small": "posyandu_report_bench_small", "kabupaten": "posyandu_report_bench"}
WORK = Path("/tmp/posyandu_public_burst")
KABKOTA = "64.07"  # bench.make_data.KABKOTA


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="requests a second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--wilayah", default=KABKOTA, help="the region of the public page")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--kabupaten", action="store_true", help="the kabupaten data set (built once, slow)")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = "kabupaten" if args.kabupaten else "small"
    if args.build:
        build(data)
        return
    WORK.mkdir(exist_ok=True)
    prepare_database(data)
    env = production_env(data)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True, cwd=ROOT, env=env
    )
    port = free_port()
    server_env = {**env, "BIND": f"127.0.0.1:{port}"}
    if args.workers:
        server_env["WEB_CONCURRENCY"] = str(args.workers)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with open(WORK / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/publik/wilayah/?wilayah={args.wilayah}"
            wait_for(url)
            print(f"load average before the burst: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            burst(url, rate=args.rate, seconds=args.seconds, timeout=args.timeout)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"log: {WORK}/gunicorn.log")


def pg_url(data: str) -> str:
    return f"postgres://posyandu:posyandu@127.0.0.1:5432/{DATABASES[data]}"


def production_env(data: str) -> dict[str, str]:
    """The README's "Production" environment (DEBUG unset, so off), as bench/load_bench.py runs it."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": pg_url(data),
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_database(data: str) -> None:
    name = DATABASES[data]
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
    subprocess.run(cluster, capture_output=True, check=False)  # "already running" is fine
    exists = subprocess.run(
        ["su", "postgres", "-c", f"psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='{name}'\""],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["su", "postgres", "-c", f"createdb -O posyandu {name}"], check=True)
    build_args = [sys.executable, __file__, "--build", *(["--kabupaten"] if data == "kabupaten" else [])]
    subprocess.run(build_args, check=True, cwd=ROOT)


def build(data: str) -> None:
    """The data set of `bench/report_bench.py` (`--small` unless "kabupaten"), kept once built."""
    os.environ.update({"DATABASE_URL": pg_url(data), "DJANGO_SETTINGS_MODULE": "config.settings_dev"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.make_data import make_dataset
    from bench.report_bench import SMALL_CHILDREN, SMALL_POSYANDU

    call_command("migrate", verbosity=0)
    built = make_dataset() if data == "kabupaten" else make_dataset(SMALL_POSYANDU, SMALL_CHILDREN)
    print(f"{'built' if built.built else 'present'}: {built.posyandu} posyandu, {built.children:,} children")


def fetch(url: str, timeout: float) -> tuple[bool, float]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # behind the TLS proxy
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the local bench server
            response.read()
            ok = response.status == 200
    except (OSError, urllib.error.HTTPError):
        ok = False
    return ok, (time.perf_counter() - started) * 1000


def wait_for(url: str) -> None:
    for _ in range(300):
        if fetch(url, 60)[0]:
            break
        time.sleep(0.2)
    else:
        raise SystemExit(f"gunicorn did not answer; see {WORK}/gunicorn.log")
    with ThreadPoolExecutor(8) as pool:  # each worker's first request: templates, and its cache filled
        list(pool.map(lambda _: fetch(url, 60), range(40)))


def burst(url: str, *, rate: float, seconds: float, timeout: float) -> None:
    total = int(rate * seconds)
    results: list[tuple[bool, float]] = []
    lock = threading.Lock()

    def one() -> None:
        result = fetch(url, timeout)
        with lock:
            results.append(result)

    print(f"{total:,} requests at {rate:.0f}/s to {url}")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=200) as pool:
        for i in range(total):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
        sent = time.perf_counter() - started
    elapsed = time.perf_counter() - started
    times = sorted(ms for ok, ms in results if ok)
    failures = sum(1 for ok, _ in results if not ok)
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [0.0] * 99
    print(
        f"sent {total:,} in {sent:.1f} s ({total / sent:.0f}/s), all answered after {elapsed:.1f} s "
        f"({len(results) / elapsed:.0f}/s); failures {failures} ({failures / max(total, 1):.1%})"
    )
    slowest = max(times, default=0.0)
    print(f"p50 {cuts[49]:.0f} ms   p95 {cuts[94]:.0f} ms   p99 {cuts[98]:.0f} ms   max {slowest:.0f} ms")
    print("PASS" if failures == 0 and cuts[94] < 300 else "FAIL", "(no failure, p95 < 300 ms)")


if __name__ == "__main__":
    main()
