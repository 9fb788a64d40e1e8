"""The five ILP posyandu steps (stations) and what each life stage gets at each, as data.

A region that arranges its stations differently changes this table, not the forms: the visit form shows
each station's fields that apply to the visitor, in station order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rules.life_stage import Stage
from rules.screening import _

STATIONS_VERSION = "ilp-5-langkah-2024"


@dataclass(frozen=True)
class Station:
    number: int
    title: str
    fields: dict[str, tuple[str, ...]]  # visitor group → visit fields


# Visitor groups: the life stage, with pregnancy as its own group (a state, not an age).
CHILD = "anak"  # 0–59 months
SCHOOL = "usia_sekolah"  # 5–9 years
ADOLESCENT = "remaja"
ADULT = "dewasa"
ELDERLY = "lansia"
PREGNANT = "ibu_hamil"

STATIONS: tuple[Station, ...] = (
    Station(1, _("Pendaftaran"), {}),
    Station(
        2,
        _("Penimbangan dan pengukuran"),
        {
            CHILD: (
                "weight_kg",
                "length_height_cm",
                "position",
                "head_circumference_cm",
                "muac_cm",
                "oedema",
            ),
            SCHOOL: ("weight_kg", "length_height_cm"),
            ADOLESCENT: ("weight_kg", "length_height_cm", "muac_cm"),
            ADULT: ("weight_kg", "length_height_cm", "waist_cm", "muac_cm"),
            ELDERLY: ("weight_kg", "length_height_cm", "waist_cm"),
            PREGNANT: ("weight_kg", "muac_cm"),
        },
    ),
    Station(3, _("Pencatatan hasil"), {}),
    Station(
        4,
        _("Pelayanan kesehatan"),
        {
            ADOLESCENT: ("hb_g_dl", "iron_tablets"),
            ADULT: (
                "systolic_mmhg",
                "diastolic_mmhg",
                "glucose_mg_dl",
                "glucose_fasting",
                "puma_score",
                "srq_score",
            ),
            ELDERLY: (
                "systolic_mmhg",
                "diastolic_mmhg",
                "glucose_mg_dl",
                "glucose_fasting",
                "puma_score",
                "srq_score",
                "skilas",
                "adl_score",
            ),
            PREGNANT: ("systolic_mmhg", "diastolic_mmhg", "hb_g_dl", "iron_tablets"),
        },
    ),
    Station(
        5,
        _("Penyuluhan dan konseling"),
        {
            CHILD: ("notes",),
            SCHOOL: ("notes",),
            ADOLESCENT: ("notes",),
            ADULT: ("kb_status", "kb_method", "notes"),
            ELDERLY: ("notes",),
            PREGNANT: ("notes",),
        },
    ),
)

# Services offered to each group (codes of visits.ServiceKind).
SERVICES: dict[str, tuple[str, ...]] = {
    CHILD: ("vit_a_blue", "vit_a_red", "deworming", "ors", "zinc", "pmt", "counselling"),
    SCHOOL: ("deworming", "pmt", "counselling"),
    ADOLESCENT: ("iron", "counselling"),
    ADULT: ("counselling",),
    ELDERLY: ("pmt", "counselling"),
    PREGNANT: ("iron", "pmt", "counselling"),
}

VITAMIN_A_MONTHS = (2, 8)  # February and August


def group(stage: Stage, *, pregnant: bool) -> str:
    if pregnant:
        return PREGNANT
    if stage in (Stage.BAYI, Stage.BALITA):
        return CHILD
    if stage in (Stage.APRAS, Stage.USIA_SEKOLAH):
        return SCHOOL
    if stage == Stage.REMAJA:
        return ADOLESCENT
    if stage == Stage.DEWASA:
        return ADULT
    return ELDERLY


def fields_for(visitor_group: str) -> list[str]:
    out: list[str] = []
    for station in STATIONS:
        out.extend(station.fields.get(visitor_group, ()))
    return out


def vitamin_a_capsule(age_months: int, on: datetime.date) -> str | None:
    """The vitamin A capsule due in a campaign month: blue 100,000 IU at 6–11 months, red 200,000 IU at
    12–59 months (docs/domain.md "Supplements and immunisation"); none outside February and August."""
    if on.month not in VITAMIN_A_MONTHS:
        return None
    if 6 <= age_months < 12:
        return "vit_a_blue"
    if 12 <= age_months < 60:
        return "vit_a_red"
    return None


def services_for(visitor_group: str, age_months: int, on: datetime.date) -> list[str]:
    """Services to offer; vitamin A only in its months and for the eligible age, deworming from 12 months."""
    out = []
    capsule = vitamin_a_capsule(age_months, on)
    for code in SERVICES.get(visitor_group, ()):
        if code in ("vit_a_blue", "vit_a_red") and code != capsule:
            continue
        if code == "deworming" and age_months < 12:
            continue
        out.append(code)
    return out
