"""The campaign-day users of `bench/load_bench.py`: kader who log in, open their posyandu day and serve their
visitors one by one, and officers who read dashboards and reports meanwhile.

Run by `bench/load_bench.py`, which writes the plan this file reads (`LOADBENCH_PLAN`: who logs in, which
children each kader finds, which she registers, what they weigh) and reads back what the users saw
(`LOADBENCH_RESULTS`: every request's time, every visit the server confirmed). Each kader logs in once with
her right password, so django-axes never counts a failure.

The server runs as in production behind a TLS-ending proxy: the users send the proxy's `X-Forwarded-Proto`
and the `Origin` a browser sends, and keep the `Secure` cookies a browser would keep over HTTPS.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from http.cookiejar import Cookie, DefaultCookiePolicy
from typing import Any
from urllib.parse import quote_plus
from urllib.request import Request

import gevent
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser, ResponseContextManager
from locust.env import Environment
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(open(os.environ["LOADBENCH_PLAN"]).read())  # noqa: SIM115  # read once
THINK = float(PLAN["think_seconds"])

# What the users saw, written to LOADBENCH_RESULTS when the test stops.
timings: dict[str, list[float]] = defaultdict(list)
failures: dict[str, list[str]] = defaultdict(list)
saved: list[dict[str, Any]] = []  # one per visit the server confirmed (a redirect to the visit's page)
registered: list[int] = []  # the person ids of children registered
finished_kader: list[str] = []
started_at = time.time()


class BehindTlsProxy(DefaultCookiePolicy):
    """The bench talks plain HTTP to gunicorn where a phone talks HTTPS to the proxy: keep sending the
    `Secure` session and CSRF cookies, as the phone does."""

    def return_ok_secure(self, cookie: Cookie, request: Request) -> bool:
        return True


class FormInputs(HTMLParser):
    """What a browser would submit from each form of a page: its hidden inputs and checked radios."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append({})
        if tag != "input" or not self.forms:
            return
        found = dict(attrs)
        name, kind = found.get("name"), found.get("type")
        if name and (kind == "hidden" or (kind == "radio" and "checked" in found)):
            self.forms[-1][name] = found.get("value") or ""


def form_values(html: str, having: str) -> dict[str, str]:
    """The values of the page's first form with an input named `having` (empty when there is none)."""
    parser = FormInputs()
    parser.feed(html)
    return next((form for form in parser.forms if having in form), {})


TODAY_LINK = re.compile(r'href="/layanan/hari-buka/(\d+)/#pengunjung-berikutnya"')
VISIT_PATH = re.compile(r"^/layanan/kunjungan/(\d+)/$")
SERVE_PATH = re.compile(r"^/layanan/hari-buka/(\d+)/layani/\?warga=(\d+)$")
ERRORS = re.compile(r'<ul class="errorlist"[^>]*>(.*?)</ul>', re.S)


def _record_request(name: str, response_time: float, exception: BaseException | None, **kwargs: Any) -> None:
    timings[name].append(response_time)
    if exception is not None:
        failures[name].append(str(exception)[:300])


def _write_results(environment: Environment, **kwargs: Any) -> None:
    with open(os.environ["LOADBENCH_RESULTS"], "w") as out:
        json.dump(
            {
                "seconds": time.time() - started_at,
                "timings": timings,
                "failures": failures,
                "saved": saved,
                "registered": registered,
                "finished_kader": finished_kader,
            },
            out,
        )


events.request.add_listener(_record_request)  # type: ignore[no-untyped-call]  # locust's hooks are unannotated
events.test_stop.add_listener(_write_results)  # type: ignore[no-untyped-call]  # (the same)


class CampaignUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)  # the pauses are in the journeys, where a person would pause
    network_timeout = 120.0
    connection_timeout = 30.0

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(BehindTlsProxy())
        assert self.host is not None
        self.proxied = {"X-Forwarded-Proto": "https", "Origin": "https://" + self.host.split("://", 1)[1]}

    def think(self, factor: float = 1.0) -> None:
        gevent.sleep(random.uniform(0.5, 1.5) * THINK * factor)

    def get(self, path: str, name: str, headers: dict[str, str] | None = None) -> ResponseContextManager:
        return self.client.get(
            path,
            name=name,
            headers={**self.proxied, **(headers or {})},
            catch_response=True,
            allow_redirects=False,
        )

    def post(self, path: str, name: str, data: dict[str, str]) -> ResponseContextManager:
        return self.client.post(
            path, name=name, data=data, headers=self.proxied, catch_response=True, allow_redirects=False
        )

    def login(self, username: str) -> None:
        with self.get("/masuk/", "login page") as page:
            token = form_values(page.text or "", "next").get("csrfmiddlewaretoken")
            if page.status_code != 200 or not token:
                page.failure(f"login page: HTTP {page.status_code}")
                raise StopUser
        fields = {"csrfmiddlewaretoken": token, "username": username, "password": PLAN["password"]}
        with self.post("/masuk/", "login", fields) as answer:
            if answer.status_code != 302 or answer.headers.get("Location") != "/":
                answer.failure(f"login of {username}: HTTP {answer.status_code}")
                raise StopUser


def _pop(key: str) -> dict[str, Any]:
    queue: list[dict[str, Any]] = PLAN[key]
    if not queue:
        raise StopUser
    return queue.pop()


class Kader(CampaignUser):
    """One kader's morning: log in, open (or join) today's posyandu day, then for each visitor search the
    name, register the child if new, open the visit form, weigh and measure, save, see the result."""

    fixed_count = int(PLAN["kader_count"])

    def open_day(self) -> int:
        for _attempt in range(3):
            with self.get("/", "open day") as home:
                html = home.text or ""
                if home.status_code != 200:
                    home.failure(f"home: HTTP {home.status_code}")
                    raise StopUser
            if found := TODAY_LINK.search(html):
                return int(found.group(1))
            # Not open yet: this kader opens it (another kader of the posyandu may do so at the same moment).
            fields = form_values(html, "date")
            with self.post("/layanan/hari-buka/baru/", "open day", fields) as opened:
                location = opened.headers.get("Location") or ""
                if opened.status_code == 302 and (day := re.match(r"^/layanan/hari-buka/(\d+)/$", location)):
                    return int(day.group(1))
                if opened.status_code == 200 and "sudah dicatat" in (opened.text or ""):
                    opened.success()  # opened by another kader a moment ago: look again
                else:
                    opened.failure(f"open day: HTTP {opened.status_code} {_errors(opened.text)}")
        raise StopUser

    def day_page(self) -> None:
        with self.get(f"/layanan/hari-buka/{self.day_id}/", "day page") as page:
            if page.status_code != 200:
                page.failure(f"day page: HTTP {page.status_code}")

    def search(self, q: str, person_id: int | None) -> bool:
        """The live search as htmx sends it when the kader stops typing; True when the child is listed."""
        path = f"/layanan/hari-buka/{self.day_id}/?q={quote_plus(q)}"
        with self.get(path, "search", {"HX-Request": "true"}) as found:
            if found.status_code != 200:
                found.failure(f"search: HTTP {found.status_code}")
                return False
            if person_id is not None and f'?warga={person_id}"' not in (found.text or ""):
                found.failure(f"search: {q!r} did not list person {person_id}")
                return False
        return True

    def register(self, child: dict[str, Any]) -> int | None:
        """Register a new child at the day; the id of the registered child, or None."""
        path = f"/warga/baru/?posyandu={self.plan['posyandu_id']}&hari_buka={self.day_id}"
        with self.get(path, "register form") as page:
            if page.status_code != 200:
                page.failure(f"register form: HTTP {page.status_code}")
                return None
            fields = form_values(page.text or "", "client_uuid")
        self.think()  # typing the name and the date of birth
        fields.update(
            {
                "name": child["name"],
                "sex": child["sex"],
                "birth_date": child["birth_date"],
                "posyandu": str(self.plan["posyandu_id"]),
                "has_kia_book": "on",
            }
        )
        for _attempt in range(2):
            with self.post(path, "register", fields) as answer:
                location = answer.headers.get("Location") or ""
                if answer.status_code == 302 and (serve := SERVE_PATH.match(location)):
                    person_id = int(serve.group(2))
                    registered.append(person_id)
                    return person_id
                if answer.status_code == 200 and 'data-testid="duplicates"' in (answer.text or ""):
                    answer.success()  # a similar child is registered: she checks, it is another child
                    fields["confirm_new"] = "on"
                    continue
                answer.failure(f"register: HTTP {answer.status_code} {_errors(answer.text)}")
                return None
        return None

    def serve(self, person_id: int, visitor: dict[str, Any]) -> None:
        path = f"/layanan/hari-buka/{self.day_id}/layani/?warga={person_id}"
        with self.get(path, "visit form") as page:
            if page.status_code != 200:
                page.failure(f"visit form: HTTP {page.status_code}")
                return
            fields = form_values(page.text or "", "client_uuid")
        self.think()  # weighing and measuring
        fields.update({"weight_kg": visitor["weight_kg"], "length_height_cm": visitor["height_cm"]})
        with self.post(path, "save visit", fields) as answer:
            location = answer.headers.get("Location") or ""
            if answer.status_code != 302 or not (visit := VISIT_PATH.match(location)):
                answer.failure(f"save visit: HTTP {answer.status_code} {location} {_errors(answer.text)}")
                return
        saved.append(
            {"kader": self.plan["username"], "person_id": person_id, "visit_id": int(visit.group(1))}
        )
        with self.get(location, "visit result") as result:
            if result.status_code != 200:
                result.failure(f"visit result: HTTP {result.status_code}")

    def run_day(self) -> None:
        for visitor in self.plan["visitors"]:
            self.think(0.5)  # the next visitor steps up
            self.day_page()
            self.think(0.5)
            if visitor["new"]:
                self.search(visitor["name"], None)  # not found: she registers the child
                person_id = self.register(visitor)
                if person_id is None:
                    continue
            else:
                if not self.search(visitor["name"], visitor["person_id"]):
                    continue
                person_id = visitor["person_id"]
            self.serve(person_id, visitor)

    @task
    def campaign_day(self) -> None:
        plan = _pop("kader")
        try:
            self.plan = plan
            self.login(plan["username"])
            self.day_id = self.open_day()
            self.run_day()
        finally:
            # Done, or stopped by a failure: when every kader is, the officers stop too.
            finished_kader.append(plan["username"])
            if len(finished_kader) == self.fixed_count:
                gevent.spawn(self.environment.runner.quit)
        raise StopUser


class Officer(CampaignUser):
    """An officer of the Tim Pembina reading the dashboard and the report pages while the day runs."""

    fixed_count = int(PLAN["officer_count"])
    pages = ("/laporan/skdn/", "/laporan/prevalensi/", "/laporan/kualitas-data/")

    def on_start(self) -> None:
        super().on_start()
        self.login(_pop("officers")["username"])

    @task
    def read(self) -> None:
        with self.get("/", "dashboard") as page:
            if page.status_code != 200:
                page.failure(f"dashboard: HTTP {page.status_code}")
        self.think(2)
        with self.get(random.choice(self.pages), "report") as page:
            if page.status_code != 200:
                page.failure(f"report: HTTP {page.status_code}")
        self.think(2)


def _errors(html: str | None) -> str:
    """The form errors of a page that was answered instead of a redirect, for the failure message."""
    found = ERRORS.findall(html or "")
    return re.sub(r"<[^>]+>", " ", " ".join(found)).strip()[:200]
