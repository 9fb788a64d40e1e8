"""The codes a visit's measurements travel with to SATUSEHAT: LOINC for what was measured, UCUM for its unit.

Only codes that name exactly what the kader measured are used (docs/interop.md, "SATUSEHAT: visits out as
FHIR R4"). LOINC has no code for a WHO z-score (weight-for-age, length/height-for-age, weight-for-length/
height, BMI-, head- or arm-circumference-for-age): it has percentiles per age and sex (CDC charts, US Core)
but not the standard deviation scores of the WHO 2006 standards, so the z-scores stay here and SATUSEHAT
receives the raw measurements from which they are computed. Plain data, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class Measure:
    """One measured quantity: its key in the identifiers, code and display (LOINC unless `system` says
    otherwise), UCUM unit, category."""

    key: str
    code: str
    display: str
    unit: str
    category: str = "vital-signs"
    system: str = LOINC


WEIGHT = Measure("weight", "29463-7", "Body weight", "kg")
# A child under two is measured lying (length), older children standing (height): two LOINC codes, as the
# visit records the position (docs/domain.md: a length taken standing is corrected by WHO's 0.7 cm, but what
# is sent is what was measured, with the position it was measured in).
LENGTH_LYING = Measure("length", "8306-3", "Body height --lying", "cm")
HEIGHT_STANDING = Measure("height", "8302-2", "Body height", "cm")
HEAD_CIRCUMFERENCE = Measure("head", "9843-4", "Head Occipital-frontal circumference", "cm")
# LiLA (lingkar lengan atas), taken on the left arm: LOINC's only mid upper arm code, 56072-2, names the
# right arm, so the side-less SNOMED CT concept is sent, as the Ministry's ANC guide codes LiLA
# (hi-dinanti/ancthesis-implementationguide, ValueSet ANCMUACVS: 284473002 "Mid upper arm circumference").
MUAC = Measure("muac", "284473002", "Mid upper arm circumference", "cm", "exam", SNOMED)
WAIST = Measure("waist", "8280-0", "Waist Circumference at umbilicus by Tape measure", "cm", "exam")
BLOOD_PRESSURE = Measure("bp", "85354-9", "Blood pressure panel with all children optional", "mm[Hg]")
SYSTOLIC = Measure("systolic", "8480-6", "Systolic blood pressure", "mm[Hg]")
DIASTOLIC = Measure("diastolic", "8462-4", "Diastolic blood pressure", "mm[Hg]")
GLUCOSE = Measure("glucose", "2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", "laboratory")
GLUCOSE_FASTING = Measure(
    "glucose", "1556-0", "Fasting glucose [Mass/volume] in Capillary blood", "mg/dL", "laboratory"
)
HAEMOGLOBIN = Measure("hb", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "laboratory")

CATEGORY_DISPLAY = {"vital-signs": "Vital Signs", "exam": "Exam", "laboratory": "Laboratory"}

# An identifier's measure key → the measure (a withdrawn measurement is sent with its code). Glucose has one
# key for both codes: a correction of "fasting" updates the same Observation.
BY_KEY = {
    m.key: m
    for m in (
        WEIGHT,
        LENGTH_LYING,
        HEIGHT_STANDING,
        HEAD_CIRCUMFERENCE,
        MUAC,
        WAIST,
        BLOOD_PRESSURE,
        GLUCOSE,
        HAEMOGLOBIN,
    )
}
