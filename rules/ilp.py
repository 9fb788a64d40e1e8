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
VITAMIN_A = ("vit_a_blue", "vit_a_red")  # blue 100,000 IU, red 200,000 IU (docs/domain.md)
# The ages (completed months, from the first to the first month beyond; None: no end) a service is offered
# at; a service not listed is offered at any age of its group.
SERVICE_AGE_MONTHS: dict[str, tuple[int, int | None]] = {
    "vit_a_blue": (6, 12),
    "vit_a_red": (12, 60),
    "deworming": (12, None),
}


# The visitor group of each life stage (pregnancy, whatever the age, is `PREGNANT`).
GROUP_OF_STAGE: dict[Stage, str] = {
    Stage.BAYI: CHILD,
    Stage.BALITA: CHILD,
    Stage.APRAS: SCHOOL,
    Stage.USIA_SEKOLAH: SCHOOL,
    Stage.REMAJA: ADOLESCENT,
    Stage.DEWASA: ADULT,
    Stage.LANSIA: ELDERLY,
}


def group(stage: Stage, *, pregnant: bool) -> str:
    return PREGNANT if pregnant else GROUP_OF_STAGE[stage]


def fields_for(visitor_group: str) -> list[str]:
    out: list[str] = []
    for station in STATIONS:
        out.extend(station.fields.get(visitor_group, ()))
    return out


def _offered_at(code: str, age_months: int) -> bool:
    first, beyond = SERVICE_AGE_MONTHS.get(code, (0, None))
    return first <= age_months and (beyond is None or age_months < beyond)


def vitamin_a_capsule(age_months: int, on: datetime.date) -> str | None:
    """The vitamin A capsule due in a campaign month: blue 100,000 IU at 6–11 months, red 200,000 IU at
    12–59 months (docs/domain.md "Supplements and immunisation"); none outside February and August."""
    if on.month not in VITAMIN_A_MONTHS:
        return None
    return next((code for code in VITAMIN_A if _offered_at(code, age_months)), None)


def services_for(visitor_group: str, age_months: int, on: datetime.date) -> list[str]:
    """Services to offer; vitamin A only in its months and for the eligible age, deworming from 12 months."""
    return [
        code
        for code in SERVICES.get(visitor_group, ())
        if _offered_at(code, age_months) and (code not in VITAMIN_A or on.month in VITAMIN_A_MONTHS)
    ]
