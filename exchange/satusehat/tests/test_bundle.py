"""The pure Bundle builder: SATUSEHAT's identifiers, LOINC and UCUM, and every resource valid FHIR R4."""

from __future__ import annotations

import datetime
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.satusehat.bundle import (
    NIK_SYSTEM,
    Facility,
    NotSendable,
    PatientData,
    VisitData,
    build_bundle,
    bundle_hash,
    observation_values,
)

ORG = "10000004"
PUSKESMAS = Facility(
    organization_id="10000187", location_id="b017aa54-f1df-4ec2", name="Puskesmas Bontang Utara"
)
MOTHER = PatientData(
    nik="6474015505950001", name="Dewi Lestari", sex="P", birth_date=datetime.date(1995, 5, 15)
)
CHILD = PatientData(nik="6474011203250002", name="Budi", sex="L", birth_date=datetime.date(2025, 3, 12))


def child_visit(**measures: Any) -> VisitData:
    return VisitData(
        visit_id=41,
        date=datetime.date(2026, 11, 10),
        patient=CHILD,
        posyandu_name="Melati",
        facility=PUSKESMAS,
        **measures,
    )


def observations(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Observations by their code."""
    return {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }


def assert_every_resource_valid(bundle: dict[str, Any]) -> None:
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        request = entry["request"]
        if request["method"] == "POST":
            assert request["ifNoneExist"].startswith("identifier=")
            system, value = request["ifNoneExist"].removeprefix("identifier=").split("|")
        else:
            assert request["method"] == "PUT"
            system, value = request["url"].split("?identifier=")[1].split("|")
        assert resource["identifier"][0] == {**resource["identifier"][0], "system": system, "value": value}


def test_a_child_measured_lying_is_sent_with_the_lying_length_code() -> None:
    bundle = build_bundle(
        child_visit(weight_kg=Decimal("9.0"), length_height_cm=Decimal("74.0"), lying=True), org_id=ORG
    )
    assert bundle["type"] == "transaction"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "Encounter", "Observation", "Observation"]
    found = observations(bundle)
    assert set(found) == {"29463-7", "8306-3"}
    assert found["29463-7"]["valueQuantity"] == {
        "value": 9.0,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }
    assert found["8306-3"]["valueQuantity"]["code"] == "cm"
    assert_every_resource_valid(bundle)


def test_standing_height_has_its_own_code_and_identifier() -> None:
    bundle = build_bundle(child_visit(length_height_cm=Decimal("95.5"), lying=False), org_id=ORG)
    found = observations(bundle)
    assert set(found) == {"8302-2"}
    assert found["8302-2"]["identifier"] == [
        {"system": f"http://sys-ids.kemkes.go.id/observation/{ORG}", "value": "41-height"}
    ]


def test_patient_by_nik_encounter_at_the_puskesmas_and_references_inside_the_bundle() -> None:
    bundle = build_bundle(child_visit(weight_kg=Decimal("11.25")), org_id=ORG)
    patient, encounter, weight = (e for e in bundle["entry"])
    assert patient["resource"]["identifier"][0]["system"] == NIK_SYSTEM == "https://fhir.kemkes.go.id/id/nik"
    assert patient["request"] == {
        "method": "POST",
        "url": "Patient",
        "ifNoneExist": f"identifier={NIK_SYSTEM}|6474011203250002",
    }
    assert patient["resource"]["gender"] == "male"
    assert encounter["resource"]["identifier"] == [
        {"system": f"http://sys-ids.kemkes.go.id/encounter/{ORG}", "value": "41"}
    ]
    assert encounter["resource"]["serviceProvider"] == {"reference": "Organization/10000187"}
    assert encounter["resource"]["location"][0]["location"]["reference"] == "Location/b017aa54-f1df-4ec2"
    assert encounter["resource"]["subject"]["reference"] == patient["fullUrl"]
    assert weight["resource"]["encounter"]["reference"] == encounter["fullUrl"]
    assert weight["resource"]["subject"]["reference"] == patient["fullUrl"]
    assert weight["resource"]["valueQuantity"]["value"] == 11.25
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in bundle["entry"])


def test_a_pregnancy_check_sends_blood_pressure_hb_muac_and_glucose() -> None:
    visit = VisitData(
        visit_id=7,
        date=datetime.date(2026, 11, 3),
        patient=MOTHER,
        posyandu_name="Melati",
        facility=PUSKESMAS,
        weight_kg=Decimal("58.4"),
        muac_cm=Decimal("22.5"),
        systolic_mmhg=142,
        diastolic_mmhg=91,
        hb_g_dl=Decimal("10.4"),
        glucose_mg_dl=96,
        glucose_fasting=True,
    )
    bundle = build_bundle(visit, org_id=ORG)
    found = observations(bundle)
    assert set(found) == {"29463-7", "284473002", "85354-9", "718-7", "1556-0"}
    bp = found["85354-9"]
    assert "valueQuantity" not in bp
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in bp["component"]] == [
        ("8480-6", 142),
        ("8462-4", 91),
    ]
    assert {c["valueQuantity"]["code"] for c in bp["component"]} == {"mm[Hg]"}
    assert found["718-7"]["valueQuantity"]["code"] == "g/dL"
    assert found["718-7"]["category"][0]["coding"][0]["code"] == "laboratory"
    assert found["1556-0"]["valueQuantity"] == {
        "value": 96,
        "unit": "mg/dL",
        "system": "http://unitsofmeasure.org",
        "code": "mg/dL",
    }
    assert bundle["entry"][0]["resource"]["gender"] == "female"
    assert_every_resource_valid(bundle)


def test_random_glucose_has_the_blood_glucose_code() -> None:
    found = observations(build_bundle(child_visit(glucose_mg_dl=180), org_id=ORG))
    assert set(found) == {"2339-0"}


def test_a_visit_without_measurements_is_an_encounter_only() -> None:
    bundle = build_bundle(child_visit(), org_id=ORG)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient", "Encounter"]
    assert_every_resource_valid(bundle)


@pytest.mark.parametrize(
    ("visit", "reason"),
    [
        (replace(child_visit(weight_kg=Decimal("9")), patient=replace(CHILD, nik=None)), "no_nik"),
        (replace(child_visit(weight_kg=Decimal("9")), patient=replace(CHILD, nik="")), "no_nik"),
        (replace(child_visit(), facility=None), "no_facility"),
        (child_visit(length_height_cm=Decimal("80.0")), "no_position"),
    ],
)
def test_what_cannot_be_sent_says_why(visit: VisitData, reason: str) -> None:
    with pytest.raises(NotSendable) as caught:
        build_bundle(visit, org_id=ORG)
    assert caught.value.reason == reason


def test_the_same_visit_gives_the_same_bundle_and_a_change_another_hash() -> None:
    one = build_bundle(child_visit(weight_kg=Decimal("9.0")), org_id=ORG)
    again = build_bundle(child_visit(weight_kg=Decimal("9.0")), org_id=ORG)
    corrected = build_bundle(child_visit(weight_kg=Decimal("9.1")), org_id=ORG)
    assert one == again
    assert bundle_hash(one) == bundle_hash(again) != bundle_hash(corrected)


def test_a_correction_updates_conditionally_and_withdraws_what_was_removed() -> None:
    first = build_bundle(
        child_visit(weight_kg=Decimal("9.0"), length_height_cm=Decimal("74.0"), lying=True), org_id=ORG
    )
    assert observation_values(first) == {"41-weight", "41-length"}
    corrected = build_bundle(
        child_visit(weight_kg=Decimal("9.2"), length_height_cm=Decimal("74.0"), lying=False),
        org_id=ORG,
        update=True,
        withdrawn=observation_values(first),
    )
    by_value = {e["resource"]["identifier"][0]["value"]: e for e in corrected["entry"]}
    assert by_value["41-weight"]["request"] == {
        "method": "PUT",
        "url": f"Observation?identifier=http://sys-ids.kemkes.go.id/observation/{ORG}|41-weight",
    }
    assert by_value["41-length"]["resource"]["status"] == "entered-in-error"
    assert "valueQuantity" not in by_value["41-length"]["resource"]
    assert by_value["41-height"]["resource"]["status"] == "final"
    assert by_value["41"]["request"]["method"] == "PUT"  # the Encounter
    assert corrected["entry"][0]["request"]["method"] == "POST"  # the Patient is never overwritten
    assert observation_values(corrected) == {"41-weight", "41-height"}
    assert_every_resource_valid(corrected)


def test_the_builder_loads_no_django() -> None:
    """The builder is plain data in, dict out: importing it (a fresh interpreter) loads no Django module."""
    probe = (
        "import sys, exchange.satusehat.bundle; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"


decimals = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("180"), places=1)
maybe = st.none() | decimals
small_ints = st.none() | st.integers(min_value=30, max_value=400)


@st.composite
def visits(draw: st.DrawFn) -> VisitData:
    has_length = draw(st.booleans())
    return VisitData(
        visit_id=draw(st.integers(min_value=1, max_value=10**9)),
        date=draw(st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2026, 12, 3))),
        patient=PatientData(
            nik=draw(st.from_regex(r"\A[1-9]\d{15}\Z")),
            name=draw(st.text(min_size=1, max_size=60).filter(str.strip)),
            sex=draw(st.sampled_from(["L", "P"])),
            birth_date=draw(
                st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2020, 1, 1))
            ),
        ),
        posyandu_name=draw(st.text(min_size=1, max_size=40).filter(str.strip)),
        facility=PUSKESMAS,
        weight_kg=draw(maybe),
        length_height_cm=draw(decimals) if has_length else None,
        lying=draw(st.booleans()) if has_length else draw(st.none() | st.booleans()),
        head_circumference_cm=draw(maybe),
        muac_cm=draw(maybe),
        waist_cm=draw(maybe),
        systolic_mmhg=draw(small_ints),
        diastolic_mmhg=draw(small_ints),
        glucose_mg_dl=draw(small_ints),
        glucose_fasting=draw(st.booleans()),
        hb_g_dl=draw(st.none() | st.decimals(min_value=Decimal("3"), max_value=Decimal("20"), places=1)),
    )


@settings(max_examples=150, deadline=None)
@given(visit=visits(), update=st.booleans())
def test_every_generated_resource_is_valid_fhir(visit: VisitData, update: bool) -> None:
    previous = frozenset({f"{visit.visit_id}-hb", f"{visit.visit_id}-bp"}) if update else frozenset()
    bundle = build_bundle(visit, org_id=ORG, update=update, withdrawn=previous)
    assert_every_resource_valid(bundle)
    measured = [
        visit.weight_kg,
        visit.length_height_cm,
        visit.head_circumference_cm,
        visit.muac_cm,
        visit.waist_cm,
        visit.glucose_mg_dl,
        visit.hb_g_dl,
    ]
    bp = visit.systolic_mmhg is not None or visit.diastolic_mmhg is not None
    assert len(observation_values(bundle)) == sum(v is not None for v in measured) + bp
    assert len({e["fullUrl"] for e in bundle["entry"]}) == len(bundle["entry"])
