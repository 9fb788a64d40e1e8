"""The SATUSEHAT pages through the Django client: counts per posyandu and month, one posyandu's answers, and
one visit's Bundle downloaded (access-checked and logged as a read of personal data)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from exchange.satusehat.models import Submission
from exchange.satusehat.push import push
from exchange.satusehat.tests.conftest import ORG_ID, Sending
from exchange.satusehat.tests.stand_in import outcome_400
from visits.actions import correct_visit
from visits.models import Visit

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 5  # session and login, the posyandu, the count, the page of visits with their answers
OVERVIEW_QUERIES = 5  # session and login, the count of rows, the page of rows, the facilities


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a persona's User
    return client


def rows(html: str, testid: str) -> list[str]:
    return [part.split("</tr>")[0] for part in html.split(f'data-testid="{testid}"')[1:]]


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_overview_counts_sent_pending_and_failed_per_posyandu_and_month(sending: Sending) -> None:
    sending.store.script = [(400, outcome_400("Observation.code tidak dikenal"))]
    push(org_id=ORG_ID, client=sending.client())  # Siti's refused, Dewi's sent, Budi's blocked (no NIK)
    correct_visit(
        sending.world.users["admin"],
        Visit.objects.get(pk=sending.mother_visit.pk),
        {"hb_g_dl": Decimal("10.9")},
    )  # sent, then corrected: pending again
    page = client_for(sending.world.users["bidan_a"]).get(reverse("satusehat:overview"), {"bulan": "2026-11"})
    assert page.status_code == 200
    found = [cells(r) for r in rows(page.content.decode(), "satusehat-row")]
    melati = [c for c in found if c[1] == "Melati"]
    expected_total = Visit.objects.filter(posyandu=sending.world.posyandu_a, month="2026-11-01").filter(
        pk__in=[sending.child_visit.pk, sending.mother_visit.pk, sending.world.visit_a.pk]
    )
    assert expected_total.count() == 3
    # Budi (no NIK) and Siti (refused) failed; Dewi's corrected visit waits; nothing is sent as it stands.
    assert melati == [["November 2026", "Melati", "3", "0", "1", "2"]]
    # The bidan of desa A sees only her desa: posyandu_b's visit is not counted anywhere.
    assert all(c[1] != "Anggrek" for c in found)
    admin_page = client_for(sending.world.users["admin"]).get(reverse("satusehat:overview"))
    assert "Anggrek" in admin_page.content.decode()


def test_one_posyandu_lists_each_visit_with_the_answer(sending: Sending) -> None:
    sending.store.script = [(400, outcome_400("Observation.code tidak dikenal"))]
    push(org_id=ORG_ID, client=sending.client())
    url = reverse("satusehat:posyandu", kwargs={"posyandu_id": sending.world.posyandu_a.pk})
    page = client_for(sending.world.users["kecamatan"]).get(url, {"bulan": "2026-11"})
    assert page.status_code == 200
    by_name = {cells(r)[1]: cells(r) for r in rows(page.content.decode(), "satusehat-visit")}
    assert by_name["Siti Aminah"][2].startswith("Ditolak/gagal")
    assert "HTTP 400" in by_name["Siti Aminah"][3]
    assert "Observation.code tidak dikenal" in by_name["Siti Aminah"][3]
    assert by_name["Dewi Lestari"][2].startswith("Terkirim")
    assert "NIK warga belum tercatat" in by_name["Budi Santoso"][3]
    assert "6474015505950001" not in page.content.decode()  # no NIK on the page


def test_a_kader_may_not_see_the_pages(sending: Sending) -> None:
    kader = client_for(sending.world.users["kader_a"])
    assert kader.get(reverse("satusehat:overview")).status_code == 403
    url = reverse("satusehat:posyandu", kwargs={"posyandu_id": sending.world.posyandu_a.pk})
    assert kader.get(url).status_code == 403
    bundle_url = reverse("satusehat:visit_bundle", kwargs={"visit_id": sending.mother_visit.pk})
    before = AuditEvent.objects.count()
    assert kader.get(bundle_url).status_code == 403
    assert AuditEvent.objects.count() == before


def test_a_visit_bundle_downloads_as_valid_fhir_and_the_read_is_logged(sending: Sending) -> None:
    from fhir.resources.R4B.bundle import Bundle

    bidan = sending.world.users["bidan_a"]
    url = reverse("satusehat:visit_bundle", kwargs={"visit_id": sending.mother_visit.pk})
    response = client_for(bidan).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["identifier"][0]["value"] == "6474015505950001"
    event = AuditEvent.objects.get(verb="view_satusehat_bundle")
    assert event.is_read
    assert (event.actor, event.posyandu_id) == (bidan, sending.world.posyandu_a.pk)
    assert "6474015505950001" not in json.dumps(event.changes)
    assert not Submission.objects.exists()  # looking sends nothing


def test_a_visit_that_cannot_be_sent_goes_back_with_the_reason(sending: Sending) -> None:
    url = reverse("satusehat:visit_bundle", kwargs={"visit_id": sending.world.visit_a.pk})
    response = client_for(sending.world.users["bidan_a"]).get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "satusehat:posyandu", kwargs={"posyandu_id": sending.world.posyandu_a.pk}
    )
    assert "NIK warga belum tercatat" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="view_satusehat_bundle").exists()


def test_outside_the_region_the_bundle_is_a_404_and_nothing_is_logged(sending: Sending) -> None:
    url = reverse("satusehat:visit_bundle", kwargs={"visit_id": sending.mother_visit.pk})
    assert client_for(sending.world.users["other_kabupaten"]).get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb="view_satusehat_bundle").exists()
    url = reverse("satusehat:posyandu", kwargs={"posyandu_id": sending.world.posyandu_a.pk})
    assert client_for(sending.world.users["other_kabupaten"]).get(url).status_code == 404


def test_a_month_that_is_no_month_shows_every_month_with_a_notice(sending: Sending) -> None:
    page = client_for(sending.world.users["kabupaten"]).get(
        reverse("satusehat:overview"), {"bulan": "13-2026"}
    )
    assert page.status_code == 200
    assert "13-2026" in page.content.decode()
    assert rows(page.content.decode(), "satusehat-row")


def test_the_pages_query_a_fixed_number_of_times(sending: Sending, django_assert_num_queries: Any) -> None:
    push(org_id=ORG_ID, client=sending.client())
    client = client_for(sending.world.users["admin"])
    url = reverse("satusehat:posyandu", kwargs={"posyandu_id": sending.world.posyandu_a.pk})
    client.get(url)  # the session warmed up
    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get(url)
    assert len(rows(page.content.decode(), "satusehat-visit")) == 3
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(reverse("satusehat:overview"))
