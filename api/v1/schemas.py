"""What the API answers, as typed schemas (the OpenAPI document is generated from them). NIK are always
masked (`rules.personal_data`), as on the pages; the full number is shown only by the audited reveal of the
person's page."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from people.templatetags.people import finding_detail, finding_label
from rules.personal_data import masked
from visits.models import Immunisation


class RegionOut(Schema):
    code: str
    name: str
    display_name: str
    level: int
    kind: str
    parent: str | None = Field(None, validation_alias="parent_id")


class PosyanduOut(Schema):
    id: int
    code: str
    name: str
    desa: str = Field(validation_alias="desa_id")
    address: str
    rw_rt_covered: str
    opening_day: int | None
    opening_time: datetime.time | None = Field(None, description="when its services start")
    status: str
    latitude: float | None
    longitude: float | None


class PersonOut(Schema):
    id: int
    name: str
    nik: str | None = Field(None, description="NIK, masked (6474********0001); null when not recorded")
    sex: str
    birth_date: datetime.date
    posyandu: int = Field(validation_alias="posyandu_id")
    desa: str = Field(validation_alias="desa_id")
    household: int | None = Field(None, validation_alias="household_id")
    mother: int | None = Field(None, validation_alias="mother_id")
    status: str
    has_kia_book: bool
    merged_into: int | None = Field(None, validation_alias="merged_into_id")

    @staticmethod
    def resolve_nik(obj: Any) -> str | None:
        return str(masked("nik", obj.nik)) if obj.nik else None


class FindingOut(Schema):
    code: str
    label: str
    detail: str
    refer: bool
    level: str


MEASUREMENT_NAMES = (
    "weight_kg", "length_height_cm", "position", "head_circumference_cm", "muac_cm", "oedema", "waist_cm",
    "systolic_mmhg", "diastolic_mmhg", "glucose_mg_dl", "glucose_fasting", "hb_g_dl", "iron_tablets",
    "puma_score", "srq_score", "skilas", "adl_score", "kb_status", "kb_method",
)  # fmt: skip
Z_NAMES = ("waz", "haz", "whz", "baz", "hcz", "acz")


class VisitOut(Schema):
    id: int
    person: int = Field(validation_alias="person_id")
    posyandu: int = Field(validation_alias="posyandu_id")
    desa: str = Field(validation_alias="desa_id")
    opening_day: int | None = Field(None, validation_alias="opening_day_id")
    campaign: int | None = Field(None, validation_alias="campaign_id")
    date: datetime.date
    place: str
    age_days: int
    life_stage: str
    measurements: dict[str, Any] = Field(description="what was measured, as entered (empty values left out)")
    z: dict[str, float | None] = Field(description="WHO z-scores: waz, haz, whz, baz, hcz, acz")
    flagged: list[str] = Field(description="indices WHO flags as implausible")
    needs_remeasure: bool
    check_status: str = Field(
        description='"" (wajar), "held" (perlu dicek ulang, counts in nothing), "confirmed"'
    )
    weight_gain: str = Field(description="N, T, O or B (empty when not weighed or over five)")
    is_2t: bool
    is_bgm: bool
    findings: list[FindingOut]
    refer: bool
    services: list[str]
    rule_version: str

    @staticmethod
    def resolve_measurements(obj: Any) -> dict[str, Any]:
        values = {name: getattr(obj, name) for name in MEASUREMENT_NAMES}
        return {
            k: float(v) if hasattr(v, "as_tuple") else v for k, v in values.items() if v not in (None, "", [])
        }

    @staticmethod
    def resolve_z(obj: Any) -> dict[str, float | None]:
        return {name: getattr(obj, name) for name in Z_NAMES}

    @staticmethod
    def resolve_findings(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "code": str(f["code"]),
                "label": finding_label(str(f["label"])),
                "detail": finding_detail(str(f.get("detail", ""))),
                "refer": bool(f.get("refer")),
                "level": str(f.get("level", "")),
            }
            for f in obj.findings
        ]

    @staticmethod
    def resolve_refer(obj: Any) -> bool:
        return any(f.get("refer") for f in obj.findings)

    @staticmethod
    def resolve_services(obj: Any) -> list[str]:
        return sorted(s.kind for s in obj.services.all())


class VisitDetailOut(VisitOut):
    vaccines: list[str] = Field(description="doses given at this visit")

    @staticmethod
    def resolve_vaccines(obj: Any) -> list[str]:
        return sorted(Immunisation.objects.filter(visit=obj).values_list("vaccine", flat=True))


class MonthlyFiguresOut(Schema):
    posyandu: int = Field(validation_alias="posyandu_id")
    desa: str = Field(validation_alias="desa_id")
    month: datetime.date
    s: int
    k: int
    d: int
    n: int
    t: int
    o: int
    b: int
    bgm: int
    two_t: int
    haz_n: int
    stunted: int
    whz_n: int
    wasted: int
    overweight: int
    waz_n: int
    underweight: int
    measured: int
    flagged: int
    weighed: int
    missing_length: int
    days_opened: int
    days_with_kader: int
    kader_on_duty: int
    kia_ongoing: int
    kia_checked: int
    kb_reported: int
    kb_active: int
    imm_cohort: int
    imm_complete: int
    rule_versions: list[str]


class SkdnCounts(Schema):
    s: int
    k: int
    d: int
    n: int
    t: int
    o: int
    b: int
    bgm: int
    two_t: int


class SkdnRatios(Schema):
    ks: float | None
    ds: float | None
    dk: float | None
    nd: float | None
    ns: float | None
    bgm_d: float | None
    n_consecutive: float | None


class SkdnRow(Schema):
    key: str = Field(description="region code, or posyandu id")
    name: str
    url: str
    counts: SkdnCounts
    ratios: SkdnRatios
    balanced: bool = Field(description="D = N + T + O + B")


class SkdnOut(Schema):
    region: str = Field(description='the region code ("" for all of the user\'s regions)')
    label: str
    month: datetime.date
    posyandu_rows: bool
    rule_versions: list[str]
    rows: list[SkdnRow]
    total: SkdnRow


class PrevalenceRow(Schema):
    key: str
    name: str
    url: str
    cases: int
    measured: int
    registered: int
    pct: float | None
    ci_low: float | None
    ci_high: float | None
    coverage_pct: float | None
    small_n: bool
    target_pct: float | None
    gap: float | None


class PrevalenceOut(Schema):
    region: str
    label: str
    month: datetime.date
    indicator: str
    posyandu_rows: bool
    rule_versions: list[str]
    rows: list[PrevalenceRow]
    total: PrevalenceRow


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
