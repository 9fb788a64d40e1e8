"""Entering a child's immunisation history from the Buku KIA: several past doses with their dates at once,
bad dates refused with a message and nothing stored, repeated doses refused, every dose audited."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from conftest import TODAY
from visits import actions
from visits.models import Immunisation

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def doses(person: Any) -> list[tuple[str, datetime.date]]:
    return list(
        Immunisation.objects.filter(person=person).order_by("date", "vaccine").values_list("vaccine", "date")
    )


def test_past_doses_are_recorded_with_their_dates_in_one_form(world: Any) -> None:
    budi = world.child_a  # born 11 May 2025
    client = client_for(world.users["kader_a"])
    url = reverse("visits:immunisations", args=[budi.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="hb0"' in body and 'name="mr2"' in body and 'name="je"' not in body
    assert f'max="{TODAY:%Y-%m-%d}"' in body and 'min="2025-05-11"' in body
    response = client.post(
        url,
        {
            "client_uuid": str(uuid.uuid4()),
            "hb0": "2025-05-11",
            "bcg": "2025-06-14",
            "opv1": "2025-06-14",
            "dpt1": "2025-07-12",
            "opv2": "2025-07-12",
            "mr1": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[budi.pk])
    assert doses(budi) == [
        ("hb0", datetime.date(2025, 5, 11)),
        ("bcg", datetime.date(2025, 6, 14)),
        ("opv1", datetime.date(2025, 6, 14)),
        ("dpt1", datetime.date(2025, 7, 12)),
        ("opv2", datetime.date(2025, 7, 12)),
    ]
    events = AuditEvent.objects.filter(verb="record_immunisation", subject_key=f"people.person:{budi.pk}")
    assert events.count() == 5 and {e.actor for e in events} == {world.users["kader_a"]}
    assert all(e.region_code == world.desa_a.code and e.posyandu_id == world.posyandu_a.pk for e in events)
    # The recorded doses are listed, no longer offered as fields; the person's page shows them.
    body = client.get(url).content.decode()
    assert 'name="hb0"' not in body and 'name="dpt2"' in body
    body = client.get(reverse("people:detail", args=[budi.pk])).content.decode()
    assert "diberikan 14-06-2025" in body


def test_bad_dates_are_refused_next_to_the_dose_and_nothing_is_stored(world: Any) -> None:
    budi = world.child_a
    client = client_for(world.users["kader_a"])
    url = reverse("visits:immunisations", args=[budi.pk])
    response = client.post(
        url,
        {
            "hb0": "2025-05-11",  # fine, but not stored: all or nothing
            "bcg": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "opv1": "2025-05-01",
            "dpt1": "2025-08-09",
            "dpt2": "2025-08-09",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["bcg"] == ["Tanggal BCG tidak boleh di masa depan."]
    assert errors["opv1"] == ["Tanggal Polio tetes 1 sebelum tanggal lahir (11-05-2025)."]
    assert errors["dpt2"] == ["DPT-HB-Hib 2 harus sesudah DPT-HB-Hib 1 (09-08-2025)."]
    assert set(errors) == {"bcg", "opv1", "dpt2"}
    response = client.post(url, {"hb0": "2025-05-11", "pcv1": "31-02-2025"})
    assert response.context["form"].errors == {"pcv1": ["Masukkan tanggal yang valid."]}
    assert doses(budi) == [] and not AuditEvent.objects.filter(verb="record_immunisation").exists()
    response = client.post(url, {"hb0": "", "bcg": ""})
    assert response.context["form"].non_field_errors() == ["Isi tanggal untuk sedikitnya satu imunisasi."]


def test_a_dose_already_recorded_is_refused_with_its_date(world: Any) -> None:
    budi = world.child_a
    actions.record_immunisation(world.users["admin"], budi, "bcg", datetime.date(2025, 6, 14))
    with pytest.raises(Exception) as refused:
        actions.record_immunisations(
            world.users["kader_a"],
            budi,
            {"bcg": datetime.date(2025, 6, 20), "hb0": datetime.date(2025, 5, 11)},
        )
    assert refused.value.message_dict == {"bcg": ["BCG sudah tercatat pada 14-06-2025."]}  # type: ignore[attr-defined]
    assert doses(budi) == [("bcg", datetime.date(2025, 6, 14))]
    # At a visit: the same refusal, and the visit is not stored either.
    url = reverse("visits:visit_create", args=[world.day_a.pk])
    response = client_for(world.users["kader_a"]).post(
        f"{url}?warga={budi.pk}", {"weight_kg": "9,3", "vaccines": ["bcg"]}
    )
    assert response.status_code == 200
    assert doses(budi) == [("bcg", datetime.date(2025, 6, 14))]


def test_a_retried_submission_is_stored_once(world: Any) -> None:
    budi = world.child_a
    client = client_for(world.users["kader_a"])
    url = reverse("visits:immunisations", args=[budi.pk])
    data = {"client_uuid": str(uuid.uuid4()), "hb0": "2025-05-11", "bcg": "2025-06-14"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert doses(budi) == [("hb0", datetime.date(2025, 5, 11)), ("bcg", datetime.date(2025, 6, 14))]
