"""WHO Reference 2007 (5–19 years): WHO anthroplus 1.0.0's `anthroplus_zscores`, vectorised.

Height-, weight- and BMI-for-age from monthly tables with linear interpolation in age (docs/domain.md "The
2007 reference"). Standing height only (no measure argument, no 0.7 cm rule). The Indonesian rule (PMK
2/2020) uses the reference up to 18 years; WHO computes up to 228 months, so callers cap the age for
Indonesian use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from growth.indicators import Flagging, IndicatorResult, finish, z_from_lms
from growth.inputs import OEDEMA, SEX, as_codes, as_flags, as_float, length, refuse_negative
from growth.tables import load

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

FIRST_MONTH = 60
HFA_LAST_MONTH = 228
WFA_LAST_MONTH = 120  # weight-for-age only to 10 years
BFA_LAST_MONTH = 228


@dataclass(frozen=True)
class MonthIndicator:
    name: str
    table: str
    restricted: bool
    flagging: Flagging
    last_month: int
    weight_related: bool


INDICATORS = {
    "hfa": MonthIndicator("hfa", "hfawho2007", False, Flagging(-6.0, 6.0), HFA_LAST_MONTH, False),
    "wfa": MonthIndicator("wfa", "wfawho2007", True, Flagging(-6.0, 5.0), WFA_LAST_MONTH, True),
    "bfa": MonthIndicator("bfa", "bfawho2007", True, Flagging(-5.0, 5.0), BFA_LAST_MONTH, True),
}


def month_indicator(
    spec: MonthIndicator,
    measure: FloatArray,
    present: BoolArray,
    months: FloatArray,
    sex: CodeArray,
    oedema: BoolArray,
) -> IndicatorResult:
    """One indicator: L, M and S interpolated between `trunc(age)` and `trunc(age + 1)`; valid for
    60 ≤ age ≤ last month (inclusive). No measurement ≤ 0 guard (anthroplus has none)."""
    n = measure.shape[0]
    table = load(spec.table)
    with np.errstate(invalid="ignore"):
        candidates = present & (sex > 0) & (months >= FIRST_MONTH) & (months <= spec.last_month)
    if spec.weight_related:
        candidates &= ~oedema
    positions = np.flatnonzero(candidates)
    age = months[positions]
    low = np.trunc(age)
    upp = np.trunc(age + 1.0)
    diff = age - low
    offset = (sex[positions].astype(np.intp) - 1) * table.size - table.first
    low_row = offset + low.astype(np.intp)
    upp_row = offset + np.minimum(upp.astype(np.intp), table.last)
    interpolate = diff > 0

    def between(column: FloatArray) -> FloatArray:
        at_low = column[low_row]
        result: FloatArray = np.where(interpolate, at_low + diff * (column[upp_row] - at_low), at_low)
        return result

    z = z_from_lms(
        measure[positions], between(table.m), between(table.l), between(table.s), restricted=spec.restricted
    )
    z_unrounded = np.full(n, np.nan)
    z_unrounded[positions] = z
    computed = np.zeros(n, dtype=bool)
    computed[positions] = True
    return finish(z_unrounded, computed, spec.flagging)


@dataclass(frozen=True)
class AnthroplusResult:
    """WHO anthroplus's output columns as arrays: `age_in_months` (as given), `csex` (1.0, 2.0 or NaN),
    `coedema` ("y"/"n"), `cbmi`; rounded z-scores `zhfa`, `zwfa`, `zbfa` with flags `fhfa`, `fwfa`, `fbfa`
    (1.0/0.0, NaN where the z-score is missing or NaN), and the `*_unrounded` values."""

    age_in_months: FloatArray
    csex: FloatArray
    coedema: npt.NDArray[np.str_]
    cbmi: FloatArray
    zhfa: FloatArray
    fhfa: FloatArray
    zwfa: FloatArray
    fwfa: FloatArray
    zbfa: FloatArray
    fbfa: FloatArray
    zhfa_unrounded: FloatArray
    zwfa_unrounded: FloatArray
    zbfa_unrounded: FloatArray
    computed: dict[str, BoolArray] = field(repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.cbmi.shape[0])

    def is_who_nan(self, name: str) -> BoolArray:
        """Rows where WHO returns NaN (not NA) for "hfa", "wfa" or "bfa" (e.g. BMI-for-age at height 0)."""
        z: FloatArray = getattr(self, f"z{name}_unrounded")
        return self.computed[name] & np.isnan(z)

    def columns(self, unrounded: bool = False) -> dict[str, npt.NDArray[Any]]:
        """WHO's output columns in the order of the reference file (unrounded z-scores last if asked)."""
        names = ["csex", "coedema", "cbmi", "zhfa", "fhfa", "zwfa", "fwfa", "zbfa", "fbfa"]
        if unrounded:
            names += ["zhfa_unrounded", "zwfa_unrounded", "zbfa_unrounded"]
        return {name: getattr(self, name) for name in names}


def zscores(
    *,
    sex: Any,
    age: Any,
    age_in_month: Any = False,
    weight: Any = None,
    height: Any = None,
    oedema: Any = None,
) -> AnthroplusResult:
    """WHO anthroplus's `anthroplus_zscores` (2007 reference), exactly.

    WHO's function takes the age in months only. Here `age` is in days unless `age_in_month` (a bool, or
    one per row); days are converted with 30.4375 days per month and stay fractional. weight kg, height cm
    (standing). sex and oedema codes as in `growth.anthro.zscores`.

    Raises GrowthInputError where WHO stops: an unknown sex or oedema code, a negative age, height or
    weight."""
    n = length(sex, age, weight, height, oedema)
    csex = as_codes(SEX, sex, n)
    has_oedema = as_codes(OEDEMA, oedema, n) == 1
    age_values = as_float("age", age, n)
    in_months = as_flags(age_in_month, n)
    months = np.where(in_months, age_values, age_values / 30.4375)
    weight_kg = as_float("weight", weight, n)
    height_cm = as_float("height", height, n)
    for argument, values, word_id in (
        ("age", age_values, "umur"),
        ("height", height_cm, "tinggi"),
        ("weight", weight_kg, "berat"),
    ):
        refuse_negative(
            argument,
            values,
            f"tidak diterima ({word_id} tidak boleh negatif)",
            f"is refused (negative {argument})",
        )
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        cbmi = weight_kg / ((height_cm / 100.0) ** 2)

    both = ~np.isnan(weight_kg) & ~np.isnan(height_cm)
    results = {
        "hfa": month_indicator(INDICATORS["hfa"], height_cm, ~np.isnan(height_cm), months, csex, has_oedema),
        "wfa": month_indicator(INDICATORS["wfa"], weight_kg, ~np.isnan(weight_kg), months, csex, has_oedema),
        "bfa": month_indicator(INDICATORS["bfa"], cbmi, both, months, csex, has_oedema),
    }
    columns: dict[str, Any] = {}
    for name, result in results.items():
        columns[f"z{name}"] = result.z
        columns[f"f{name}"] = result.flag
        columns[f"z{name}_unrounded"] = result.z_unrounded
    return AnthroplusResult(
        age_in_months=months,
        csex=np.where(csex == 0, np.nan, csex.astype(np.float64)),
        coedema=np.where(has_oedema, "y", "n"),
        cbmi=cbmi,
        computed={name: result.computed for name, result in results.items()},
        **columns,
    )
