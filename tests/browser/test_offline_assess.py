"""The offline evaluator (static/js/offline/assess.js) gives the server's results: Hypothesis generates
thousands of visits (every life stage, pregnancy and nifas, values at and around every cut-off, weight gain
at exactly the KBM and a gram either side, the previous month's status, missing values, misplaced decimal
commas, z-scores at every category boundary), `rules.assessment.assess` judges each in Python, the evaluator
in Chromium with the rules the page downloads from /offline/aturan.json, and both results are compared field
by field.

The z-scores reach the evaluator as growth.js will give them: the test records every WHO anthro and
anthroplus result Python computed (or the synthetic one it put in their place) and serves it to
`evaluate` through a stand-in for growth.js that answers only the calls Python made, with the same
arguments; a call Python did not make fails the case."""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import types
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page

from growth import anthro, anthroplus, weight_gain
from people.templatetags.people import finding_detail, finding_label
from rules import assessment, ilp, life_stage, screening
from rules.months import add_months, completed_months
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser]

ON = datetime.date(2026, 12, 3)
RULES = screening.DEFAULT_RULES
CASES_PER_EXAMPLE = 100
EXAMPLES = 40  # 4,000 visits

CHILD_NAMES = ("zwei", "fwei", "zlen", "flen", "zwfl", "fwfl", "zbmi", "fbmi", "zhc", "fhc", "zac", "fac")
SCHOOL_NAMES = ("zbfa", "fbfa", "zhfa", "fhfa")

LOAD = """async () => {
  window.offlineAssess = await import("/static/js/offline/assess.js");
  const response = await fetch("/offline/aturan.json");
  window.offlineRules = await response.json();
  return window.offlineRules.rule_version;
}"""

# Each case: evaluate() with a growth.js stand-in answering from the calls Python made.
EVALUATE = """(cases) => {
  const same = (a, b) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? null) === (b[k] ?? null));
  return cases.map((c) => {
    let made = 0;
    const answer = (calls, args) => {
      const hit = calls.find(([given]) => same(given, args));
      if (!hit) throw new Error("a call Python did not make: " + JSON.stringify(args));
      made += 1;
      return hit[1];
    };
    const growth = {
      anthroZscores: (tables, args) => answer(tables.anthro, args),
      anthroplusZscores: (tables, args) => answer(tables.anthroplus, args),
    };
    try {
      const r = window.offlineAssess.evaluate(window.offlineRules, growth, c.calls, c.person, c.m, c.history);
      const findings = r.findings.map((f) => [f.code, f.label, f.detail, f.refer, f.level]);
      return { ...r, findings, calls: made };
    } catch (error) {
      return { error: String(error) };
    }
  });
}"""


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _argument(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


class Recorder:
    """Stands in for growth.anthro.zscores and growth.anthroplus.zscores: records each call and its result
    (WHO's names, one row, NaN as None), and gives a synthetic result for the visit's main call if asked."""

    def __init__(self) -> None:
        self.real_anthro = anthro.zscores
        self.real_anthroplus = anthroplus.zscores
        self.reset(None)

    def reset(self, synthetic: dict[str, float | None] | None) -> None:
        self.synthetic = synthetic
        self.calls: dict[str, list[Any]] = {"anthro": [], "anthroplus": []}

    def _result(self, names: tuple[str, ...], real: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
        if self.synthetic is not None and "indicators" not in kwargs:
            values = {n: self.synthetic.get(n) for n in names}
            return types.SimpleNamespace(
                **{n: np.array([math.nan if v is None else v]) for n, v in values.items()}
            )
        return real(**kwargs)

    def anthro(self, **kwargs: Any) -> Any:
        result = self._result(CHILD_NAMES, self.real_anthro, kwargs)
        keys = ("sex", "age", "weight", "lenhei", "measure", "headc", "armc", "oedema")
        given = {k: _argument(kwargs.get(k)) for k in keys}
        self.calls["anthro"].append([given, {n: _finite(getattr(result, n)[0]) for n in CHILD_NAMES}])
        return result

    def anthroplus(self, **kwargs: Any) -> Any:
        result = self._result(SCHOOL_NAMES, self.real_anthroplus, kwargs)
        given = {k: _argument(kwargs.get(k)) for k in ("sex", "age", "weight", "height", "oedema")}
        self.calls["anthroplus"].append([given, {n: _finite(getattr(result, n)[0]) for n in SCHOOL_NAMES}])
        return result


# ---- the visits --------------------------------------------------------------------------------------------

# Ages where a rule changes (completed months): life stages, KBM rows, MUAC and anaemia bands, the growth
# references, KEK and adult ages.
BOUNDARY_MONTHS = sorted(
    {first for _stage, first, _beyond in life_stage.STAGE_MONTHS}
    | {row[0] for row in weight_gain.KBM_TABLE}
    | {row[1] + 1 for row in weight_gain.KBM_TABLE}
    | {band[0] for band in screening.ANAEMIA_AGE_BANDS}
    | set(screening.CHILD_MUAC_MONTHS)
    | {assessment.CHILD_STANDARD_MONTHS, assessment.REFERENCE_MAX_MONTHS}
    | {12 * assessment.KEK_WOMEN_YEARS[0], 12 * (assessment.KEK_WOMEN_YEARS[1] + 1)}
    | {12 * assessment.ADULT_FROM_YEARS}
)


def _near(values: list[float], steps: tuple[float, ...] = (0.0, 0.01, 0.1)) -> st.SearchStrategy[float]:
    """A value at a cut-off or just either side of it."""
    around = sorted({round(v + sign * step, 2) for v in values for step in steps for sign in (-1, 1)})
    return st.sampled_from(around)


def _hundredths(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(round(low * 100), round(high * 100)).map(lambda n: n / 100)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


AGE_DAYS = st.one_of(
    st.integers(0, 1900),  # the 2006 standards and their last days
    st.integers(0, 95 * 365),
    st.tuples(st.sampled_from(BOUNDARY_MONTHS), st.sampled_from((-1, 0, 1))).map(
        lambda m: max(0, (ON - add_months(ON, -m[0])).days + m[1])
    ),
    st.sampled_from((1826, 1827, 1855, 1856, 1857)),
    st.tuples(st.integers(0, 60), st.integers(0, 27)).map(lambda m: (ON - add_months(ON, -m[0])).days + m[1]),
)
R = RULES
MUAC_CUTS = [R.child_muac_severe_cm, R.child_muac_moderate_cm, R.kek_muac_cm]
MUAC = _maybe(st.one_of(_near(MUAC_CUTS), _hundredths(5, 50)))
HB_CUTS = [R.hb_pregnant, R.hb_female_15, R.hb_male_15, R.hb_child_6_59m, R.hb_child_5_11y, R.hb_child_12_14y]
GLUCOSE = _maybe(st.one_of(_near([R.glucose_fasting_mg_dl, R.glucose_random_mg_dl]), _hundredths(20, 700)))
WAIST = _maybe(st.one_of(_near(list(R.waist_central_cm.values())), _hundredths(30, 200)))
Z_BOUNDARIES = [-6.0, -5.0, -3.0, -2.0, 0.0, 1.0, 2.0, 3.0, 5.0, 6.0]
SYNTHETIC_Z = st.one_of(
    st.none(),
    _near(Z_BOUNDARIES, (0.0, 0.01)),
    _hundredths(-12, 12),
    st.sampled_from((-34.7, 40.0, math.inf, -math.inf)),
)


ONE_IN_THREE = st.integers(0, 2)
ONE_IN_TEN = st.integers(0, 9)
# WHO's flag limits where they are not ±5 (docs/domain.md "Validity and flags").
WHO_FLAG_LIMITS = {"zlen": (-6.0, 6.0), "zwei": (-6.0, 5.0), "zhfa": (-6.0, 6.0)}


@st.composite
def synthetic_result(draw: st.DrawFn, names: tuple[str, ...]) -> dict[str, float | None]:
    """z-scores at and around every category boundary, flagged as WHO would (or, now and then, not)."""
    out: dict[str, float | None] = {}
    for z_name, flag_name in zip(names[::2], names[1::2], strict=True):
        z = draw(SYNTHETIC_Z)
        low, high = WHO_FLAG_LIMITS.get(z_name, (-5.0, 5.0))
        flag = None if z is None else float(not low <= z <= high)
        if flag is not None and draw(ONE_IN_TEN) == 0:
            flag = 1.0 - flag
        out[z_name] = z
        out[flag_name] = flag
    return out


# Strategies made once: building them for every visit cost more than drawing from them.
SEX = st.sampled_from("LP")
CHILD_WEIGHT = _maybe(st.one_of(_hundredths(0.5, 30), _hundredths(5, 30).map(lambda w: round(w * 10, 1))))
CHILD_LENGTH = _maybe(_hundredths(35, 125))
WEIGHT = _maybe(st.one_of(_hundredths(10, 150), st.sampled_from((49.0, 40.0, 55.5))))
HEIGHT = _maybe(st.one_of(_hundredths(100, 200), st.sampled_from((140.0, 150.0, 160.0))))
SYSTOLIC = _maybe(st.one_of(st.integers(138, 142), st.integers(50, 300)))
DIASTOLIC = _maybe(st.one_of(st.integers(88, 92), st.integers(30, 200)))
POSITION = st.sampled_from(("", "l", "h"))
HEAD = _maybe(_hundredths(20, 70))
HB = _maybe(st.one_of(_near(HB_CUTS), _hundredths(2, 25)))
PUMA = _maybe(st.integers(R.puma_refer - 2, R.puma_refer + 2))
SRQ = _maybe(st.integers(0, 20))
SKILAS = st.lists(st.sampled_from([*screening.SKILAS_DOMAINS, "lainnya"]), unique=True)
# A gain (grams) around the KBM (added to it), or any gain, or one around the hold limits.
AROUND_KBM = st.sampled_from((-1, 0, 1))
GAIN = st.one_of(
    st.sampled_from((0, -1, 1)),
    st.integers(-2500, 3500),
    st.sampled_from((3000, 3001, 3010, -2000, -2001, -2010)),
)
PREVIOUS_STATUS = st.sampled_from(("", "N", "T", "T", "O", "B"))
SYNTHETIC = {names: synthetic_result(names) for names in (CHILD_NAMES, SCHOOL_NAMES)}


@st.composite
def visit(draw: st.DrawFn) -> dict[str, Any]:
    age_days = draw(AGE_DAYS)
    birth = ON - datetime.timedelta(days=age_days)
    months = completed_months(birth, ON)
    sex = draw(SEX)
    pregnant = sex == "P" and 10 * 12 <= months < 56 * 12 and draw(ONE_IN_THREE) == 0
    person = assessment.Person(
        sex=sex,
        age_days=age_days,
        age_months=months,
        stage=life_stage.stage(birth, ON),
        pregnant=pregnant,
        nifas=sex == "P" and not pregnant and draw(st.booleans()),
    )
    under_five = months < 60
    weight = draw(CHILD_WEIGHT if under_five else WEIGHT)
    m = assessment.Measurements(
        weight_kg=weight,
        length_height_cm=draw(CHILD_LENGTH if under_five else HEIGHT),
        position=draw(POSITION),
        head_circumference_cm=draw(HEAD),
        muac_cm=draw(MUAC),
        oedema=draw(ONE_IN_TEN) == 0,
        waist_cm=draw(WAIST),
        systolic_mmhg=draw(SYSTOLIC),
        diastolic_mmhg=draw(DIASTOLIC),
        glucose_mg_dl=draw(GLUCOSE),
        glucose_fasting=draw(st.booleans()),
        hb_g_dl=draw(HB),
        puma_score=draw(PUMA),
        srq_score=draw(SRQ),
        skilas=tuple(draw(SKILAS)),
    )
    history = assessment.History()
    if draw(st.booleans()):
        history = assessment.History(weighed_before=True)
    if weight is not None and draw(ONE_IN_THREE) > 0:
        kbm = weight_gain.kbm_grams(min(months, weight_gain.KMS_LAST_MONTH))
        gain_g = kbm + draw(AROUND_KBM) if draw(st.booleans()) else draw(GAIN)
        previous = round(weight - gain_g / 1000, 3)
        if previous > 0:
            status = draw(PREVIOUS_STATUS)
            history = assessment.History(previous, weighed_before=True, previous_month_status=status)
    synthetic = None
    if months < assessment.REFERENCE_MAX_MONTHS and draw(ONE_IN_THREE) == 0:
        synthetic = draw(SYNTHETIC[CHILD_NAMES if under_five else SCHOOL_NAMES])
    return {"person": person, "m": m, "history": history, "synthetic": synthetic}


def kbm_cases() -> list[dict[str, Any]]:
    """Every month of the KMS with a gain of exactly the KBM and a gram either side, after a T and not."""
    cases = []
    for months in range(weight_gain.KMS_LAST_MONTH):
        birth = add_months(ON, -months)
        person = assessment.Person("P", (ON - birth).days, months, life_stage.stage(birth, ON))
        kbm = weight_gain.kbm_grams(months)
        for gain_g in (kbm - 1, kbm, kbm + 1):
            weight = round(3.3 + months * 0.2, 2)
            for status in ("T", ""):
                history = assessment.History(round(weight - gain_g / 1000, 3), True, status)
                m = assessment.Measurements(weight_kg=weight)
                cases.append({"person": person, "m": m, "history": history, "synthetic": None})
    return cases


# ---- Python's side -----------------------------------------------------------------------------------------


def python_result(result: assessment.Assessment) -> dict[str, Any]:
    return {
        "z": result.z,
        "flagged": result.flagged,
        "categories": result.categories,
        "weight_gain": result.weight_gain,
        "is_2t": result.is_2t,
        "is_bgm": result.is_bgm,
        "findings": [[f.code, f.label, f.detail, f.refer, f.level] for f in result.findings],
        "rule_version": result.rule_version,
        "check": result.check,
        "refusal": None if result.refusal is None else dataclasses.asdict(result.refusal),
    }


def for_the_page(case: dict[str, Any], calls: dict[str, list[Any]]) -> dict[str, Any]:
    person = dataclasses.asdict(case["person"])
    person["stage"] = case["person"].stage.value
    m = dataclasses.asdict(case["m"])
    m["skilas"] = list(m["skilas"])
    return {"person": person, "m": m, "history": dataclasses.asdict(case["history"]), "calls": calls}


def test_the_phone_gives_the_servers_results(
    phone: Page, live_server: Any, browser_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = live_server.url
    log_in(phone, base, "kader_a")
    assert phone.evaluate(LOAD) == assessment.rule_version(RULES)
    recorder = Recorder()
    monkeypatch.setattr(anthro, "zscores", recorder.anthro)
    monkeypatch.setattr(anthroplus, "zscores", recorder.anthroplus)
    seen: Counter[str] = Counter()
    findings: dict[tuple[str, str], None] = {}  # (label, detail), in the order met

    def compare(cases: list[dict[str, Any]]) -> None:
        expected = []
        sent = []
        for case in cases:
            recorder.reset(case["synthetic"])
            result = assessment.assess(case["person"], case["m"], case["history"], RULES)
            expected.append(python_result(result))
            sent.append(for_the_page(case, recorder.calls))
        actual = phone.evaluate(EVALUATE, sent)
        for case, want, got in zip(sent, expected, actual, strict=True):
            calls = len(case["calls"]["anthro"]) + len(case["calls"]["anthroplus"])
            assert got == {**want, "calls": calls}, f"{case}\nPython {want}\nJavaScript {got}"
            seen.update(["visit", want["check"], *(code for code, *_rest in want["findings"])])
            for _code, label, detail, *_rest in want["findings"]:
                findings[(label, detail)] = None

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the message names the visit that differs
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(st.lists(visit(), min_size=CASES_PER_EXAMPLE, max_size=CASES_PER_EXAMPLE))
    def check(cases: list[dict[str, Any]]) -> None:
        compare(cases)

    compare(kbm_cases())
    assert seen["visit"] == 60 * 3 * 2
    check()
    assert seen["visit"] == 60 * 3 * 2 + EXAMPLES * CASES_PER_EXAMPLE
    # The generated visits reach every verdict and kind of finding, not only the common ones.
    for code in (
        "accept", "hold", "refuse", "hypertension", "bp_normal", "high_glucose", "glucose_normal", "anaemia",
        "kek", "muac_normal", "muac_severe", "muac_moderate", "bmi_kurus_berat", "bmi_normal", "bmi_obesitas",
        "central_obesity", "puma", "srq", "skilas_kognitif", "gain_n", "gain_t", "gain_2t", "gain_o",
        "gain_b", "bgm", "check_gain", "check_loss", "remeasure", "wflh_obese", "lhfa_stunted", "wfa_normal",
        "bfa_5_18_thin", "hfa_5_18",
    ):  # fmt: skip
        assert seen[code] > 0, code
    details = {detail for _label, detail in findings}
    for grams in {row[2] for row in weight_gain.KBM_TABLE}:  # exactly the KBM, and a gram short of it
        assert f"+{grams} g ≥ KBM {grams} g" in details, grams
        assert f"+{grams - 1} g < KBM {grams} g" in details, grams
    shown_in_english(phone, base, list(findings))


def shown_in_english(phone: Page, base: str, findings: list[tuple[str, str]]) -> None:
    """The phone shows each finding as the server's English pages do (finding_label, finding_detail), with the
    rules downloaded in English."""
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    assert phone.evaluate(LOAD) == assessment.rule_version(RULES)
    with translation.override("en"):
        want = [[finding_label(label), finding_detail(detail)] for label, detail in findings]
    got = phone.evaluate(
        """(findings) => findings.map(([label, detail]) => {
          const shown = window.offlineAssess.findingText(window.offlineRules, { label, detail });
          return [shown.label, shown.detail];
        })""",
        [list(f) for f in findings],
    )
    assert got == want
    # The English catalogue was there to compare with, and decimal points replaced the commas.
    assert any(
        label == "Anaemia" and re.fullmatch(r"Hb \d+\.\d+ g/dL < \d+(\.\d)?", detail)
        for label, detail in want
    )


def test_the_phone_knows_the_stages_groups_fields_and_services(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    log_in(phone, live_server.url, "kader_a")
    phone.evaluate(LOAD)
    got = phone.evaluate(
        """() => {
          const a = window.offlineAssess, rules = window.offlineRules;
          const groups = Object.keys(rules.ilp.services);
          const months = [...Array(1000).keys()];
          const stages = Object.keys(rules.ilp.group_of_stage);
          const services = (g, m) => [...Array(12).keys()].map((i) => a.servicesFor(rules, g, m, i + 1));
          return {
            stages: months.map((m) => a.stageAt(rules, m)),
            groups: stages.flatMap((s) => [false, true].map((p) => a.visitorGroup(rules, s, p))),
            fields: groups.map((g) => a.fieldsFor(rules, g)),
            services: groups.map((g) => months.slice(0, 240).map((m) => services(g, m))),
          };
        }"""
    )
    months = range(1000)
    groups = list(ilp.SERVICES)
    assert got["stages"] == [life_stage.stage_at(m).value for m in months]
    assert got["groups"] == [ilp.group(s, pregnant=p) for s in life_stage.Stage for p in (False, True)]
    assert got["fields"] == [ilp.fields_for(g) for g in groups]
    firsts = [datetime.date(2026, month, 1) for month in range(1, 13)]
    assert got["services"] == [
        [[ilp.services_for(g, m, on) for on in firsts] for m in range(240)] for g in groups
    ]
