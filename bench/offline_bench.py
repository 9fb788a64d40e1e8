"""Is the offline posyandu day light enough for a cheap phone? Drives Chromium against the production server
(gunicorn, DEBUG off, whitenoise's compressed static files) with a posyandu of 400 children, throttled as a
cheap Android phone on a weak signal (1.6 Mbps down, 750 kbps up, 300 ms round trip, CPU 4× slower), and
prints, against issue 14's budgets:

- the first preparation of the posyandu: bytes transferred (< 1.5 MB) and seconds (< 15 s);
- with the network off: opening the day (< 1 s) and a visit's result after "Lihat hasil" (< 300 ms);
- sending 60 visits made offline (< 10 s).

    .venv/bin/python bench/offline_bench.py

Builds its data in /tmp/posyandu_offline_bench.sqlite3 (`bench/make_data.py`: one posyandu, 400 children,
three months of weighings; kept for the next run, without the visits a run made today) and its own kader
login.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB_PATH = Path("/tmp/posyandu_offline_bench.sqlite3")
WORK = Path("/tmp/posyandu_offline_bench")
KABKOTA = "64.74"
CHILDREN = 400
USERNAME = "offlinebench.kader"
PASSWORD = "offlinebench-Timbang-serentak"
CHROMIUM = "/usr/bin/chromium"
NETWORK = {"latency": 300, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
SYNCED = 60
BUDGETS = {"prepare_bytes": 1_500_000, "prepare_s": 15, "open_s": 1, "result_s": 0.3, "sync_s": 10}


def main() -> None:
    WORK.mkdir(exist_ok=True)
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        print(setup())
        return
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_dev",
        "DATABASE_URL": f"sqlite:///{DB_PATH}",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--setup"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    posyandu_id = int(done.stdout.split()[-1])
    server_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{DB_PATH}",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], check=True, cwd=ROOT, env=server_env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    log = (WORK / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**server_env, "BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        figures = measure(base, posyandu_id)
    finally:
        server.terminate()
        server.wait()
    report(figures)


def setup() -> int:
    """The data set and the kader login (in a child process with the development settings)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from accounts.actions import create_user
    from accounts.models import Role, User
    from bench.make_data import make_dataset
    from posyandu.models import Posyandu
    from regions.codes import within_q
    from visits.models import Referral, Visit

    make_dataset(posyandu=1, children=CHILDREN, months=3, kabkota=KABKOTA)
    posyandu = (
        Posyandu.objects.filter(within_q("desa_id", KABKOTA), code__startswith="K").order_by("pk").first()
    )
    assert posyandu is not None
    # A run sends today's visits of sixty children: those of an earlier run today are removed first.
    today = Visit.objects.filter(posyandu=posyandu, date=timezone.localdate())
    Referral.objects.filter(visit__in=today).delete()
    today.delete()
    if not User.objects.filter(username=USERNAME).exists():
        create_user(None, username=USERNAME, password=PASSWORD, role=Role.KADER, posyandu=posyandu)
    return int(posyandu.pk)


def _wait_for(base: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/masuk/", timeout=30):  # the local bench server
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer; see {WORK}/gunicorn.log")


def measure(base: str, posyandu_id: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        # The phone's calendar is the server's (Asia/Jakarta): a visit's date is its day at the posyandu.
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        page = context.new_page()
        page.goto(f"{base}/masuk/")
        page.get_by_label("Nama pengguna").fill(USERNAME)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{base}/")

        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORK})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        transferred: list[float] = []
        cdp.on("Network.loadingFinished", lambda event: transferred.append(event["encodedDataLength"]))

        # The first preparation: the page, its scripts, the rules, the WHO tables and the register.
        started = time.perf_counter()
        page.goto(f"{base}/offline/hari/?posyandu={posyandu_id}")
        page.locator("body[data-offline-ready='1']").wait_for(timeout=120_000)
        page.locator("#prepared-state").filter(has_text="warga").wait_for(timeout=120_000)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        prepare_s = time.perf_counter() - started
        # The page's own requests, plus what the service worker fetched for its cache (its requests are not
        # the page's): counted twice where both fetched a file, so an upper bound.
        prepare_bytes = sum(transferred) + _stored_by_worker(base, context.cookies())
        page.reload()  # under the service worker's control, which stores the page
        page.locator("body[data-offline-ready='1']").wait_for(timeout=60_000)

        # Without signal: opening the day, and one visit's result.
        context.set_offline(True)
        cdp.send("Network.emulateNetworkConditions", {"offline": True, **NETWORK})
        started = time.perf_counter()
        page.reload()
        page.locator("body[data-offline-ready='1']").wait_for(timeout=60_000)
        open_s = time.perf_counter() - started
        children = page.evaluate(
            """async (id) => {
                const { openStore } = await import("/static/js/offline/store.js");
                const config = JSON.parse(document.getElementById("offline-config").textContent);
                const store = await openStore(config.user);
                const doc = await store.register(id);
                const children = doc.people.filter((p) => p.weighings !== null);
                return children.map((p) => [p.id, p.name, p.birth_date]);
            }""",
            posyandu_id,
        )
        result_s = _one_result(page, children[0][1])

        # Sixty visits made offline, then sent when the signal returns.
        _queue_visits(page, children[1 : 1 + SYNCED])
        context.set_offline(False)
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORK})
        # The page sends by itself once it opens with signal: timed from the reload, page load included.
        started = time.perf_counter()
        page.reload()
        waiting = page.locator("#outbox-state")
        page.locator("#outbox-state[data-waiting='0']").wait_for(state="attached", timeout=120_000)
        sync_s = time.perf_counter() - started
        refused = waiting.get_attribute("data-refused")
        reasons = page.evaluate(
            """async () => {
                const { openStore } = await import("/static/js/offline/store.js");
                const config = JSON.parse(document.getElementById("offline-config").textContent);
                const store = await openStore(config.user);
                return [...new Set((await store.outbox()).map((r) => r.message))];
            }"""
        )
        browser.close()
    return {
        "prepare_bytes": prepare_bytes,
        "prepare_s": prepare_s,
        "open_s": open_s,
        "result_s": result_s,
        "sync_s": sync_s,
        "refused": refused,
        "reasons": reasons,
        "people": len(children),
    }


def _stored_by_worker(base: str, cookies: list[Any]) -> int:
    """Bytes of what the service worker stores, as the server sends them (compressed where it compresses)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    with urllib.request.urlopen(f"{base}/offline/sw.js", timeout=30) as response:  # the local bench server
        worker = response.read().decode()
    match = re.search(r"const PRECACHE = (\[.*?\]);", worker)
    assert match is not None
    total = 0
    for url in json.loads(match.group(1)):
        headers = {"Accept-Encoding": "br, gzip", "Cookie": cookie}
        request = urllib.request.Request(f"{base}{url}", headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:  # the local bench server
            total += len(response.read())
    return total


def _one_result(page: Any, name: str) -> float:
    page.locator("#offline-q").fill(name[:6])
    page.locator("#matches .visitor", has_text=name).first.get_by_role("button", name="Layani").click()
    page.locator("#id_anak_weight_kg").fill("10,2")
    page.locator("#id_anak_length_height_cm").fill("80,5")
    # Timed in the page, from the button's click to the result on screen.
    return float(
        page.evaluate(
            """() => new Promise((resolve) => {
                const result = document.getElementById("result");
                const started = performance.now();
                new MutationObserver((_, observer) => {
                    if (result.hidden) return;
                    observer.disconnect();
                    resolve((performance.now() - started) / 1000);
                }).observe(result, { attributes: true });
                document.querySelector("#visit-form button[type=submit]").click();
            })"""
        )
    )


def _queue_visits(page: Any, children: list[list[Any]]) -> None:
    """Visits recorded as the day's screen records them (one record each in the outbox, with the day)."""
    today = page.evaluate("new Date().toLocaleDateString('sv-SE')")  # YYYY-MM-DD on the phone's calendar
    page.evaluate(
        """async ([children, today, posyandu]) => {
            const { openStore } = await import("/static/js/offline/store.js");
            const config = JSON.parse(document.getElementById("offline-config").textContent);
            const store = await openStore(config.user);
            const day = await store.add("open_day", { posyandu: posyandu, date: today, kader: [] });
            for (const [id, name] of children) {
                const visit = { person: id, opening_day: day.client_uuid, date: today, weight_kg: "11,4" };
                await store.add("record_visit", visit, null, name);
            }
        }""",
        [
            children,
            today,
            int(page.evaluate("JSON.parse(document.getElementById('offline-config').textContent).posyandu")),
        ],
    )


def report(figures: dict[str, Any]) -> None:
    print(f"posyandu of {figures['people']} children, network {NETWORK}, CPU {CPU_SLOWDOWN}× slower")
    rows = [
        ("first preparation, bytes", figures["prepare_bytes"], BUDGETS["prepare_bytes"], "{:,.0f} B"),
        ("first preparation, seconds", figures["prepare_s"], BUDGETS["prepare_s"], "{:.2f} s"),
        ("opening the day offline", figures["open_s"], BUDGETS["open_s"], "{:.2f} s"),
        ("a visit's result offline", figures["result_s"], BUDGETS["result_s"], "{:.3f} s"),
        (f"sending {SYNCED} visits", figures["sync_s"], BUDGETS["sync_s"], "{:.2f} s"),
    ]
    for label, value, budget, fmt in rows:
        verdict = "PASS" if value < budget else "FAIL"
        print(f"{verdict}  {label}: {fmt.format(value)} (budget {fmt.format(budget)})")
    print(f"refused by the server while sending: {figures['refused']} {figures['reasons'][:3]}")


if __name__ == "__main__":
    main()
