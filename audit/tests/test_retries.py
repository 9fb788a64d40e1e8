"""A retry is a retry, and only a retry (issue 11, point 2).

A form sent again with its client UUID and the same data returns what the first sending stored; sent again
with other data (browser Back, a corrected field), by another user or onto another object, it is refused on
the form and nothing is written. Never "telah disimpan" for a write that was dropped."""

from __future__ import annotations

import importlib
import inspect
import uuid
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, object_key
from campaigns.models import Campaign
from people.models import Person
from reports.models import PrevalenceTarget
from visits.models import Visit

pytestmark = pytest.mark.django_db

REFUSED = "Formulir ini sudah dikirim; muat ulang halaman."


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _events(obj: Any, verb: str) -> int:
    return AuditEvent.objects.filter(object_key=object_key(obj), verb=verb).count()


def _child_edit(world: Any, **changes: Any) -> dict[str, Any]:
    child = world.child_a
    return {
        "name": "Budi S.",
        "sex": "L",
        "birth_date": child.birth_date.isoformat(),
        "household": world.household_a.pk,
        "mother": world.mother_a.pk,
        "has_kia_book": "on",
        **changes,
    }


def test_person_edit_sent_again_with_other_data_is_refused(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("people:edit", args=[world.child_a.pk])
    sent = str(uuid.uuid4())
    first = client.post(url, _child_edit(world, client_uuid=sent), follow=True)
    assert "Data Budi S. telah disimpan." in first.content.decode()
    response = client.post(url, _child_edit(world, client_uuid=sent, name="Budi Santoso Putra"), follow=True)
    body = response.content.decode()
    assert REFUSED in body
    assert "telah disimpan" not in body
    world.child_a.refresh_from_db()
    assert world.child_a.name == "Budi S."
    assert _events(world.child_a, "update_person") == 1


def test_person_edit_sent_twice_alike_is_stored_once_and_reported_saved(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("people:edit", args=[world.child_a.pk])
    data = _child_edit(world, client_uuid=str(uuid.uuid4()))
    assert client.post(url, data).status_code == 302
    response = client.post(url, data, follow=True)
    assert "Data Budi S. telah disimpan." in response.content.decode()
    world.child_a.refresh_from_db()
    assert world.child_a.name == "Budi S."
    assert _events(world.child_a, "update_person") == 1


def test_another_user_sending_the_same_uuid_is_refused(world: Any) -> None:
    sent = str(uuid.uuid4())
    url = reverse("people:edit", args=[world.child_a.pk])
    assert (
        client_for(world.users["kader_a"]).post(url, _child_edit(world, client_uuid=sent)).status_code == 302
    )
    response = client_for(world.users["bidan_a"]).post(url, _child_edit(world, client_uuid=sent))
    assert REFUSED in response.content.decode()
    assert _events(world.child_a, "update_person") == 1


def test_the_same_uuid_on_another_object_is_refused(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    sent = str(uuid.uuid4())
    child_url = reverse("people:edit", args=[world.child_a.pk])
    assert client.post(child_url, _child_edit(world, client_uuid=sent)).status_code == 302
    mother = world.mother_a
    response = client.post(
        reverse("people:edit", args=[mother.pk]),
        {
            "name": "Dewi L.",
            "sex": "P",
            "birth_date": mother.birth_date.isoformat(),
            "household": world.household_a.pk,
            "client_uuid": sent,
        },
    )
    assert REFUSED in response.content.decode()
    mother.refresh_from_db()
    assert mother.name == "Dewi Lestari"


def test_a_registration_sent_again_returns_the_person_it_stored(world: Any) -> None:
    """The first sending stored the NIK; the retry must not collide with itself."""
    client = client_for(world.users["kader_a"])
    data = {
        "name": "Rina Wati",
        "nik": "6474014101200003",
        "sex": "P",
        "birth_date": "2020-01-01",
        "household": world.household_a.pk,
        "client_uuid": str(uuid.uuid4()),
    }
    first = client.post(reverse("people:create"), data)
    assert first.status_code == 302
    rina = Person.objects.get(nik="6474014101200003")
    again = client.post(reverse("people:create"), data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Person.objects.filter(name="Rina Wati").count() == 1
    changed = client.post(reverse("people:create"), {**data, "name": "Rina Wati Ningsih"})
    assert REFUSED in changed.content.decode()
    rina.refresh_from_db()
    assert rina.name == "Rina Wati"
    assert not AuditEvent.objects.filter(verb="refuse_nik").exists()


def test_a_registration_without_nik_sent_again_is_no_duplicate_of_itself(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    data = {
        "name": "Rina Wati",
        "sex": "P",
        "birth_date": "2020-01-01",
        "household": world.household_a.pk,
        "client_uuid": str(uuid.uuid4()),
    }
    first = client.post(reverse("people:create"), data)
    again = client.post(reverse("people:create"), data)
    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == first["Location"]
    assert Person.objects.filter(name="Rina Wati").count() == 1


def test_a_visit_sent_again_with_another_weight_is_refused(world: Any) -> None:
    client = client_for(world.users["kader_a"])
    url = reverse("visits:visit_create", args=[world.day_a.pk]) + f"?warga={world.mother_a.pk}"
    sent = str(uuid.uuid4())
    first = client.post(url, {"weight_kg": "55,5", "muac_cm": "24,1", "client_uuid": sent})
    assert first.status_code == 302
    again = client.post(url, {"weight_kg": "55,5", "muac_cm": "24,1", "client_uuid": sent})
    assert again["Location"] == first["Location"]
    response = client.post(url, {"weight_kg": "56,5", "muac_cm": "24,1", "client_uuid": sent})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    visit = Visit.objects.get(person=world.mother_a, date=world.day_a.date)
    assert visit.weight_kg == Decimal("55.50")
    assert _events(visit, "record_visit") == 1


class _FormReader(HTMLParser):
    """The values a browser would send for each form on a page (text inputs, checked boxes, selected options,
    text areas), so a test can send a page's form back as it was rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.forms[-1].append((self._select, a.get("value", "")))
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            self.forms[-1].append((a["name"], a.get("value", "on" if checkable else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1].append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, value = self.forms[-1][-1]
            self.forms[-1][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _rendered_form(client: Client, url: str) -> dict[str, Any]:
    """The form of the page that carries a client UUID, as the browser would send it."""
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    (fields,) = [f for f in reader.forms if any(name.endswith("client_uuid") for name, _v in f)]
    data: dict[str, Any] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


# (persona, the form page, fields filled in, the field corrected after Back, how to read what is stored)
FORMS = [
    pytest.param(
        "kader_a",
        lambda w: reverse("people:edit", args=[w.child_a.pk]),
        {"name": "Budi S."},
        {"name": "Budi Santoso Putra"},
        lambda w: Person.objects.get(pk=w.child_a.pk).name,
        "Budi S.",
        id="person",
    ),
    pytest.param(
        "admin",
        lambda w: reverse("posyandu:edit", args=[w.posyandu_a.pk]),
        {"name": "Melati Indah"},
        {"name": "Melati Jaya"},
        lambda w: type(w.posyandu_a).objects.get(pk=w.posyandu_a.pk).name,
        "Melati Indah",
        id="posyandu",
    ),
    pytest.param(
        "kabupaten",
        lambda w: reverse("pokjanal:body_edit", args=[w.pokjanal.body_kab.pk]),
        {"name": "Tim Pembina Posyandu Kota Bontang"},
        {"name": "TP Posyandu Bontang"},
        lambda w: type(w.pokjanal.body_kab).objects.get(pk=w.pokjanal.body_kab.pk).name,
        "Tim Pembina Posyandu Kota Bontang",
        id="pokjanal-body",
    ),
    pytest.param(
        "kader_a",
        lambda w: reverse("monthly:posyandu", args=[w.posyandu_a.pk]) + "?bulan=2026-10",
        {"kader_present": "6", "step": "simpan"},
        {"kader_present": "7", "step": "simpan"},
        lambda w: type(w.monthly_report).objects.get(pk=w.monthly_report.pk).kader_present,
        6,
        id="monthly",
    ),
    pytest.param(
        "kabupaten",
        lambda w: reverse("campaigns:create"),
        {
            "name": "Intervensi Serentak",
            "kind": "operasi_timbang",
            "region": "64.74",
            "start_date": "2026-06-01",
            "end_date": "2026-06-30",
            "target_groups": "balita",
        },
        {"name": "Intervensi Serentak Juni"},
        lambda w: sorted(Campaign.objects.filter(start_date="2026-06-01").values_list("name", flat=True)),
        ["Intervensi Serentak"],
        id="campaign",
    ),
    pytest.param(
        "admin",
        lambda w: reverse("reports:targets"),
        {"indicator": "wasting", "region": "64.74", "year": "2027", "percent": "6,5", "source": "RPJMD"},
        {"percent": "6,0"},
        lambda w: list(
            PrevalenceTarget.objects.filter(region="64.74", year=2027).values_list("percent", flat=True)
        ),
        [Decimal("6.5")],
        id="reports-target",
    ),
]


@pytest.mark.parametrize(("persona", "url_of", "filled", "corrected", "stored", "expected"), FORMS)
def test_a_form_sent_again_is_stored_once_and_a_corrected_one_refused(
    world: Any,
    persona: str,
    url_of: Any,
    filled: dict[str, str],
    corrected: dict[str, str],
    stored: Any,
    expected: Any,
) -> None:
    client = client_for(world.users[persona])
    url = url_of(world)
    data = {**_rendered_form(client, url), **filled}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    events = AuditEvent.objects.count()
    saved = stored(world)
    assert saved == expected
    again = client.post(url, data)
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    back = client.post(url, {**data, **corrected})
    assert back.status_code == 200
    assert REFUSED in back.content.decode()
    assert stored(world) == saved
    assert AuditEvent.objects.count() == events


def _actions_with_client_uuid() -> list[Any]:
    found = []
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.actions")
        except ModuleNotFoundError:
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            # An app's actions may be a package (pokjanal.actions.rakor, ...) that re-exports them.
            inside = func.__module__ == module.__name__ or func.__module__.startswith(f"{module.__name__}.")
            own = inside and not name.startswith("_")
            if own and "client_uuid" in inspect.signature(func).parameters:
                found.append(func)
    return found


def test_every_action_taking_a_client_uuid_goes_through_the_retry_check() -> None:
    actions = _actions_with_client_uuid()
    assert len(actions) >= 60  # every app's actions were found
    unchecked = [f"{f.__module__}.{f.__name__}" for f in actions if not getattr(f, "retry_checked", False)]
    assert unchecked == []


def test_a_changed_resubmission_runs_no_action_at_all(world: Any) -> None:
    """Called without a form (an import, a sync client), the arguments themselves are the submission."""
    from audit.retries import Resubmitted
    from pokjanal import actions

    kabupaten = world.users["kabupaten"]
    body = world.pokjanal.body_kab
    sent = uuid.uuid4()
    kept = ("sk_number", "sk_date", "sk_signed_by", "term_start", "term_end", "rakor_target_per_year")
    same = {name: getattr(body, name) for name in kept}
    first = actions.update_body(kabupaten, body, name="TP Posyandu Bontang", **same, client_uuid=sent)
    again = actions.update_body(kabupaten, body, name="TP Posyandu Bontang", **same, client_uuid=sent)
    assert (again.pk, again.name) == (first.pk, "TP Posyandu Bontang")
    with pytest.raises(Resubmitted):
        actions.update_body(kabupaten, body, name="TP Bontang", **same, client_uuid=sent)
    with pytest.raises(Resubmitted):
        actions.update_body(world.users["admin"], body, name="TP Posyandu Bontang", **same, client_uuid=sent)
    body.refresh_from_db()
    assert body.name == "TP Posyandu Bontang"
    assert _events(body, "update_pokjanal_body") == 1
    assert AuditEvent.objects.get(client_uuid=sent).submission_hash != ""
