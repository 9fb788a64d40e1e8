"""`satusehat_push` against the local stand-in: token, Bundles, idempotent resend, retries, refusals, and the
secret nowhere but in the token request."""

from __future__ import annotations

import datetime
import io
import json
import logging
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from conftest import TODAY
from exchange.satusehat.client import SatusehatClient, TokenRefused
from exchange.satusehat.models import Submission, SubmissionStatus
from exchange.satusehat.push import push
from exchange.satusehat.reading import pending
from exchange.satusehat.tests.conftest import ORG_ID, Sending
from exchange.satusehat.tests.stand_in import CLIENT_SECRET, outcome_400
from people.actions import register_person, update_person
from visits.actions import correct_visit, record_visit
from visits.models import Visit

pytestmark = pytest.mark.django_db


def submission(visit: Visit) -> Submission:
    return Submission.objects.get(visit=visit)


def test_pending_visits_are_sent_and_a_resend_creates_nothing(sending: Sending) -> None:
    store = sending.store
    result = push(org_id=ORG_ID, client=sending.client())
    assert store.problems == []
    child = submission(sending.child_visit)
    assert child.status == SubmissionStatus.SENT
    assert child.http_status == 200
    assert child.attempts == 1
    # Patient, Encounter and weight, lying length and head circumference: five resources, five ids.
    assert len(child.resource_ids) == 5
    assert child.resource_ids[0].startswith("Patient/")
    assert child.bundle == child.sent_bundle
    mother = submission(sending.mother_visit)
    assert mother.status == SubmissionStatus.SENT
    assert mother.bundle is not None
    codes = {
        e["resource"]["code"]["coding"][0]["code"]
        for e in mother.bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    assert codes == {"29463-7", "284473002", "85354-9", "718-7"}
    assert store.token_requests == 1  # one token for the whole run
    assert result.counts["sent"] >= 2
    created = store.created
    # One Patient per NIK, whatever the number of visits.
    patients = [k for k in store.resources if k[0] == "Patient"]
    assert len(patients) == len(set(patients))

    # Nothing is pending any more but the visits that cannot go; a second run sends nothing.
    again = push(org_id=ORG_ID, client=sending.client())
    assert again.counts["sent"] == 0
    assert store.created == created
    # The same Bundle sent again (an answer lost on the way): everything exists, nothing is created.
    assert child.bundle is not None
    answer = sending.client().send(child.bundle)
    assert answer.ok
    assert store.created == created
    assert {e["response"]["status"] for e in answer.body["entry"]} == {"200 OK"}
    assert sorted(answer.resource_ids) == sorted(child.resource_ids)


def test_visits_that_cannot_be_sent_say_why_and_wait(sending: Sending) -> None:
    push(org_id=ORG_ID, client=sending.client())
    no_nik = submission(sending.world.visit_a)  # Budi has no NIK
    assert (no_nik.status, no_nik.reason, no_nik.attempts, no_nik.bundle) == (
        SubmissionStatus.BLOCKED,
        "no_nik",
        0,
        None,
    )
    assert "NIK" in no_nik.error
    unmapped = submission(sending.other_visit)  # posyandu_b's kecamatan has no puskesmas mapped
    assert (unmapped.status, unmapped.reason) == (SubmissionStatus.BLOCKED, "no_facility")
    assert sending.store.problems == []
    still = set(pending(Visit.objects.all()).values_list("pk", flat=True))
    assert {sending.world.visit_a.pk, sending.other_visit.pk} <= still
    assert sending.child_visit.pk not in still
    # Tried again on the next run (a NIK may have come), but not written again while the reason holds.
    events = AuditEvent.objects.filter(verb="satusehat_send").count()
    again = push(org_id=ORG_ID, client=sending.client())
    assert again.counts["blocked"] >= 2
    assert AuditEvent.objects.filter(verb="satusehat_send").count() == events
    assert submission(sending.world.visit_a).sends == 0


def test_a_503_then_200_is_retried_with_growing_waits(sending: Sending) -> None:
    sending.store.script = [(503, outcome_400("sibuk")), (503, outcome_400("sibuk"))]
    push(org_id=ORG_ID, client=sending.client())
    first = submission(sending.child_visit)  # the first visit sent (Budi's, older by its id, has no NIK)
    assert first.status == SubmissionStatus.SENT
    assert first.attempts == 3
    assert sending.delays == [2.0, 4.0]


def test_a_400_is_recorded_with_its_message_and_not_retried(sending: Sending) -> None:
    sending.store.script = [(400, outcome_400("Patient.identifier NIK tidak ditemukan di MPI"))]
    push(org_id=ORG_ID, client=sending.client())
    refused = submission(sending.child_visit)
    assert refused.status == SubmissionStatus.FAILED
    assert refused.http_status == 400
    assert refused.attempts == 1
    assert refused.error == "HTTP 400: Patient.identifier NIK tidak ditemukan di MPI"
    assert refused.answer is not None and refused.answer["resourceType"] == "OperationOutcome"
    assert sending.delays == []
    assert submission(sending.mother_visit).status == SubmissionStatus.SENT  # one refusal stops nothing
    # A refused visit stays pending and goes on the next run.
    push(org_id=ORG_ID, client=sending.client())
    refused.refresh_from_db()
    assert (refused.status, refused.sends, refused.error) == (SubmissionStatus.SENT, 2, "")


def test_an_expired_token_is_renewed_once(sending: Sending) -> None:
    client = sending.client()
    push(org_id=ORG_ID, client=client, limit=2)  # Budi's (no NIK) and Siti's
    sending.store.expire_tokens()
    push(org_id=ORG_ID, client=client)
    assert sending.store.token_requests == 2
    assert Submission.objects.filter(status=SubmissionStatus.SENT).count() == 2


def test_wrong_credentials_stop_the_run_and_record_nothing(sending: Sending) -> None:
    with pytest.raises(TokenRefused):
        push(org_id=ORG_ID, client=sending.client(secret="salah"))  # a wrong test secret
    assert not Submission.objects.filter(status__in=[SubmissionStatus.SENT, SubmissionStatus.FAILED]).exists()
    assert sending.store.bundle_requests == 0


def test_a_corrected_visit_goes_again_as_an_update(sending: Sending) -> None:
    push(org_id=ORG_ID, client=sending.client())
    created = sending.store.created
    visit = Visit.objects.get(pk=sending.child_visit.pk)
    correct_visit(
        sending.world.users["admin"],
        visit,
        {"weight_kg": Decimal("8.1"), "head_circumference_cm": None},
    )
    assert sending.child_visit.pk in set(pending(Visit.objects.all()).values_list("pk", flat=True))
    push(org_id=ORG_ID, client=sending.client())
    assert sending.store.problems == []
    sent = submission(sending.child_visit)
    assert sent.status == SubmissionStatus.SENT
    assert sending.store.created == created  # updated, nothing new
    weight = sending.store.resources[
        ("Observation", f"http://sys-ids.kemkes.go.id/observation/{ORG_ID}|{visit.pk}-weight")
    ]
    assert weight["valueQuantity"]["value"] == 8.1
    head = sending.store.resources[
        ("Observation", f"http://sys-ids.kemkes.go.id/observation/{ORG_ID}|{visit.pk}-head")
    ]
    assert head["status"] == "entered-in-error"
    assert sending.child_visit.pk not in set(pending(Visit.objects.all()).values_list("pk", flat=True))


def test_the_command_sends_and_keeps_the_secret_out_of_output_logs_and_database(
    sending: Sending, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    out = io.StringIO()
    call_command("satusehat_push", "--limit", "5", stdout=out)
    text = out.getvalue()
    assert f"kunjungan {sending.child_visit.pk}" in text
    assert "terkirim (HTTP 200)" in text
    assert sending.store.problems == []
    assert Submission.objects.filter(status=SubmissionStatus.SENT).count() == 2
    stored = json.dumps(list(Submission.objects.values()), default=str)
    audited = json.dumps(list(AuditEvent.objects.values("changes")), default=str)
    tokens = sending.store.tokens
    for secret in (CLIENT_SECRET, *tokens):
        assert secret not in text
        assert secret not in caplog.text
        assert secret not in stored
        assert secret not in audited
    # The stand-in saw the bearer token on every Bundle request.
    assert all(h["Authorization"].removeprefix("Bearer ") in tokens for h in sending.store.seen_headers)


def test_a_dry_run_builds_and_validates_but_sends_and_stores_nothing(sending: Sending) -> None:
    out = io.StringIO()
    call_command("satusehat_push", "--dry-run", stdout=out)
    assert "Bundle sah" in out.getvalue()
    assert "NIK warga belum tercatat" in out.getvalue()
    assert not Submission.objects.exists()
    assert sending.store.token_requests == sending.store.bundle_requests == 0


def test_missing_configuration_names_the_variables_not_their_values(
    sending: Sending, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SATUSEHAT_BASE_URL")
    monkeypatch.setenv("SATUSEHAT_CLIENT_ID", " ")
    with pytest.raises(CommandError) as refused:
        call_command("satusehat_push", stdout=io.StringIO())
    assert "SATUSEHAT_BASE_URL" in str(refused.value)
    assert "SATUSEHAT_CLIENT_ID" in str(refused.value)
    assert CLIENT_SECRET not in str(refused.value)
    assert not Submission.objects.exists()


def test_a_visit_saved_again_with_the_same_bundle_is_not_resent(sending: Sending) -> None:
    push(org_id=ORG_ID, client=sending.client())
    requests_before = sending.store.bundle_requests
    visit = Visit.objects.get(pk=sending.child_visit.pk)
    correct_visit(sending.world.users["admin"], visit, {"notes": "ASI eksklusif, lanjutkan MP-ASI"})
    assert visit.pk in set(pending(Visit.objects.all()).values_list("pk", flat=True))
    result = push(org_id=ORG_ID, client=sending.client())
    assert result.counts["unchanged"] == 1
    assert sending.store.bundle_requests == requests_before
    assert submission(visit).status == SubmissionStatus.SENT
    assert visit.pk not in set(pending(Visit.objects.all()).values_list("pk", flat=True))


def test_adults_and_held_measurements_are_not_sent(sending: Sending) -> None:
    admin = sending.world.users["admin"]
    father = register_person(
        admin,
        name="Ahmad Fauzi",
        nik="6474010101900005",
        sex="L",
        birth_date=datetime.date(1990, 1, 1),
        household=sending.world.household_a,
    )
    adult = record_visit(
        admin,
        father,
        sending.world.day_a.date,
        {"systolic_mmhg": 150, "diastolic_mmhg": 95},
        opening_day=sending.world.day_a,
    )
    twin = register_person(
        admin,
        name="Sari Aminah",
        nik="6474014102260006",
        sex="P",
        birth_date=TODAY - datetime.timedelta(days=290),
        household=sending.world.household_a,
    )
    # 19 kg at nine months: beyond WHO's flag limit and no misplaced comma, so held for a re-check.
    held = record_visit(
        admin, twin, sending.world.day_a.date, {"weight_kg": Decimal("19.0")}, opening_day=sending.world.day_a
    )
    assert held.held
    waiting = set(pending(Visit.objects.all()).values_list("pk", flat=True))
    assert adult.pk not in waiting
    assert held.pk not in waiting
    assert sending.child_visit.pk in waiting
    push(org_id=ORG_ID, client=sending.client())
    assert not Submission.objects.filter(visit__in=[adult, held]).exists()


def test_a_limit_below_one_is_refused(sending: Sending) -> None:
    with pytest.raises(CommandError):
        call_command("satusehat_push", "--limit", "0", stdout=io.StringIO())
    assert sending.store.token_requests == 0


def test_a_visit_blocked_for_want_of_a_nik_goes_once_the_nik_is_recorded(sending: Sending) -> None:
    push(org_id=ORG_ID, client=sending.client())
    assert submission(sending.world.visit_a).reason == "no_nik"
    update_person(sending.world.users["admin"], sending.world.child_a, nik="6474011105250003")
    push(org_id=ORG_ID, client=sending.client())
    sent = submission(sending.world.visit_a)
    assert (sent.status, sent.reason, sent.error) == (SubmissionStatus.SENT, "", "")
    assert sent.bundle is not None
    assert sent.bundle["entry"][0]["resource"]["identifier"][0]["value"] == "6474011105250003"
    assert sending.store.problems == []


def test_a_server_that_does_not_answer_is_tried_five_times_then_recorded(sending: Sending) -> None:
    import socket

    with socket.socket() as unused:  # a port nobody listens on once closed
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    connection = replace(sending.connection(), base_url=f"http://127.0.0.1:{port}/fhir-r4/v1")
    client = SatusehatClient(connection, sleep=sending.delays.append)
    push(org_id=ORG_ID, client=client, limit=2)  # Budi's (no NIK) and Siti's
    failed = submission(sending.child_visit)
    assert (failed.status, failed.reason, failed.http_status, failed.attempts) == (
        SubmissionStatus.FAILED,
        "network",
        None,
        5,
    )
    assert failed.error.startswith("URLError")
    assert sending.delays == [2.0, 4.0, 8.0, 16.0]
    assert sending.child_visit.pk in set(pending(Visit.objects.all()).values_list("pk", flat=True))
