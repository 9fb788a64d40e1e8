"""One visit as a FHIR R4 transaction Bundle in SATUSEHAT's conventions. Plain data in, a dict out; no Django.

The contract (docs/interop.md, "SATUSEHAT: visits out as FHIR R4"):
- the Patient is identified by NIK (`https://fhir.kemkes.go.id/id/nik`); a visit of a person without NIK is
  not sendable (`NotSendable("no_nik")`);
- one Encounter per visit, at the Location and under the Organization of the posyandu's puskesmas, identified
  as `http://sys-ids.kemkes.go.id/encounter/{org_id}|{visit id}`;
- one Observation per measured quantity (`codes`), identified as
  `http://sys-ids.kemkes.go.id/observation/{org_id}|{visit id}-{measure}`;
- every entry is a conditional create (`request.ifNoneExist` on its identifier), so sending a visit again
  creates nothing twice; the entries' `fullUrl`s are UUIDs derived from the identifiers, so the same visit
  gives the same Bundle, byte for byte (its hash tells whether anything changed);
- a visit corrected after it was sent (`update=True`) goes again as conditional updates (`PUT
  Observation?identifier=...`) of its Encounter and Observations, as idempotent as the creates, and a
  measurement sent before but since removed (`withdrawn`, identifier values) is sent as `entered-in-error`.
  The Patient is always a conditional create: the national register's demographics are not overwritten.
The Bundle is validated with `fhir.resources` (R4B, the R4-compatible release) before it is returned.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from exchange.satusehat import codes
from exchange.satusehat.codes import Measure

NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
ENCOUNTER_SYSTEM = "http://sys-ids.kemkes.go.id/encounter/{org_id}"
OBSERVATION_SYSTEM = "http://sys-ids.kemkes.go.id/observation/{org_id}"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# Stable fullUrls: the same identifier always gives the same urn:uuid.
_URN_NAMESPACE = uuid.UUID("5b0a9d1e-3c1f-4f64-9a55-3f1c2f7a0e11")

Json = dict[str, Any]


class NotSendable(Exception):
    """The visit cannot be expressed in SATUSEHAT's terms; `reason` is a code the caller words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Facility:
    """The puskesmas a posyandu belongs to, as SATUSEHAT knows it."""

    organization_id: str
    location_id: str
    name: str


@dataclass(frozen=True)
class PatientData:
    nik: str | None
    name: str
    sex: str  # "L" or "P"
    birth_date: datetime.date


@dataclass(frozen=True)
class VisitData:
    """What was measured at one visit; `None` is "not measured"."""

    visit_id: int
    date: datetime.date
    patient: PatientData
    posyandu_name: str
    facility: Facility | None
    weight_kg: Decimal | None = None
    length_height_cm: Decimal | None = None
    lying: bool | None = None  # position of length_height_cm: True lying, False standing, None not recorded
    head_circumference_cm: Decimal | None = None
    muac_cm: Decimal | None = None
    waist_cm: Decimal | None = None
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    glucose_mg_dl: int | None = None
    glucose_fasting: bool = False
    hb_g_dl: Decimal | None = None


def build_bundle(
    visit: VisitData, *, org_id: str, update: bool = False, withdrawn: frozenset[str] = frozenset()
) -> Json:
    """The transaction Bundle of `visit`, validated. Raises `NotSendable` ("no_nik", "no_facility",
    "no_position": a length or height without the position it was measured in). `withdrawn` holds the
    Observation identifier values sent before that this visit no longer has (see the module's contract)."""
    if not visit.patient.nik:
        raise NotSendable("no_nik")
    if visit.facility is None:
        raise NotSendable("no_facility")
    if visit.length_height_cm is not None and visit.lying is None:
        raise NotSendable("no_position")
    patient_entry = _patient_entry(visit.patient)
    encounter_entry = _encounter_entry(visit, visit.facility, org_id, patient_entry["fullUrl"], update)
    context = _Context(
        visit, org_id, patient_entry["fullUrl"], encounter_entry["fullUrl"], visit.facility, update
    )
    observations = _observation_entries(context)
    kept = {observation_value(entry) for entry in observations}
    retracted = [_withdrawn(context, value) for value in sorted(withdrawn - kept)]
    bundle: Json = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [patient_entry, encounter_entry, *observations, *retracted],
    }
    Bundle.model_validate(bundle)
    return bundle


def bundle_hash(bundle: Json) -> str:
    """SHA-256 of the Bundle's canonical JSON: equal for equal content."""
    text = json.dumps(bundle, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def observation_values(bundle: Json) -> frozenset[str]:
    """The identifier values of the Observations a Bundle carries with a value (not withdrawn ones)."""
    return frozenset(
        observation_value(entry)
        for entry in bundle.get("entry", [])
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["status"] != "entered-in-error"
    )


def observation_value(entry: Json) -> str:
    return str(entry["resource"]["identifier"][0]["value"])


@dataclass(frozen=True)
class _Context:
    visit: VisitData
    org_id: str
    patient_url: str
    encounter_url: str
    facility: Facility
    update: bool


def _urn(system: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_URN_NAMESPACE, f'{system}|{value}')}"


def _entry(resource: Json, *, system: str, value: str, update: bool = False) -> Json:
    kind = resource["resourceType"]
    condition = f"identifier={system}|{value}"
    request = (
        {"method": "PUT", "url": f"{kind}?{condition}"}
        if update
        else {"method": "POST", "url": kind, "ifNoneExist": condition}
    )
    return {"fullUrl": _urn(system, value), "resource": resource, "request": request}


def _patient_entry(patient: PatientData) -> Json:
    nik = patient.nik or ""
    resource: Json = {
        "resourceType": "Patient",
        "identifier": [{"use": "official", "system": NIK_SYSTEM, "value": nik}],
        "active": True,
        "name": [{"use": "official", "text": patient.name}],
        "gender": "male" if patient.sex == "L" else "female",
        "birthDate": patient.birth_date.isoformat(),
    }
    return _entry(resource, system=NIK_SYSTEM, value=nik)


def _encounter_entry(
    visit: VisitData, facility: Facility, org_id: str, patient_url: str, update: bool
) -> Json:
    system = ENCOUNTER_SYSTEM.format(org_id=org_id)
    value = str(visit.visit_id)
    day = visit.date.isoformat()
    resource: Json = {
        "resourceType": "Encounter",
        "identifier": [{"system": system, "value": value}],
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "subject": {"reference": patient_url, "display": visit.patient.name},
        "period": {"start": day, "end": day},
        "statusHistory": [{"status": "finished", "period": {"start": day, "end": day}}],
        "location": [
            {
                "location": {
                    "reference": f"Location/{facility.location_id}",
                    "display": f"{facility.name} · Posyandu {visit.posyandu_name}",
                }
            }
        ],
        "serviceProvider": {"reference": f"Organization/{facility.organization_id}"},
    }
    return _entry(resource, system=system, value=value, update=update)


def _observation_entries(ctx: _Context) -> list[Json]:
    v = ctx.visit
    single: list[tuple[Measure, Decimal | int | None]] = [
        (codes.WEIGHT, v.weight_kg),
        (codes.LENGTH_LYING if v.lying else codes.HEIGHT_STANDING, v.length_height_cm),
        (codes.HEAD_CIRCUMFERENCE, v.head_circumference_cm),
        (codes.MUAC, v.muac_cm),
        (codes.WAIST, v.waist_cm),
        (codes.GLUCOSE_FASTING if v.glucose_fasting else codes.GLUCOSE, v.glucose_mg_dl),
        (codes.HAEMOGLOBIN, v.hb_g_dl),
    ]
    entries = [
        _observation(ctx, measure, _quantity(measure, value))
        for measure, value in single
        if value is not None
    ]
    if v.systolic_mmhg is not None or v.diastolic_mmhg is not None:
        entries.append(_blood_pressure(ctx))
    return entries


def _quantity(measure: Measure, value: Decimal | int) -> Json:
    number: float | int = value if isinstance(value, int) else float(value)
    return {"value": number, "unit": measure.unit, "system": codes.UCUM, "code": measure.unit}


def _coded(measure: Measure) -> Json:
    return {"coding": [{"system": measure.system, "code": measure.code, "display": measure.display}]}


def _observation(
    ctx: _Context, measure: Measure, value: Json | None, *, status: str = "final", **extra: Any
) -> Json:
    system = OBSERVATION_SYSTEM.format(org_id=ctx.org_id)
    identifier = f"{ctx.visit.visit_id}-{measure.key}"
    resource: Json = {
        "resourceType": "Observation",
        "identifier": [{"system": system, "value": identifier}],
        "status": status,
        "category": [
            {
                "coding": [
                    {
                        "system": codes.OBSERVATION_CATEGORY,
                        "code": measure.category,
                        "display": codes.CATEGORY_DISPLAY[measure.category],
                    }
                ]
            }
        ],
        "code": _coded(measure),
        "subject": {"reference": ctx.patient_url},
        "encounter": {"reference": ctx.encounter_url},
        "effectiveDateTime": ctx.visit.date.isoformat(),
        "performer": [{"reference": f"Organization/{ctx.facility.organization_id}"}],
    }
    if value is not None:
        resource["valueQuantity"] = value
    resource.update(extra)
    return _entry(resource, system=system, value=identifier, update=ctx.update)


def _withdrawn(ctx: _Context, identifier_value: str) -> Json:
    """A measurement sent before and since removed by a correction: the same Observation, entered in error.
    `identifier_value` is one this module made (`{visit id}-{measure key}`)."""
    measure = codes.BY_KEY[identifier_value.rsplit("-", 1)[-1]]
    return _observation(ctx, measure, None, status="entered-in-error")


def _blood_pressure(ctx: _Context) -> Json:
    v = ctx.visit
    components = [
        {"code": _coded(measure), "valueQuantity": _quantity(measure, value)}
        for measure, value in ((codes.SYSTOLIC, v.systolic_mmhg), (codes.DIASTOLIC, v.diastolic_mmhg))
        if value is not None
    ]
    return _observation(ctx, codes.BLOOD_PRESSURE, None, component=components)
