"""What a visit's measurements mean: WHO z-scores with flags, PMK 2/2020 categories, weight gain (N/T/O/B,
2T, BGM) and the ILP screening findings, each with the reason, and which of them put the person on the
referral list (docs/domain.md "Referral list"). Pure: plain values in, a dataclass out."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from growth import anthro, anthroplus, categories, weight_gain
from rules import plausibility, screening
from rules.life_stage import Stage
from rules.screening import Finding, RuleSet, _, finding, num

# Indices of the 2006 standards (0–60 months) and the 2007 reference (5–18 years, PMK 2/2020).
CHILD_STANDARD_MAX_DAYS = 1856  # WHO anthro computes up to 60 completed months
CHILD_STANDARD_MONTHS = 60  # the 2006 standards below 60 completed months, the 2007 reference from there
REFERENCE_MAX_MONTHS = 216  # the 2007 reference below 18 years (PMK 2/2020)
# Screening by age (docs/domain.md "Screening cut-offs"): KEK for women of reproductive age (years, both
# ends included) and, whatever the age, in pregnancy; the adult body measures (BMI, waist) from 18 years.
KEK_WOMEN_YEARS = (15, 49)
ADULT_FROM_YEARS = 18

INDEX_NAMES = {
    "wfa": _("BB/U"),
    "lhfa": _("PB/U atau TB/U"),
    "wflh": _("BB/PB atau BB/TB"),
    "bfa": _("IMT/U"),
    "bfa_5_18": _("IMT/U"),
    "hfa_5_18": _("TB/U"),
}


@dataclass(frozen=True)
class Measurements:
    weight_kg: float | None = None
    length_height_cm: float | None = None
    position: str = ""  # "l" lying, "h" standing, "" unknown
    head_circumference_cm: float | None = None
    muac_cm: float | None = None
    oedema: bool = False
    waist_cm: float | None = None
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    glucose_mg_dl: float | None = None
    glucose_fasting: bool = False
    hb_g_dl: float | None = None
    puma_score: int | None = None
    srq_score: int | None = None
    skilas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    sex: str  # "L" / "P"
    age_days: int
    age_months: int  # completed months
    stage: Stage
    pregnant: bool = False
    nifas: bool = False


@dataclass(frozen=True)
class History:
    """The child's weighings before this visit's month, for N/T/O/B."""

    previous_month_weight_kg: float | None = None  # the last weighing in the previous calendar month
    weighed_before: bool = False  # any weighing at this posyandu before this month
    previous_month_status: str = ""  # N/T/O/B of the previous month, for 2T


@dataclass
class Assessment:
    z: dict[str, float | None] = field(default_factory=dict)  # waz, haz, whz, baz, hcz, acz
    flagged: list[str] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)  # index → category code
    weight_gain: str = ""
    is_2t: bool = False
    is_bgm: bool = False
    findings: list[Finding] = field(default_factory=list)
    rule_version: str = ""
    check: str = plausibility.ACCEPT  # rules.plausibility: accept, hold ("perlu dicek ulang") or refuse
    refusal: plausibility.Refusal | None = None

    @property
    def held(self) -> bool:
        return self.check == plausibility.HOLD

    @property
    def needs_remeasure(self) -> bool:
        return bool(self.flagged)

    @property
    def referral_reasons(self) -> list[str]:
        return [f.code for f in self.findings if f.refer]


def rule_version(rules: RuleSet) -> str:
    return "+".join((rules.version, categories.RULE_VERSION, weight_gain.KBM_VERSION))


def assess(person: Person, m: Measurements, history: History, rules: RuleSet) -> Assessment:
    result = Assessment(rule_version=rule_version(rules))
    if person.age_days <= CHILD_STANDARD_MAX_DAYS and person.age_months < CHILD_STANDARD_MONTHS:
        _child(person, m, history, rules, result)
        judge(person, m, history, rules, result, under_five=True)
    elif person.age_months < REFERENCE_MAX_MONTHS:
        _school_age(person, m, result)
        judge(person, m, history, rules, result, under_five=False)
    add_screening(person, m, rules, result)
    return result


def judge(
    person: Person, m: Measurements, history: History, rules: RuleSet, out: Assessment, *, under_five: bool
) -> None:
    """Accept, hold or refuse the child's measurements (rules.plausibility), from the z-scores and flags
    already in `out`; the reasons to hold beyond WHO's flags join the findings."""
    verdict = plausibility.judge(
        sex=person.sex,
        age_days=person.age_days,
        under_five=under_five,
        weight_kg=m.weight_kg,
        previous_month_weight_kg=history.previous_month_weight_kg,
        z=out.z,
        flagged=out.flagged,
        rules=rules,
    )
    out.check = verdict.status
    out.refusal = verdict.refusal
    out.findings.extend(verdict.findings)


def _value(x: float | None) -> float:
    return math.nan if x is None else float(x)


def _z(value: object) -> float | None:
    z = float(value)  # type: ignore[arg-type]  # a NumPy scalar
    return z if math.isfinite(z) else None


def _child(person: Person, m: Measurements, history: History, rules: RuleSet, out: Assessment) -> None:
    r = anthro.zscores(
        sex=1 if person.sex == "L" else 2,
        age=person.age_days,
        weight=_value(m.weight_kg),
        lenhei=_value(m.length_height_cm),
        measure=m.position or None,
        headc=_value(m.head_circumference_cm),
        armc=_value(m.muac_cm),
        oedema="y" if m.oedema else "n",
    )
    pairs = {
        "waz": ("wfa", r.zwei, r.fwei),
        "haz": ("lhfa", r.zlen, r.flen),
        "whz": ("wflh", r.zwfl, r.fwfl),
        "baz": ("bfa", r.zbmi, r.fbmi),
        "hcz": ("", r.zhc, r.fhc),
        "acz": ("", r.zac, r.fac),
    }
    for name, (index, zs, flags) in pairs.items():
        z = _z(zs[0])
        out.z[name] = z
        flag = _z(flags[0])
        if z is not None and flag == 1:
            out.flagged.append(name)
            continue
        if z is None or not index:
            continue
        code = categories.classify(index, z)
        if code:
            out.categories[index] = code
            out.findings.append(category_finding(index, code, z))
    if out.flagged:
        out.findings.append(remeasure_finding(out.flagged))
    add_weight_gain(person, m, history, out)
    out.findings.extend(screening.child_muac(rules, m.muac_cm, person.age_months))


# The PMK 2/2020 index of each stored z-score of a child under five ("": shown, never categorised).
CHILD_Z_INDEX = {"waz": "wfa", "haz": "lhfa", "whz": "wflh", "baz": "bfa", "hcz": "", "acz": ""}


def remeasure_finding(flagged: list[str]) -> Finding:
    """The finding of a child's z-scores WHO flags as implausible (stored names, e.g. ["waz", "whz"])."""
    names = ", ".join(INDEX_NAMES.get(CHILD_Z_INDEX[n], n) for n in flagged if CHILD_Z_INDEX[n]) or "z"
    return finding("remeasure", names)


# Which categories put a child on the referral list (docs/domain.md "Referral list").
REFERRED_CATEGORIES = {
    ("lhfa", "stunted"),
    ("lhfa", "severely_stunted"),
    ("wflh", "wasted"),
    ("wflh", "severely_wasted"),
    ("wflh", "obese"),
}
_NORMAL = {"normal"}


def category_finding(index: str, code: str, z: float) -> Finding:
    """The finding of a PMK 2/2020 category: its label, the z-score shown, and whether it refers the child."""
    label = categories.LABELS[index][code]
    refer = (index, code) in REFERRED_CATEGORIES
    level = "info" if code in _NORMAL else ("danger" if refer else "warning")
    return Finding(f"{index}_{code}", label, f"{INDEX_NAMES[index]}: z = {num(z)}", refer=refer, level=level)


def school_height_finding(z: float) -> Finding:
    """TB/U at 5–18 years: shown with its z-score, without a category (PMK 2/2020 judges IMT/U)."""
    return Finding("hfa_5_18", INDEX_NAMES["hfa_5_18"], f"z = {num(z)}")


def add_weight_gain(person: Person, m: Measurements, history: History, out: Assessment) -> None:
    """Set `out`'s weight gain (N/T/O/B against the previous month's weighing), BGM and 2T; `out.z` and
    `out.flagged` must hold the weighing's z-scores already."""
    if m.weight_kg is None:
        return
    status = weight_gain.status(
        age_months=person.age_months,
        weight_kg=m.weight_kg,
        previous_weight_kg=history.previous_month_weight_kg,
        weighed_previous_month=history.previous_month_weight_kg is not None,
        weighed_before=history.weighed_before,
    )
    out.weight_gain = status
    waz = out.z.get("waz")
    out.is_bgm = waz is not None and "waz" not in out.flagged and bool(weight_gain.is_bgm(waz))
    out.is_2t = bool(weight_gain.is_2t(status, history.previous_month_status))
    gain = kbm = 0
    if status in ("N", "T"):
        gain = gain_grams(m.weight_kg, history.previous_month_weight_kg or 0)
        kbm = weight_gain.kbm_grams(person.age_months)
    out.findings.append(gain_finding(status, gain, kbm, out.is_2t))
    if out.is_bgm:
        out.findings.append(bgm_finding(waz or 0))


def gain_grams(weight_kg: float, previous_weight_kg: float) -> int:
    """The gain shown in a weight-gain finding, in whole grams (negative for a loss)."""
    return round((weight_kg - previous_weight_kg) * 1000)


def gain_finding(status: str, gain_g: int, kbm_g: int, two_t: bool) -> Finding:
    """The finding of a month's weight gain N/T/O/B (`gain_g`, `kbm_g`: shown for N and T only)."""
    if status == "N":
        return finding("gain_n", f"+{gain_g} g ≥ KBM {kbm_g} g")
    if status == "T":
        change = f"{gain_g:+d} g" if gain_g else "0 g"  # a weight that stayed the same is not "+0 g"
        return finding("gain_2t" if two_t else "gain_t", f"{change} < KBM {kbm_g} g")
    return finding("gain_o" if status == "O" else "gain_b")


def bgm_finding(waz: float) -> Finding:
    """The finding of a weighing below the KMS red line."""
    return finding("bgm", f"BB/U z = {num(waz)} < −3")


def _school_age(person: Person, m: Measurements, out: Assessment) -> None:
    """5–18 years: the 2007 reference (PMK 2/2020 uses IMT/U; TB/U is shown too)."""
    r = anthroplus.zscores(
        sex=1 if person.sex == "L" else 2,
        age=person.age_days,
        weight=_value(m.weight_kg),
        height=_value(m.length_height_cm),
        oedema="y" if m.oedema else "n",
    )
    for name, index, zs, flags in (("baz", "bfa_5_18", r.zbfa, r.fbfa), ("haz", "hfa_5_18", r.zhfa, r.fhfa)):
        z = _z(zs[0])
        out.z[name] = z
        if z is None:
            continue
        if _z(flags[0]) == 1:
            out.flagged.append(name)
            continue
        if index == "bfa_5_18":
            code = categories.classify(index, z)
            if code:
                out.categories[index] = code
                out.findings.append(category_finding(index, code, z))
        else:
            out.findings.append(school_height_finding(z))
    if out.flagged:
        out.findings.append(finding("remeasure"))


def add_screening(person: Person, m: Measurements, rules: RuleSet, out: Assessment) -> None:
    """Add the screening findings of any age to `out`: KEK for a pregnant woman or a woman aged 15-49, the
    adult body measures from 18 (not in pregnancy), and whatever else was measured (blood pressure,
    glucose, haemoglobin, ...)."""
    years = person.age_months // 12
    woman_of_reproductive_age = person.sex == "P" and KEK_WOMEN_YEARS[0] <= years <= KEK_WOMEN_YEARS[1]
    if person.pregnant or woman_of_reproductive_age:
        out.findings.extend(screening.kek(rules, m.muac_cm))
    if years >= ADULT_FROM_YEARS and not person.pregnant:
        out.findings.extend(
            screening.adult_body(
                rules,
                sex=person.sex,
                weight_kg=m.weight_kg,
                height_cm=m.length_height_cm,
                waist_cm=m.waist_cm,
            )
        )
    out.findings.extend(screening.blood_pressure(rules, m.systolic_mmhg, m.diastolic_mmhg))
    out.findings.extend(screening.glucose(rules, m.glucose_mg_dl, fasting=m.glucose_fasting))
    out.findings.extend(
        screening.haemoglobin(
            rules, m.hb_g_dl, sex=person.sex, age_months=person.age_months, pregnant=person.pregnant
        )
    )
    out.findings.extend(screening.questionnaires(rules, puma=m.puma_score, srq=m.srq_score))
    if person.stage == Stage.LANSIA:
        out.findings.extend(screening.skilas(list(m.skilas)))
