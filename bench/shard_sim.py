"""Would the pages route to one shard? A simulation of the Citus plan of docs/scale.md ("Past one machine"):
every table that grows with the province is distributed by the province code, and a query on one is routed to
one node only when it names the province. The script opens, as a province, a kabupaten and a kecamatan
officer and as a kader, the pages `bench/report_bench.py --scale province` times (and a kader saving a visit
and opening a child's page), captures every SQL statement, and sorts each one that reads or writes a
distributed table:

- **routed**: it names the province (a region code of it, `desa_id >= '64'`, `'64.02…'`, or a row of a
  distributed table reached by a join that does);
- **by id**: it names rows by an id only (a visit, a person, a posyandu, a mother's children): routable once
  the key is part of the id, as the composite `(province, id)` keys of the plan make it;
- **fan-out**: neither: every shard would answer it. These are the queries the plan says must change.

It prints the count of each per page and the distinct shapes of the fan-out ones. It reads the province data
set of `--children 100000` (`posyandu_province_bench_100000`, built first if missing).

    .venv/bin/python bench/shard_sim.py [--children 100000]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The tables distributed by the province (docs/scale.md); the others are reference tables or local state
# (sessions, the cache, the task queue), copied or kept on the coordinator.
DISTRIBUTED = (
    "people_person", "people_household", "people_pregnancy", "posyandu_posyandu", "posyandu_kader",
    "visits_visit", "visits_referral", "visits_immunisation", "visits_service", "visits_openingday",
    "reports_monthlyfigures", "pokjanal_storedfacts", "pokjanal_problem", "pokjanal_strataassessment",
    "campaigns_campaign", "campaigns_importjob", "audit_auditevent",
)  # fmt: skip
TABLE = re.compile(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def classify(sql: str, province: str) -> str | None:
    """routed, by id or fan-out for a statement on a distributed table; None for the others."""
    tables = {t for t in TABLE.findall(sql) if t.startswith(DISTRIBUTED)}
    if not tables:
        return None
    if re.search(rf"'{re.escape(province)}[./']|'{re.escape(province)}'", sql):
        return "routed"
    if re.search(r'"(?:\w+_)?id"\s*(?:=|IN)\s*\(?\s*\d', sql):
        return "by id"
    return "fan-out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    args = parser.parse_args()
    from bench.postgres import database_url, ensure_database
    from bench.report_bench import province_database

    name = province_database(args.children)
    ensure_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    import django
    from django.conf import settings

    django.setup()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.core.management import call_command
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from bench.make_data import PROVINCE, TODAY, make_province

    call_command("migrate", verbosity=0)
    make_province(children=args.children, posyandu=max(1, args.children // 100), drop_indexes=True)
    setup_test_environment()
    timezone.localdate = lambda *a, **k: TODAY
    totals: Counter[str] = Counter()
    fan_out: Counter[str] = Counter()
    requests, kader_day = _requests(PROVINCE)
    for label, client, url, data in requests:
        counts = _run(client, url, data, PROVINCE, fan_out)
        totals.update(counts)
        print(
            f"{label:<44} routed {counts['routed']:3}   by id {counts['by id']:3}   "
            f"fan-out {counts['fan-out']:3}   (other tables {counts['other']:3})",
            flush=True,
        )
    on_distributed = totals["routed"] + totals["by id"] + totals["fan-out"]
    print(
        f"\nall pages: {on_distributed} statements on distributed tables: {totals['routed']} routed by the "
        f"province, {totals['by id']} by id, {totals['fan-out']} fan-out"
    )
    for shape, n in fan_out.most_common():
        print(f"  fan-out ×{n}: {shape}")
    from visits.models import Referral, Visit

    # The kader's visit goes again, so that the next run saves it as this one did.
    saved = Visit.objects.filter(opening_day=kader_day)
    Referral.objects.filter(visit__in=saved).delete()
    saved.delete()


def _run(
    client: object, url: str, data: dict[str, str] | None, province: str, fan_out: Counter[str]
) -> Counter[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get = client.get  # type: ignore[attr-defined]
    post = client.post  # type: ignore[attr-defined]
    if data is None:
        get(url)  # warm: what a first request keeps is not what routing is about
    with CaptureQueriesContext(connection) as captured:
        response = get(url) if data is None else post(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    counts: Counter[str] = Counter()
    for query in captured.captured_queries:
        sql = query["sql"]
        kind = classify(sql, province)
        counts[kind or "other"] += 1
        if kind == "fan-out":
            fan_out[_shape(sql)] += 1
    return counts


def _shape(sql: str) -> str:
    """The statement without its literals and column lists, short enough to read."""
    shape = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    shape = re.sub(r"SELECT .*? FROM", "SELECT … FROM", shape, count=1)
    return shape[:160]


def _requests(province: str) -> tuple[list[tuple[str, object, str, dict[str, str] | None]], int]:
    """(label, logged-in client, url, form data for a POST) of each request, and the kader's opening day."""
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role, User
    from bench import report_bench
    from bench.make_data import TODAY
    from people.models import Person
    from posyandu.models import Posyandu
    from visits import actions

    out: list[tuple[str, object, str, dict[str, str] | None]] = []
    for code in report_bench._province_areas(province):
        officer = report_bench._area_officer(code)
        rakor = report_bench._planned_rakor(officer, code)
        client = Client()
        client.force_login(officer)  # type: ignore[arg-type]
        for page, url in (
            ("dashboard", "/"),
            ("SKDN rollup", f"/laporan/skdn/?wilayah={code}"),
            ("prevalence", f"/laporan/prevalensi/?wilayah={code}"),
            ("data quality", f"/laporan/kualitas-data/?wilayah={code}"),
            ("rakor agenda", f"/pokjanal/rakor/{rakor}/"),
            ("strata summary", f"/pokjanal/strata/?wilayah={code}"),
        ):
            out.append((f"{code:<9} {page}", client, url, None))
    post = Posyandu.objects.filter(desa__code__startswith=province).order_by("code").first()
    assert post is not None
    kader = User.objects.filter(username="bench_shard_kader").first() or User.objects.create_user(
        "bench_shard_kader", password="x", role=Role.KADER, posyandu=post
    )
    day = post.opening_days.filter(date=TODAY).first() or actions.open_day(kader, post, TODAY)
    child = Person.objects.filter(posyandu=post).order_by("pk").last()
    assert child is not None
    client = Client()
    client.force_login(kader)
    save = reverse("visits:visit_create", args=[day.pk]) + f"?warga={child.pk}"
    out.append(
        (
            "kader     saving a visit",
            client,
            save,
            {"weight_kg": "10,4", "length_height_cm": "80,2", "position": "h"},
        )
    )
    out.append(("kader     a child's page", client, reverse("people:detail", args=[child.pk]), None))
    return out, day.pk


if __name__ == "__main__":
    main()
