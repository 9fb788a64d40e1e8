"""ILP screening cut-offs and referral triggers (docs/domain.md "Screening cut-offs", "Weight gain",
"Growth").

The cut-offs are data: `RuleSet` holds every number, `DEFAULT_RULES` is the national default, and a region
can adopt another rule set (with its own `version`) without code. Each result records the version that
produced it.

Labels are Indonesian message ids marked with `_` (a no-op here, so this module needs no Django); the web
layer translates them when it renders.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _(message: str) -> str:
    """Marks a message for translation (xgettext picks up `_("...")`); translated where it is shown."""
    return message


@dataclass(frozen=True)
class RuleSet:
    version: str = "ilp-2024.1"  # .1: plausibility (hold and refuse, rules.plausibility)
    # Entry plausibility (docs/domain.md "Entry ranges and flags"): outside → refused before the growth
    # library.
    plausible: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "weight_kg": (0.5, 150.0),
            "length_height_cm": (35.0, 230.0),
            "head_circumference_cm": (20.0, 70.0),
            "muac_cm": (5.0, 50.0),
            "waist_cm": (30.0, 200.0),
            "systolic_mmhg": (50.0, 300.0),
            "diastolic_mmhg": (30.0, 200.0),
            "glucose_mg_dl": (20.0, 700.0),
            "hb_g_dl": (2.0, 25.0),
        }
    )
    # A child's measurement held as "perlu dicek ulang" or refused (rules.plausibility): under five, a change
    # since the previous month's weighing beyond these holds it; a weight-for-age z beyond WHO's flag limit by
    # more than `refuse_margin_z` whose tenth (or tenfold) is plausible is a misplaced decimal comma, refused.
    hold_gain_kg_per_month: float = 3.0
    hold_loss_kg_per_month: float = 2.0
    refuse_margin_z: float = 3.0
    kek_muac_cm: float = 23.5
    hypertension_mmhg: tuple[int, int] = (140, 90)
    glucose_random_mg_dl: float = 200.0
    glucose_fasting_mg_dl: float = 126.0
    # Anaemia (Hb g/dL): pregnant; women/girls ≥ 15 y; men ≥ 15 y; 6–59 months; 5–11 y; 12–14 y.
    hb_pregnant: float = 11.0
    hb_female_15: float = 12.0
    hb_male_15: float = 13.0
    hb_child_6_59m: float = 11.0
    hb_child_5_11y: float = 11.5
    hb_child_12_14y: float = 12.0
    child_muac_severe_cm: float = 11.5
    child_muac_moderate_cm: float = 12.5
    # Adult BMI, Permenkes 41/2014: < 17.0, 17.0–< 18.5, 18.5–25.0, > 25.0–27.0, > 27.0.
    bmi_severe_thin: float = 17.0
    bmi_thin: float = 18.5
    bmi_normal_max: float = 25.0
    bmi_overweight_max: float = 27.0
    waist_central_cm: dict[str, float] = field(default_factory=lambda: {"L": 90.0, "P": 80.0})
    puma_refer: int = 6
    srq_refer: int = 6

    def with_changes(self, **changes: Any) -> RuleSet:
        return replace(self, **changes)


DEFAULT_RULES = RuleSet()

PLAUSIBLE_LABELS = {
    "weight_kg": _("Berat badan"),
    "length_height_cm": _("Panjang/tinggi badan"),
    "head_circumference_cm": _("Lingkar kepala"),
    "muac_cm": _("LiLA"),
    "waist_cm": _("Lingkar perut"),
    "systolic_mmhg": _("Tekanan darah sistolik"),
    "diastolic_mmhg": _("Tekanan darah diastolik"),
    "glucose_mg_dl": _("Gula darah"),
    "hb_g_dl": _("Hb"),
}

SKILAS_DOMAINS = {
    "kognitif": _("Penurunan kognitif"),
    "mobilisasi": _("Keterbatasan mobilisasi"),
    "malnutrisi": _("Malnutrisi"),
    "penglihatan": _("Gangguan penglihatan"),
    "pendengaran": _("Gangguan pendengaran"),
    "depresi": _("Gejala depresi"),
}


@dataclass(frozen=True)
class Finding:
    """One result of a visit: `label` is a message id, `detail` the numbers behind it (language-neutral),
    `refer` whether it puts the person on the referral list for the health worker."""

    code: str
    label: str
    detail: str = ""
    refer: bool = False
    level: str = "info"  # info | warning | danger


@dataclass(frozen=True)
class FindingKind:
    """What a finding of one code always says: its label (a message id), whether it refers, its level."""

    label: str
    refer: bool = False
    level: str = "info"


# Every finding of a fixed code a visit can carry (rules.screening, rules.plausibility, rules.assessment), as
# data: the offline evaluator (offline.rule_data, static/js/offline/assess.js) reads the same table. The
# findings of a PMK 2/2020 category (`<index>_<code>`, rules.assessment.category_finding), of a SKILAS domain
# (`skilas_<domain>`) and TB/U at 5–18 years ("hfa_5_18") take their label from their own tables.
FINDINGS: dict[str, FindingKind] = {
    # Weighing, at the posyandu (rules.assessment, rules.plausibility)
    "remeasure": FindingKind(_("Perlu dicek ulang: hasil ukur tidak wajar menurut WHO"), level="warning"),
    "check_gain": FindingKind(
        _("Perlu dicek ulang: kenaikan berat badan sebulan tidak wajar"), level="warning"
    ),
    "check_loss": FindingKind(
        _("Perlu dicek ulang: penurunan berat badan sebulan tidak wajar"), level="warning"
    ),
    "gain_n": FindingKind(_("Naik (N)")),
    "gain_t": FindingKind(_("Tidak naik (T)"), refer=True, level="danger"),
    "gain_2t": FindingKind(_("Tidak naik 2 kali berturut-turut (2T)"), refer=True, level="danger"),
    "gain_o": FindingKind(_("Bulan lalu tidak ditimbang (O)")),
    "gain_b": FindingKind(_("Baru pertama kali ditimbang (B)")),
    "bgm": FindingKind(_("Di bawah garis merah (BGM)"), refer=True, level="danger"),
    "muac_severe": FindingKind(_("LiLA: gizi buruk"), refer=True, level="danger"),
    "muac_moderate": FindingKind(_("LiLA: gizi kurang"), refer=True, level="danger"),
    # Screening of any age
    "kek": FindingKind(_("Risiko KEK (kurang energi kronis)"), refer=True, level="danger"),
    "muac_normal": FindingKind(_("LiLA normal")),
    "bmi_kurus_berat": FindingKind(_("Kurus tingkat berat"), level="warning"),
    "bmi_kurus_ringan": FindingKind(_("Kurus tingkat ringan"), level="warning"),
    "bmi_normal": FindingKind(_("Normal")),
    "bmi_gemuk_ringan": FindingKind(_("Gemuk tingkat ringan"), level="warning"),
    "bmi_obesitas": FindingKind(_("Obesitas"), level="warning"),
    "central_obesity": FindingKind(_("Obesitas sentral"), level="warning"),
    "hypertension": FindingKind(_("Tekanan darah tinggi (hipertensi)"), refer=True, level="danger"),
    "bp_normal": FindingKind(_("Tekanan darah normal")),
    "high_glucose": FindingKind(_("Gula darah tinggi (curiga diabetes)"), refer=True, level="danger"),
    "glucose_normal": FindingKind(_("Gula darah normal")),
    "anaemia": FindingKind(_("Anemia"), refer=True, level="danger"),
    "puma": FindingKind(_("Skrining PPOK (PUMA) positif"), refer=True, level="danger"),
    "srq": FindingKind(_("Skrining kesehatan jiwa (SRQ) positif"), refer=True, level="danger"),
}


def finding(code: str, detail: str = "") -> Finding:
    """The finding of a code of `FINDINGS`, with the numbers behind it."""
    kind = FINDINGS[code]
    return Finding(code, kind.label, detail, refer=kind.refer, level=kind.level)


def implausible(rules: RuleSet, values: Mapping[str, float | None]) -> dict[str, tuple[float, float]]:
    """The fields whose value lies outside the entry range, with that range."""
    out = {}
    for name, value in values.items():
        bounds = rules.plausible.get(name)
        if bounds is None or value is None:
            continue
        if not (bounds[0] <= value <= bounds[1]):
            out[name] = bounds
    return out


def num(value: float) -> str:
    """A number as an Indonesian reader writes it (decimal comma)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{int(value)}"
    return text.replace(".", ",").replace("-", "−")


BMI_DECIMALS = Decimal("0.1")  # the precision the BMI is shown and judged at (Permenkes 41/2014 tables)


def adult_bmi(weight_kg: float, height_cm: float) -> float:
    """The BMI (kg/m²) as the user sees it, one decimal rounded half up, computed in decimals: cut-offs judge
    the value shown (docs/domain.md "Derived values and cut-offs"), so 49 kg at 140 cm is 25.0 and normal,
    never the float 25.000000000000004 that would cross the boundary."""
    exact = Decimal(str(weight_kg)) * 10000 / (Decimal(str(height_cm)) ** 2)
    return float(exact.quantize(BMI_DECIMALS, rounding=ROUND_HALF_UP))


# Adult BMI categories (Permenkes 41/2014), from the lowest: (code, the RuleSet field of the band's upper end,
# whether that end belongs to the band); a BMI falls into the first band it does not exceed. The finding of
# each is FINDINGS["bmi_<code>"].
ADULT_BMI_BANDS: tuple[tuple[str, str | None, bool], ...] = (
    ("kurus_berat", "bmi_severe_thin", False),  # < 17.0
    ("kurus_ringan", "bmi_thin", False),  # 17.0 – < 18.5
    ("normal", "bmi_normal_max", True),  # 18.5 – 25.0
    ("gemuk_ringan", "bmi_overweight_max", True),  # > 25.0 – 27.0
    ("obesitas", None, False),  # > 27.0
)


def adult_bmi_category(rules: RuleSet, bmi: float) -> tuple[str, str]:
    """The category (code, label) of an adult BMI as shown (`adult_bmi`)."""
    for code, upper_field, inclusive in ADULT_BMI_BANDS:
        upper = None if upper_field is None else getattr(rules, upper_field)
        if upper is None or bmi < upper or (inclusive and bmi == upper):
            return code, FINDINGS[f"bmi_{code}"].label
    raise AssertionError("the last band has no upper end")  # pragma: no cover


def blood_pressure(rules: RuleSet, systolic: int | None, diastolic: int | None) -> list[Finding]:
    if systolic is None or diastolic is None:
        return []
    sys_cut, dia_cut = rules.hypertension_mmhg
    if systolic >= sys_cut or diastolic >= dia_cut:
        return [finding("hypertension", f"{systolic}/{diastolic} mmHg ≥ {sys_cut}/{dia_cut}")]
    return [finding("bp_normal", f"{systolic}/{diastolic} mmHg")]


def glucose(rules: RuleSet, mg_dl: float | None, *, fasting: bool) -> list[Finding]:
    if mg_dl is None:
        return []
    cut = rules.glucose_fasting_mg_dl if fasting else rules.glucose_random_mg_dl
    kind = "GDP" if fasting else "GDS"
    if mg_dl >= cut:
        return [finding("high_glucose", f"{kind} {num(mg_dl)} mg/dL ≥ {num(cut)}")]
    return [finding("glucose_normal", f"{kind} {num(mg_dl)} mg/dL")]


# The anaemia cut-off (Hb g/dL) by completed months of age, from the youngest: (the first month beyond the
# band, the RuleSet field of its cut-off; None: not judged); from the last band on, by sex. Pregnancy comes
# first, whatever the age: `hb_pregnant`.
ANAEMIA_AGE_BANDS: tuple[tuple[int, str | None], ...] = (
    (6, None),  # under 6 months
    (60, "hb_child_6_59m"),
    (12 * 12, "hb_child_5_11y"),
    (15 * 12, "hb_child_12_14y"),
)
ANAEMIA_FROM_15_YEARS = {"P": "hb_female_15", "L": "hb_male_15"}


def anaemia_cutoff(rules: RuleSet, *, sex: str, age_months: int, pregnant: bool) -> float | None:
    if pregnant:
        return rules.hb_pregnant
    for below_months, cut_field in ANAEMIA_AGE_BANDS:
        if age_months < below_months:
            return None if cut_field is None else float(getattr(rules, cut_field))
    return float(getattr(rules, ANAEMIA_FROM_15_YEARS["P" if sex == "P" else "L"]))


def haemoglobin(
    rules: RuleSet, hb: float | None, *, sex: str, age_months: int, pregnant: bool = False
) -> list[Finding]:
    if hb is None:
        return []
    cut = anaemia_cutoff(rules, sex=sex, age_months=age_months, pregnant=pregnant)
    if cut is not None and hb < cut:
        return [finding("anaemia", f"Hb {num(hb)} g/dL < {num(cut)}")]
    return []


def kek(rules: RuleSet, muac_cm: float | None) -> list[Finding]:
    """Pregnant women and women of reproductive age: MUAC < 23.5 cm is chronic energy deficiency risk."""
    if muac_cm is None:
        return []
    if muac_cm < rules.kek_muac_cm:
        return [finding("kek", f"LiLA {num(muac_cm)} cm < {num(rules.kek_muac_cm)}")]
    return [finding("muac_normal", f"LiLA {num(muac_cm)} cm")]


CHILD_MUAC_MONTHS = (6, 60)  # the ages (completed months, the upper end excluded) a child's MUAC is judged at


def child_muac(rules: RuleSet, muac_cm: float | None, age_months: int) -> list[Finding]:
    """Children 6–59 months: MUAC < 11.5 cm gizi buruk, 11.5 to < 12.5 cm gizi kurang (both referred)."""
    first, beyond = CHILD_MUAC_MONTHS
    if muac_cm is None or not (first <= age_months < beyond):
        return []
    if muac_cm < rules.child_muac_severe_cm:
        return [finding("muac_severe", f"LiLA {num(muac_cm)} cm < {num(rules.child_muac_severe_cm)}")]
    if muac_cm < rules.child_muac_moderate_cm:
        return [finding("muac_moderate", f"LiLA {num(muac_cm)} cm < {num(rules.child_muac_moderate_cm)}")]
    return []


def adult_body(
    rules: RuleSet, *, sex: str, weight_kg: float | None, height_cm: float | None, waist_cm: float | None
) -> list[Finding]:
    out = []
    if weight_kg is not None and height_cm is not None:
        bmi = adult_bmi(weight_kg, height_cm)
        code, _label = adult_bmi_category(rules, bmi)
        out.append(finding(f"bmi_{code}", f"IMT {num(bmi)} kg/m²"))
    if waist_cm is not None:
        cut = rules.waist_central_cm.get(sex)
        if cut is not None and waist_cm > cut:
            out.append(finding("central_obesity", f"{num(waist_cm)} cm > {num(cut)}"))
    return out


def questionnaires(rules: RuleSet, *, puma: int | None, srq: int | None) -> list[Finding]:
    out = []
    if puma is not None and puma >= rules.puma_refer:
        out.append(finding("puma", f"PUMA {puma} ≥ {rules.puma_refer}"))
    if srq is not None and srq >= rules.srq_refer:
        out.append(finding("srq", f"SRQ-20 {srq} ≥ {rules.srq_refer}"))
    return out


def skilas(domains: list[str]) -> list[Finding]:
    """Elderly: any positive SKILAS domain is referred to the puskesmas."""
    return [
        Finding(f"skilas_{d}", SKILAS_DOMAINS.get(d, d), "SKILAS", refer=True, level="danger")
        for d in domains
        if d in SKILAS_DOMAINS
    ]


def is_finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
