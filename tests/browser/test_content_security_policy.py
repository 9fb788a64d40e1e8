"""Under the Content-Security-Policy every role's main pages work with nothing blocked: a persona of each role
opens the home page, every link of the menu, the pages of the first person, posyandu, region, day, campaign
and Tim Pembina it may see, the forms, the dashboard with its charts and map, and the administrator Django's
admin. Any CSP violation (the `securitypolicyviolation` event or Chromium's console message), console error or
script error fails the test. The behaviours that were inline handlers (confirm, print, "today", the posyandu
choice, back) are used once each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accounts.access import URL_ID_MODELS
from posyandu.models import Posyandu
from regions.actions import import_boundaries
from tests.browser.conftest import log_in, shot
from tests.test_url_access import id_urls

GEO = Path(__file__).resolve().parents[2] / "data" / "geo"

pytestmark = [pytest.mark.browser]

# Kept in the page's window across its lifetime; read before leaving the page.
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " refused " + (e.blockedURI || "inline") + " in "
    + e.sourceFile + ":" + e.lineNumber);
});
"""

# Pages of one object each (the first the user may see), and the forms.
OBJECT_PAGES = [
    "people:detail",
    "people:growth_chart",
    "people:edit",
    "people:household_detail",
    "visits:immunisations",
    "visits:day",
    "visits:visit_create",
    "visits:visit_detail",
    "visits:referral",
    "visits:followup",
    "posyandu:detail",
    "posyandu:equipment",
    "posyandu:kader_detail",
    "regions:detail",
    "campaigns:detail",
    "campaigns:job",
    "pokjanal:posyandu",
    "pokjanal:body",
    "pokjanal:rakor",
    "pokjanal:sector_map",
    "pokjanal:funding",
    "reports:posyandu",
    "monthly:posyandu",
]
OTHER_PAGES = [
    "people:create",
    "people:household_create",
    "visits:day_create",
    "posyandu:create",
    "reports:posyandu_index",
    "monthly:completeness",
    "pokjanal:problems",
    "pokjanal:actions",
]
PASSWORDS = {"admin": "x-admin-123"}  # conftest.build_world
# One persona of every role (a read-only viewer sees the kabupaten officer's templates, less the buttons).
ROLES = ["kader_a", "bidan_a", "desa_a", "kecamatan", "kabupaten", "admin"]


class Watched:
    """A page whose CSP violations, console and script errors are collected, with where they happened."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.opened = 0
        page.add_init_script(VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error {error}"))

    def _console(self, message: Any) -> None:
        failed = message.text.startswith("Failed to load resource")
        if failed and message.location.get("url") == self.page.url:
            return  # the page itself refused (403/404): tests/test_url_access.py is about that
        if failed and message.location.get("url", "").endswith("/favicon.ico"):
            return  # asked for by Chromium on Django's bare 403/404 pages, which do not name base.html's icon
        if message.type in {"error", "warning"} or "Content Security Policy" in message.text:
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def settle(self) -> None:
        """Waits for the page's scripts to have run, then takes its violations."""
        self.page.wait_for_load_state("load")
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: {violation}")

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        policy = response.headers.get("content-security-policy", "none sent")
        assert "default-src 'self'" in policy and "unsafe" not in policy, url
        self.settle()
        self.opened += response.status == 200


def page_urls(user: Any) -> list[str]:
    keyword = {name: kwarg for name, (kwarg,) in id_urls()}
    urls = [reverse(name) for name in OTHER_PAGES]
    for name in OBJECT_PAGES:
        model = URL_ID_MODELS[keyword[name]]
        obj = model._default_manager.visible_to(user).order_by("pk").first()  # type: ignore[attr-defined]
        if obj is not None:
            urls.append(reverse(name, kwargs={keyword[name]: obj.pk}))
    return urls


def load_boundaries(world: Any) -> None:
    """Kecamatan and desa shapes of Bontang: the dashboards draw their choropleth, region pages their map."""
    admin = world.users["admin"]
    import_boundaries(admin, GEO / "kecamatan.geojson")
    import_boundaries(admin, GEO / "desa_64.74.geojson")


def test_every_role_opens_its_main_pages_with_nothing_blocked(
    browser: Browser, live_server: Any, browser_world: Any
) -> None:
    load_boundaries(browser_world)
    problems: dict[str, list[str]] = {}
    for role in ROLES:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15000)
        watched = Watched(page)
        log_in(page, live_server.url, role, PASSWORDS.get(role, "x"))
        watched.settle()
        menu = [
            href
            for href in page.locator("header nav a").evaluate_all("links => links.map(a => a.href)")
            if href.startswith(live_server.url)
        ]
        assert len(menu) >= 15, role
        for url in [*menu, f"{live_server.url}/?ringkasan=1"]:
            watched.open(url)
        for path in page_urls(browser_world.users[role]):
            watched.open(f"{live_server.url}{path}")
        problems[role] = watched.problems
        assert watched.opened >= 40, role
        context.close()
    assert [f"{role}: {problem}" for role in ROLES for problem in problems[role]] == []


def test_the_dashboard_draws_its_charts_and_map_and_the_live_search_works(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    """What the policy could silently break: Chart.js and Leaflet drawing, htmx swapping a search result."""
    load_boundaries(browser_world)
    watched = Watched(phone)
    log_in(phone, live_server.url, "kabupaten")
    expect(phone.locator("#chart-skdn")).to_have_attribute("data-ready", "1")
    expect(phone.locator("#chart-stunting")).to_have_attribute("data-ready", "1")
    expect(phone.get_by_test_id("choropleth")).to_have_attribute("data-ready", "1")
    areas = phone.evaluate("JSON.parse(document.getElementById('map-data').textContent).features.length")
    assert areas >= 1
    expect(phone.locator("#map path.leaflet-interactive")).to_have_count(areas)  # one shape per area
    watched.settle()
    shot(phone, "csp_dashboard_360")
    watched.open(f"{live_server.url}/warga/")
    phone.get_by_label("Cari nama atau NIK").fill("budi")
    expect(phone.locator("#results")).to_contain_text("Budi Santoso")
    watched.settle()
    watched.open(f"{live_server.url}{reverse('reports:prevalence')}")
    expect(phone.locator("#trend")).to_have_attribute("data-ready", "1")
    watched.settle()
    assert watched.problems == []
    # The watch does see what the policy refuses: a <style> element put into the page.
    phone.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>main { color: red; }</style>')")
    expect(phone.locator("main")).not_to_have_css("color", "rgb(255, 0, 0)")
    watched.settle()
    assert len(watched.problems) == 2, watched.problems
    assert "style-src-elem refused inline" in watched.problems[0] + watched.problems[1]


def test_the_former_inline_handlers_work_from_the_static_script(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    watched = Watched(phone)
    phone.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    log_in(phone, live_server.url, "admin", PASSWORDS["admin"])
    # Confirm: "Batal" keeps the posyandu active, OK sets it inactive.
    posyandu_page = reverse("posyandu:detail", kwargs={"posyandu_id": world.posyandu_a.pk})
    watched.open(f"{live_server.url}{posyandu_page}")
    phone.once("dialog", lambda dialog: dialog.dismiss())
    phone.get_by_role("button", name="Nonaktifkan").click()
    watched.settle()
    assert Posyandu.objects.get(pk=world.posyandu_a.pk).is_active
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Nonaktifkan").click()
    expect(phone.get_by_role("button", name="Nonaktifkan")).to_have_count(0)
    assert not Posyandu.objects.get(pk=world.posyandu_a.pk).is_active
    # Print.
    watched.open(f"{live_server.url}{reverse('posyandu:lestari')}")
    phone.get_by_role("button", name="Cetak").click()
    assert phone.evaluate("window.__printed") == 1
    # "Hari ini" fills the date before it with today (frozen: 2026-11-25).
    immunisations = reverse("visits:immunisations", kwargs={"person_id": world.child_a.pk})
    watched.open(f"{live_server.url}{immunisations}")
    date = phone.locator(".date-today input").first
    date.fill("")
    phone.locator(".date-today").first.get_by_role("button", name="Hari ini").click()
    expect(date).to_have_value("2026-11-25")
    # Choosing the posyandu of a new opening day opens the form for it.
    watched.open(f"{live_server.url}{reverse('visits:day_create')}")
    phone.get_by_label("Posyandu").select_option(str(world.posyandu_a2.pk))
    phone.wait_for_url(f"{live_server.url}{reverse('visits:day_create')}?posyandu={world.posyandu_a2.pk}")
    # "Kembali ke laporan" goes back to the page the list was opened from.
    watched.open(f"{live_server.url}/?ringkasan=1")
    dashboard = phone.url
    phone.get_by_test_id("kpi-stunting").click()
    phone.get_by_role("link", name="← Kembali ke laporan").click()
    phone.wait_for_url(dashboard)
    watched.settle()
    assert watched.problems == []


def test_the_admin_works_under_the_policy(phone: Page, live_server: Any, browser_world: Any) -> None:
    """Django's admin is for administrators only, but must not break: its pages, a list and a change form."""
    watched = Watched(phone)
    log_in(phone, live_server.url, "admin", PASSWORDS["admin"])
    user = browser_world.users["kader_a"]
    for path in [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{user.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/posyandu/spmfield/",
        "/admin/posyandu/equipmentitem/add/",
    ]:
        watched.open(f"{live_server.url}{path}")
    assert watched.problems == []


def test_the_api_documentation_draws_its_operations_with_nothing_blocked(
    desktop: Page, live_server: Any, browser_world: Any
) -> None:
    """Swagger UI comes from django-ninja's static files with its icons as files: nothing from a CDN, no
    inline code or images, and the operations of the schema are drawn."""
    watched = Watched(desktop)
    log_in(desktop, live_server.url, "kabupaten")
    watched.open(f"{live_server.url}{reverse('api:docs')}")
    expect(desktop.locator(".swagger-ui .info .title")).to_be_visible()
    expect(desktop.locator(".swagger-ui .opblock").first).to_be_visible()
    assert desktop.locator(".swagger-ui .opblock").count() >= 10
    watched.settle()
    assert watched.problems == []
