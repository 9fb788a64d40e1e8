"""WHO Child Growth Standards 2006 (0–60 months): WHO anthro 1.1.0's `anthro_zscores`, vectorised.

    >>> r = zscores(sex="f", age=1522, weight=17.0)
    >>> float(r.zwei[0])
    0.24

Every argument may be a scalar, a sequence or a NumPy array; they are recycled to the longest length like
R's `rep_len`. The algorithm, including its edge cases, is docs/domain.md "WHO's algorithm"; the test suite
reproduces WHO's own output for every row of the reference set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from growth.indicators import Flagging, IndicatorResult, day_rows, empty, finish, z_from_rows
from growth.inputs import MEASURE, MEASURE_LETTERS, OEDEMA, SEX, Age, as_codes, as_float, clean_age, length
from growth.tables import load
from growth.weight_for_lenhei import weight_for_lenhei

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

LENHEI_CONVERSION_CM = 0.7  # lying length = standing height + 0.7 cm (WHO 2006)
LENGTH_UNTIL_DAY = 731  # length-based below 731 days (24 months), height-based from day 731
STANDING_PLAUSIBLE_FROM_MONTHS = 9  # anthro ≥ 1.0: standing height under 9 months is ignored as improbable
MAX_ALLOWED_DAY = 1856  # WHO's allowed_age_range; months < 60 limits it to day 1826 in practice


@dataclass(frozen=True)
class AgeIndicator:
    """An age-based indicator of the 2006 standards (docs/domain.md "Validity and flags")."""

    name: str
    table: str
    restricted: bool
    flagging: Flagging
    first_day: int = 0
    weight_related: bool = False  # not computed under oedema


AGE_INDICATORS = {
    "len": AgeIndicator("len", "lenanthro", restricted=False, flagging=Flagging(-6.0, 6.0)),
    "wei": AgeIndicator("wei", "weianthro", True, Flagging(-6.0, 5.0), weight_related=True),
    "bmi": AgeIndicator("bmi", "bmianthro", True, Flagging(-5.0, 5.0), weight_related=True),
    "hc": AgeIndicator("hc", "hcanthro", False, Flagging(-5.0, 5.0)),
    "ac": AgeIndicator("ac", "acanthro", True, Flagging(-5.0, 5.0), first_day=91),
    "ts": AgeIndicator("ts", "tsanthro", True, Flagging(-5.0, 5.0), first_day=91),
    "ss": AgeIndicator("ss", "ssanthro", True, Flagging(-5.0, 5.0), first_day=91),
}
INDICATORS = ("len", "wei", "wfl", "bmi", "hc", "ac", "ts", "ss")


def age_indicator(
    spec: AgeIndicator,
    measure: FloatArray,
    present: BoolArray,
    age: Age,
    sex: CodeArray,
    oedema: BoolArray,
) -> IndicatorResult:
    """One age-based indicator: exact join on (sex, day), validity as WHO's `anthro_zscore_adjusted`.

    `present` marks the rows whose measurement was given; a measurement ≤ 0 gives no z-score, but a
    derived NaN (a BMI of 0/0) is kept and gives WHO's NaN."""
    n = measure.shape[0]
    with np.errstate(invalid="ignore"):
        candidates = (
            present
            & ~(measure <= 0)
            & (age.days >= spec.first_day)
            & (age.days <= MAX_ALLOWED_DAY)
            & (age.months < 60)
        )
    if spec.weight_related:
        candidates &= ~oedema
    table = load(spec.table)
    positions, rows = day_rows(table, sex, age.days, candidates)
    z_unrounded = np.full(n, np.nan)
    z_unrounded[positions] = z_from_rows(table, rows, measure[positions], restricted=spec.restricted)
    computed = np.zeros(n, dtype=bool)
    computed[positions] = True
    return finish(z_unrounded, computed, spec.flagging)


@dataclass(frozen=True)
class AnthroResult:
    """WHO anthro's output columns as arrays (one element per input row).

    `clenhei` (cm) and `cbmi` as WHO computes them; `cmeasure` is "l", "h" or "" (missing, or standing
    under 9 months); `c9mo_flag` is 0/1; `csex` is 1.0, 2.0 or NaN. Every z-score is rounded like R's
    `round(z, 2)`; flags are 1.0/0.0 (NaN where the z-score is missing or NaN); `*_unrounded` are the values
    before rounding. A NaN z-score is missing unless `is_who_nan(name)` says WHO itself returned NaN."""

    clenhei: FloatArray
    cmeasure: npt.NDArray[np.str_]
    c9mo_flag: npt.NDArray[np.int8]
    cbmi: FloatArray
    csex: FloatArray
    zlen: FloatArray
    flen: FloatArray
    zwei: FloatArray
    fwei: FloatArray
    zwfl: FloatArray
    fwfl: FloatArray
    zbmi: FloatArray
    fbmi: FloatArray
    zhc: FloatArray
    fhc: FloatArray
    zac: FloatArray
    fac: FloatArray
    zts: FloatArray
    fts: FloatArray
    zss: FloatArray
    fss: FloatArray
    zlen_unrounded: FloatArray
    zwei_unrounded: FloatArray
    zwfl_unrounded: FloatArray
    zbmi_unrounded: FloatArray
    zhc_unrounded: FloatArray
    zac_unrounded: FloatArray
    zts_unrounded: FloatArray
    zss_unrounded: FloatArray
    computed: dict[str, BoolArray] = field(repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.clenhei.shape[0])

    def is_who_nan(self, name: str) -> BoolArray:
        """Rows where WHO returns NaN (not NA) for indicator `name` ("len", "wei", ...)."""
        z: FloatArray = getattr(self, f"z{name}_unrounded")
        return self.computed[name] & np.isnan(z)

    def columns(self, unrounded: bool = False) -> dict[str, npt.NDArray[Any]]:
        """WHO's output columns in WHO's order (and the unrounded z-scores after them if asked)."""
        names = ["clenhei", "cmeasure", "c9mo_flag", "cbmi", "csex"]
        for name in INDICATORS:
            names += [f"z{name}", f"f{name}"]
        if unrounded:
            names += [f"z{name}_unrounded" for name in INDICATORS]
        return {name: getattr(self, name) for name in names}


def zscores(
    *,
    sex: Any,
    age: Any,
    age_in_month: Any = False,
    weight: Any = None,
    lenhei: Any = None,
    measure: Any = None,
    headc: Any = None,
    armc: Any = None,
    triskin: Any = None,
    subskin: Any = None,
    oedema: Any = None,
    indicators: Any = None,
) -> AnthroResult:
    """WHO anthro's `anthro_zscores` (2006 standards), exactly.

    sex: 1/2, "1"/"2", "m"/"f" (any case); measure: "l"/"h" (any case); oedema: "y"/"n"/"1"/"2" or a bool
    (missing = no oedema). Missing values: None or NaN (and "" for the codes). age is in days, or in months
    if `age_in_month` (a bool, or one per row). weight kg, lenhei cm, headc cm, armc (MUAC) cm, triskin and
    subskin mm. `indicators` limits the computation to some of "len", "wei", "wfl", "bmi", "hc", "ac", "ts",
    "ss" (the others are returned missing).

    Raises GrowthInputError where WHO stops: an unknown sex, measure or oedema code, a negative age."""
    n = length(sex, age, weight, lenhei, measure, headc, armc, triskin, subskin, oedema)
    wanted = set(INDICATORS if indicators is None else indicators)
    unknown = wanted - set(INDICATORS)
    if unknown:
        raise ValueError(f"unknown indicators: {sorted(unknown)}")

    csex = as_codes(SEX, sex, n)
    cmeasure = as_codes(MEASURE, measure, n)
    has_oedema = as_codes(OEDEMA, oedema, n) == 1
    clean = clean_age(age, age_in_month, n)
    weight_kg = as_float("weight", weight, n)
    lenhei_cm = as_float("lenhei", lenhei, n)
    measurements = {
        "hc": as_float("headc", headc, n),
        "ac": as_float("armc", armc, n),
        "ts": as_float("triskin", triskin, n),
        "ss": as_float("subskin", subskin, n),
    }

    # Standing height under 9 months: the position is ignored (cmeasure NA, no +0.7 cm).
    with np.errstate(invalid="ignore"):
        improbable = (cmeasure == 2) & (clean.months < STANDING_PLAUSIBLE_FROM_MONTHS)
    cmeasure = np.where(improbable, np.int8(0), cmeasure).astype(np.int8)

    clenhei = lenhei_cm.copy()
    known = clean.known_days
    with np.errstate(invalid="ignore"):
        to_length = known & (clean.days < LENGTH_UNTIL_DAY) & (cmeasure == 2)
        to_height = known & (clean.days >= LENGTH_UNTIL_DAY) & (cmeasure == 1)
    clenhei[to_length] = lenhei_cm[to_length] + LENHEI_CONVERSION_CM
    clenhei[to_height] = lenhei_cm[to_height] - LENHEI_CONVERSION_CM
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        cbmi = weight_kg / ((clenhei / 100.0) ** 2)

    results: dict[str, IndicatorResult] = {}
    for name in INDICATORS:
        if name not in wanted:
            results[name] = empty(n)
        elif name == "wfl":
            results[name] = weight_for_lenhei(weight_kg, clenhei, cmeasure, clean, csex, has_oedema)
        else:
            if name == "len":
                values, present = clenhei, ~np.isnan(clenhei)
            elif name == "wei":
                values, present = weight_kg, ~np.isnan(weight_kg)
            elif name == "bmi":
                values, present = cbmi, ~np.isnan(weight_kg) & ~np.isnan(clenhei)
            else:
                values = measurements[name]
                present = ~np.isnan(values)
            results[name] = age_indicator(AGE_INDICATORS[name], values, present, clean, csex, has_oedema)

    columns: dict[str, Any] = {}
    for name, result in results.items():
        columns[f"z{name}"] = result.z
        columns[f"f{name}"] = result.flag
        columns[f"z{name}_unrounded"] = result.z_unrounded
    return AnthroResult(
        clenhei=clenhei,
        cmeasure=MEASURE_LETTERS[cmeasure],
        c9mo_flag=improbable.astype(np.int8),
        cbmi=cbmi,
        csex=np.where(csex == 0, np.nan, csex.astype(np.float64)),
        computed={name: result.computed for name, result in results.items()},
        **columns,
    )
