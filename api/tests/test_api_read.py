"""Reading through the API: NIK masked (and null when not recorded), pages of a long list, visits with their
results, and SKDN and prevalence equal to the report pages' figures; the documentation page and schema."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from api.tests.conftest import TokenClient, token_of
from people import actions as people
from tests.test_content_security_policy import inline_code


@pytest.mark.django_db
def test_people_come_with_the_nik_masked_or_null(world: Any) -> None:
    client = TokenClient(token_of(world.users["kader_a"]))
    body = client.get("/api/v1/people").json()
    by_name = {p["name"]: p for p in body["items"]}
    assert by_name["Dewi Lestari"]["nik"] == "6474********0001"
    assert by_name["Budi Santoso"]["nik"] is None  # registered without a NIK
    assert "6474015505950001" not in client.get(f"/api/v1/people/{world.mother_a.pk}").content.decode()
    assert by_name["Budi Santoso"]["mother"] == world.mother_a.pk


@pytest.mark.django_db
def test_a_long_list_comes_in_pages(world: Any) -> None:
    admin = world.users["admin"]
    for i in range(7):
        people.register_person(
            admin,
            name=f"Anak {i:02d}",
            sex="L",
            birth_date=datetime.date(2024, 1, 1 + i),
            posyandu=world.posyandu_a2,
        )
    client = TokenClient(token_of(world.users["kecamatan"]))
    first = client.get("/api/v1/people", {"posyandu": world.posyandu_a2.pk, "page_size": 3}).json()
    third = client.get("/api/v1/people", {"posyandu": world.posyandu_a2.pk, "page_size": 3, "page": 3}).json()
    beyond = client.get(
        "/api/v1/people", {"posyandu": world.posyandu_a2.pk, "page_size": 3, "page": 4}
    ).json()
    assert first["count"] == third["count"] == 7
    assert [p["name"] for p in first["items"]] == ["Anak 00", "Anak 01", "Anak 02"]
    assert [p["name"] for p in third["items"]] == ["Anak 06"]
    assert beyond["items"] == []
    for absurd in ("0", "-1", "abc", "99999999999999999999"):
        assert client.get("/api/v1/people", {"page": absurd}).status_code == 422, absurd
    assert client.get("/api/v1/people", {"page_size": "100000"}).status_code == 422


@pytest.mark.django_db
def test_a_visit_comes_with_its_results(world: Any) -> None:
    client = TokenClient(token_of(world.users["bidan_a"]))
    visit = client.get(f"/api/v1/visits/{world.visit_a.pk}").json()
    stored = world.visit_a
    assert visit["z"]["haz"] == stored.haz and visit["z"]["haz"] < -2
    assert visit["weight_gain"] == stored.weight_gain
    assert visit["measurements"]["weight_kg"] == 9.0 and visit["measurements"]["position"] == "l"
    assert {f["code"] for f in visit["findings"]} == {f["code"] for f in stored.findings}
    assert visit["refer"] is True and visit["rule_version"] == stored.rule_version
    listed = client.get(
        "/api/v1/visits", {"person": world.child_a.pk, "month": f"{stored.date:%Y-%m}"}
    ).json()
    assert [v["id"] for v in listed["items"]] == [stored.pk]
    assert client.get("/api/v1/visits", {"month": "2026-13"}).status_code == 422


@pytest.mark.django_db
def test_skdn_and_prevalence_are_the_report_pages_figures(world: Any) -> None:
    user = world.users["kabupaten"]
    month = f"{world.visit_a.date:%Y-%m}"
    client = TokenClient(token_of(user))
    skdn = client.get("/api/v1/skdn", {"region": "64.74.01", "month": month}).json()
    page = Client()
    page.force_login(user)
    table = page.get("/laporan/skdn/", {"wilayah": "64.74.01", "bulan": month}).context["table"]
    assert skdn["total"]["counts"] == table.total.skdn.as_dict()
    assert [r["key"] for r in skdn["rows"]] == [r.key for r in table.rows]
    assert skdn["total"]["counts"]["d"] == 1 and skdn["total"]["balanced"] is True
    prevalence = client.get("/api/v1/prevalence", {"region": "64.74.01", "month": month}).json()
    shown = page.get("/laporan/prevalensi/", {"wilayah": "64.74.01", "bulan": month}).context["total"]
    assert (prevalence["total"]["cases"], prevalence["total"]["measured"]) == (shown.cases, shown.measured)
    assert prevalence["total"]["pct"] == shown.pct and prevalence["total"]["target_pct"] == shown.target_pct
    figures = client.get("/api/v1/monthly-figures", {"month": month, "posyandu": world.posyandu_a.pk}).json()
    assert [(f["d"], f["stunted"]) for f in figures["items"]] == [(1, 1)]


@pytest.mark.django_db
def test_the_documentation_works_under_the_content_security_policy(world: Any) -> None:
    anonymous = Client()
    assert anonymous.get("/api/docs")["Location"].startswith("/masuk/")
    page = Client()
    page.force_login(world.users["kader_a"])
    docs = page.get("/api/docs")
    html = docs.content.decode()
    assert docs.status_code == 200 and inline_code(html) == []
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert page.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    # Swagger UI's stylesheet with its images as files of the site: the policy refuses data: images.
    css = page.get("/static/api/swagger/swagger-ui.css")
    stylesheet = b"".join(css.streaming_content).decode()  # type: ignore[attr-defined]  # a static file
    images = re.findall(r'url\("?([^")]+)"?\)', stylesheet)
    assert len(images) >= 10 and not [i for i in images if i.startswith("data:")]
    for image in set(images):
        assert page.get(f"/static/api/swagger/{image}").status_code == 200, image
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert {"/api/v1/people", "/api/v1/skdn", "/api/v1/visits"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_a_page_of_a_list_costs_the_same_queries_for_one_row_or_many(world: Any) -> None:
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from visits import actions as visits

    client = TokenClient(token_of(world.users["kecamatan"]))
    client.get("/api/v1/regions")  # the token's first use is noted once

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/api/v1/people", "/api/v1/visits", "/api/v1/posyandu")}
    admin = world.users["admin"]
    for i in range(6):
        child = people.register_person(
            admin,
            name=f"Anak {i}",
            sex="P",
            birth_date=datetime.date(2025, 1, 1 + i),
            posyandu=world.posyandu_a2,
        )
        visits.record_visit(
            admin,
            child,
            world.day_a.date,
            {"weight_kg": Decimal("8.5")},
            services=["vit_a_blue"] if i % 2 else [],
        )
    after = {url: queries(url) for url in before}
    assert after == before
