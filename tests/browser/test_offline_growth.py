"""growth.js, the z-scores of the posyandu day without signal (issue 14), computed in Chromium with the tables
the server serves (/offline/tabel-who.json):

* every row of WHO's own output in data/who_reference/, the rows growth/tests/test_reference.py checks the
  Python library against: rounded z-scores, flags and WHO's other columns identical, unrounded z-scores
  within 1e-9;
* a deterministic sample of realistic and junk children computed by both the library and growth.js:
  the same rounded z-scores and flags, so the phone shows what the server would have stored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page

from growth import GrowthInputError, anthro, anthroplus
from growth.tests.reference import (
    ANTHRO_CSV,
    ANTHROPLUS_CSV,
    EXACT_2006,
    EXACT_2007,
    INDICATORS_2006,
    INDICATORS_2007,
    assert_column,
    codes,
    numbers,
    rows,
)
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser]

# One call computes every row: the module and the served tables are loaded once. Rows and results cross as
# JSON text, which is much faster than Playwright's object serialisation; an infinite z-score (WHO's zbmi at
# length 0) crosses as the text "Infinity".
COMPUTE = """async (rows) => {
  const [children2006, children2007] = JSON.parse(rows);
  const growth = await import("/static/js/offline/growth.js");
  const response = await fetch("/offline/tabel-who.json");
  const tables = await response.json();
  const [entry] = performance.getEntriesByName(response.url);
  const result = {
    anthro: children2006.map((child) => growth.anthroZscores(tables, child)),
    anthroplus: children2007.map((child) => growth.anthroplusZscores(tables, child)),
    encoding: response.headers.get("Content-Encoding"),
    transferred: entry.encodedBodySize,
    size: entry.decodedBodySize,
  };
  return JSON.stringify(result, (key, value) => (Math.abs(value) === Infinity ? String(value) : value));
}"""


def optional(values: np.ndarray) -> list[float | None]:
    """Numbers for JavaScript, a missing value (NaN) as null, as a form would give it."""
    return [None if math.isnan(v) else float(v) for v in values]


def children_2006(records: Any) -> list[dict[str, Any]]:
    columns = {
        name: optional(numbers(records, name))
        for name in ("age", "weight", "lenhei", "headc", "armc", "triskin", "subskin")
    }
    texts = {name: codes(records, name) for name in ("sex", "measure", "oedema")}
    return [
        {
            **{name: values[i] for name, values in columns.items()},
            **{name: values[i] for name, values in texts.items()},
            "age_in_month": record["age_unit"] == "months",
        }
        for i, record in enumerate(records)
    ]


def children_2007(records: Any) -> list[dict[str, Any]]:
    ages, weights, heights = (optional(numbers(records, n)) for n in ("age_in_months", "weight", "height"))
    sexes, oedemas = codes(records, "sex"), codes(records, "oedema")
    return [
        {
            "sex": sexes[i],
            "age": ages[i],
            "age_in_month": True,
            "weight": weights[i],
            "height": heights[i],
            "oedema": oedemas[i],
        }
        for i in range(len(records))
    ]


def column(results: list[dict[str, Any]], name: str) -> np.ndarray:
    return np.array([math.nan if r[name] is None else float(r[name]) for r in results], dtype=np.float64)


def compute(page: Page, live_server: Any, anthro_children: Any, anthroplus_children: Any) -> dict[str, Any]:
    log_in(page, live_server.url, "kader_a")
    result: dict[str, Any] = json.loads(
        page.evaluate(COMPUTE, json.dumps([anthro_children, anthroplus_children]))
    )
    return result


def test_growth_js_reproduces_every_row_of_who_reference_output(
    desktop: Page, live_server: Any, browser_world: Any
) -> None:
    records_2006 = rows(ANTHRO_CSV)
    records_2007 = rows(ANTHROPLUS_CSV)
    got = compute(desktop, live_server, children_2006(records_2006), children_2007(records_2007))
    assert (len(got["anthro"]), len(got["anthroplus"])) == (2872, 988)

    for name in EXACT_2006:
        assert_column(records_2006, name, column(got["anthro"], name), tolerance=0.0)
    for indicator in INDICATORS_2006:
        name = f"z{indicator}_unrounded"
        assert_column(records_2006, name, column(got["anthro"], name), tolerance=1e-9)
    assert [r["cmeasure"] for r in got["anthro"]] == [r["cmeasure"] for r in records_2006]

    for name in EXACT_2007:
        assert_column(records_2007, name, column(got["anthroplus"], name), tolerance=0.0)
    for indicator in INDICATORS_2007:
        name = f"z{indicator}_unrounded"
        assert_column(records_2007, name, column(got["anthroplus"], name), tolerance=1e-9)
    assert [r["coedema"] for r in got["anthroplus"]] == [r["coedema"] for r in records_2007]

    # The comparisons were not vacuous: 16,728 + 1,924 finite z-scores of every indicator, 1,569 flagged.
    finite = {i: int(np.isfinite(column(got["anthro"], f"z{i}")).sum()) for i in INDICATORS_2006}
    assert finite == {
        "len": 2389,
        "wei": 2344,
        "wfl": 2076,
        "bmi": 2142,
        "hc": 2182,
        "ac": 2064,
        "ts": 1754,
        "ss": 1777,
    }
    assert sum(int(np.isfinite(column(got["anthroplus"], f"z{i}")).sum()) for i in INDICATORS_2007) == 1924
    flagged = sum(np.nansum(column(got["anthro"], f"f{i}")) for i in INDICATORS_2006)
    assert flagged + sum(np.nansum(column(got["anthroplus"], f"f{i}")) for i in INDICATORS_2007) == 1569
    # The tables came compressed: the offline day's downloads must stay under 1.5 MB.
    assert got["encoding"] == "gzip"
    assert got["transferred"] < 160_000 < 600_000 < got["size"]


def realistic_children(n: int, seed: int) -> dict[str, Any]:
    """Children as a posyandu records them (0.1 kg, 0.1 cm; some positions wrong, a few outliers and
    junk values), ages in days to just past five years."""
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 1860, n).astype(np.float64)
    sex = rng.choice(["1", "2", "m", "F"], n)
    months = age / 30.4375
    length = np.round(50 + 45 * np.sqrt(months / 60) * rng.normal(1, 0.07, n), 1)
    weight = np.round(3.3 + 0.23 * months * rng.normal(1, 0.15, n), 1)
    junk = rng.random(n) < 0.01
    weight[junk] = np.round(rng.uniform(-1, 40, int(junk.sum())), 1)
    length[rng.random(n) < 0.005] = 0.0
    measure = np.where(age < 731, "l", "h").astype(object)
    wrong = rng.random(n) < 0.1
    measure[wrong] = np.where(age[wrong] < 731, "h", "l")
    measure[rng.random(n) < 0.05] = None
    headc = np.round(35 + 15 * np.sqrt(months / 60) * rng.normal(1, 0.05, n), 1)
    armc = np.round(rng.normal(14.5, 1.6, n), 1)
    oedema = np.where(rng.random(n) < 0.02, "y", "n").astype(object)
    missing = rng.random((4, n)) < 0.05
    for values, absent in zip((weight, length, headc, armc), missing, strict=True):
        values[absent] = math.nan
    return {
        "sex": sex,
        "age": age,
        "weight": weight,
        "lenhei": length,
        "measure": measure,
        "headc": headc,
        "armc": armc,
        "oedema": oedema,
    }


def school_children(n: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    age = rng.integers(1790, 7000, n).astype(np.float64)  # days: 58.8 months to 19 years
    years = age / 365.25
    height = np.round(110 + 6 * (years - 5) * rng.normal(1, 0.08, n), 1)
    weight = np.round(18 + 3 * (years - 5) * rng.normal(1, 0.25, n), 1)
    return {
        "sex": rng.choice([1, 2], n),
        "age": age,
        "weight": weight,
        "height": height,
        "oedema": np.where(rng.random(n) < 0.02, "y", "n").astype(object),
    }


def as_children(columns: dict[str, Any]) -> list[dict[str, Any]]:
    n = len(columns["age"])
    children = []
    for i in range(n):
        child: dict[str, Any] = {}
        for name, values in columns.items():
            value = values[i]
            if isinstance(value, np.floating):
                value = None if math.isnan(value) else float(value)
            elif isinstance(value, np.integer):
                value = int(value)
            elif isinstance(value, np.str_):
                value = str(value)
            child[name] = value
        children.append(child)
    return children


def test_growth_js_gives_the_z_scores_the_server_computes(
    desktop: Page, live_server: Any, browser_world: Any
) -> None:
    under_five = realistic_children(20_000, seed=14)
    school = school_children(5_000, seed=1914)
    got = compute(desktop, live_server, as_children(under_five), as_children(school))

    expected_2006 = anthro.zscores(**under_five)
    for indicator in INDICATORS_2006:
        for name in (f"z{indicator}", f"f{indicator}"):
            np.testing.assert_array_equal(
                column(got["anthro"], name), getattr(expected_2006, name), err_msg=name
            )
        name = f"z{indicator}_unrounded"
        np.testing.assert_allclose(
            column(got["anthro"], name), getattr(expected_2006, name), rtol=0, atol=1e-9, err_msg=name
        )
    for name in ("clenhei", "cbmi", "csex", "c9mo_flag"):
        np.testing.assert_array_equal(column(got["anthro"], name), getattr(expected_2006, name), err_msg=name)
    assert [r["cmeasure"] for r in got["anthro"]] == expected_2006.cmeasure.tolist()

    expected_2007 = anthroplus.zscores(**school)
    for indicator in INDICATORS_2007:
        for name in (f"z{indicator}", f"f{indicator}"):
            np.testing.assert_array_equal(
                column(got["anthroplus"], name), getattr(expected_2007, name), err_msg=name
            )
    np.testing.assert_array_equal(column(got["anthroplus"], "cbmi"), expected_2007.cbmi)

    # The sample reaches every indicator the offline day shows, flagged values and oedema included.
    computed = {
        i: int(np.isfinite(expected_2006.columns()[f"z{i}"]).sum()) for i in ("len", "wei", "wfl", "bmi")
    }
    assert min(computed.values()) > 15_000
    assert np.nansum(expected_2006.fwfl) > 20
    assert int(np.isfinite(expected_2007.zbfa).sum()) > 4_000


REFUSED_2006: list[dict[str, Any]] = [
    {"sex": "x", "age": 1},
    {"sex": True, "age": 1},
    {"sex": 1.5, "age": 1},
    {"sex": 1, "age": -1},
    {"sex": 1, "age": 1, "measure": "s"},
    {"sex": 1, "age": 1, "oedema": "T"},
    {"sex": 1, "age": 1, "weight": "10,5"},
]
REFUSED_2007: list[dict[str, Any]] = [
    {"sex": "f", "age": 2000, "height": -110.0},
    {"sex": "f", "age": 2000, "weight": -20.0},
    {"sex": 2, "age": -1},
    {"sex": "2", "age": 2000, "oedema": "ya"},
]
REFUSE = """([children2006, children2007]) => import("/static/js/offline/growth.js").then((growth) => {
  const refusal = (compute, child) => {
    try {
      compute(child);
      return null;
    } catch (error) {
      return [error.name, error.argument, error.reasonId];
    }
  };
  return [
    ...children2006.map((child) => refusal((c) => growth.anthroZscores({}, c), child)),
    ...children2007.map((child) => refusal((c) => growth.anthroplusZscores({}, c), child)),
  ];
})"""


def test_growth_js_refuses_what_the_library_refuses(
    desktop: Page, live_server: Any, browser_world: Any
) -> None:
    expected = []
    cases: list[tuple[Callable[..., object], list[dict[str, Any]]]] = [
        (anthro.zscores, REFUSED_2006),
        (anthroplus.zscores, REFUSED_2007),
    ]
    for compute, children in cases:
        for child in children:
            with pytest.raises(GrowthInputError) as refused:
                compute(**child)
            expected.append(["GrowthInputError", refused.value.argument, refused.value.reason_id])
    log_in(desktop, live_server.url, "kader_a")
    assert desktop.evaluate(REFUSE, [REFUSED_2006, REFUSED_2007]) == expected
