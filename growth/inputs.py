"""Input cleaning shared by the 2006 and 2007 computations: WHO's codes, recycling, ages.

WHO's R functions refuse some inputs for the whole call (an unknown sex, measure or oedema code, a negative
age; anthroplus also a negative height or weight). The library refuses them the same way, with
`GrowthInputError`, which names the argument, the first offending position and the value.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from growth.rounding import round_half_up

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

DAYS_PER_MONTH = 30.4375  # WHO anthro's ANTHRO_DAYS_OF_MONTH = 365.25 / 12
_INT_MAX = 2147483647.0  # R's as.integer() gives NA beyond this

SEX_CODES: Mapping[str, int] = {"1": 1, "m": 1, "2": 2, "f": 2}
MEASURE_CODES: Mapping[str, int] = {"l": 1, "h": 2}
OEDEMA_CODES: Mapping[str, int] = {"y": 1, "1": 1, "n": 2, "2": 2}
MEASURE_LETTERS = np.array(["", "l", "h"])


class GrowthInputError(ValueError):
    """An input WHO's software refuses (it stops the whole call). `argument` is the parameter name, `index`
    the first offending position (0-based, after recycling), `value` the offending value, `reason_id` and
    `reason` the rule in Indonesian and English, phrased to follow "the value 'x' …"."""

    def __init__(self, argument: str, index: int, value: object, reason_id: str, reason: str) -> None:
        self.argument = argument
        self.index = index
        self.value = value
        self.reason_id = reason_id
        self.reason = reason
        super().__init__(f"{argument}[{index}] = {value!r}: {reason}")


@dataclass(frozen=True)
class CodeSpec:
    argument: str
    codes: Mapping[str, int]
    reason_id: str
    reason: str


SEX = CodeSpec("sex", SEX_CODES, "tidak dikenal (harus 1/2/m/f)", "is not a known code (must be 1/2/m/f)")
MEASURE = CodeSpec("measure", MEASURE_CODES, "tidak dikenal (harus l/h)", "is not a known code (must be l/h)")
OEDEMA = CodeSpec(
    "oedema", OEDEMA_CODES, "tidak dikenal (harus y/n/1/2)", "is not a known code (must be y/n/1/2)"
)


def as_array(value: Any) -> npt.NDArray[Any]:
    """A one-dimensional array of the argument (scalars become length 1, None a single missing value)."""
    if value is None:
        return np.array([np.nan])
    array = np.asarray(value)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError("inputs must be scalars or one-dimensional")
    return array


def rep_len(array: npt.NDArray[Any], n: int, fill: Any) -> npt.NDArray[Any]:
    """R's `rep_len`: recycle to length n (an empty input gives missing values)."""
    if array.shape[0] == n:
        return array
    if array.shape[0] == 1:
        return np.full(n, array[0], dtype=array.dtype)
    if array.shape[0] == 0:
        return np.full(n, fill, dtype=array.dtype if array.dtype.kind != "f" else np.float64)
    return np.resize(array, n)


def as_float(argument: str, value: Any, n: int) -> FloatArray:
    """A float array of length n (numbers, Decimals); None and NaN are missing. Text is refused (WHO
    asserts numeric)."""
    array = as_array(value)
    if array.dtype.kind in "iufb":
        floats = array.astype(np.float64)
    else:
        items = array.tolist()
        floats = np.empty(len(items), dtype=np.float64)
        for index, item in enumerate(items):
            if item is None:
                floats[index] = np.nan
            elif isinstance(item, int | float | Decimal | np.number):
                floats[index] = float(item)  # Decimal: the value of a Django DecimalField
            else:
                raise GrowthInputError(argument, index, item, "bukan angka", "is not a number")
    return rep_len(floats, n, np.nan)


def _key(item: Any) -> str | None:
    """The normalised text of one code, or None when missing."""
    if item is None:
        return None
    if isinstance(item, bool | np.bool_):
        return "1" if item else "2"  # oedema True = yes (WHO's "1"), False = no ("2")
    if isinstance(item, float | np.floating):
        if math.isnan(item):
            return None
        return str(int(item)) if float(item).is_integer() else str(item)
    text = str(item).strip().lower()
    return text or None


def as_codes(spec: CodeSpec, value: Any, n: int) -> CodeArray:
    """Integer codes (0 = missing) of a WHO code argument, recycled to length n; unknown codes are refused."""
    # A Python list keeps its items as they are (NumPy would turn [2.0, "f"] into the text "2.0").
    array = as_array(value) if isinstance(value, np.ndarray) else as_array(np.array(value, dtype=object))
    if array.dtype.kind in "US":
        uniques, inverse = np.unique(array, return_inverse=True)
        unique_codes = np.zeros(len(uniques), dtype=np.int8)
        for position, item in enumerate(uniques.tolist()):
            key = _key(item)
            if key is not None:
                if key not in spec.codes:
                    first = int(np.flatnonzero(inverse == position)[0])
                    raise GrowthInputError(spec.argument, first, item, spec.reason_id, spec.reason)
                unique_codes[position] = spec.codes[key]
        codes = unique_codes[inverse.reshape(-1)]
    elif array.dtype.kind in "iuf":
        codes = np.zeros(array.shape[0], dtype=np.int8)
        numbers = array.astype(np.float64)
        known = np.zeros(array.shape[0], dtype=bool)
        for text, code in spec.codes.items():
            if text.isdigit():
                hit = numbers == float(text)
                codes[hit] = code
                known |= hit
        bad = np.flatnonzero(~known & ~np.isnan(numbers))
        if bad.size:
            item = array[bad[0]].item()
            raise GrowthInputError(spec.argument, int(bad[0]), item, spec.reason_id, spec.reason)
    else:
        cache: dict[tuple[type, Any], int] = {}
        codes = np.zeros(array.shape[0], dtype=np.int8)
        for index, item in enumerate(array.tolist()):
            cache_key = (type(item), item) if isinstance(item, Hashable) else None
            if cache_key is not None and cache_key in cache:
                codes[index] = cache[cache_key]
                continue
            key = _key(item)
            if key is None:
                code = 0
            elif key in spec.codes and not (isinstance(item, bool) and spec is not OEDEMA):
                code = spec.codes[key]
            else:
                raise GrowthInputError(spec.argument, index, item, spec.reason_id, spec.reason)
            if cache_key is not None:
                cache[cache_key] = code
            codes[index] = code
    return rep_len(codes, n, 0)


def length(*values: Any) -> int:
    """The common length after recycling: the longest given argument (None, an argument left out, does
    not count; so all-empty arguments give an empty result)."""
    return max((int(as_array(v).shape[0]) for v in values if v is not None), default=1)


def as_flags(value: Any, n: int) -> BoolArray:
    """A per-row boolean option such as `age_in_month` (a bool or one per row; None is False)."""
    if value is None:
        return np.zeros(n, dtype=bool)
    return rep_len(as_array(value).astype(bool), n, False)


def refuse_negative(argument: str, values: FloatArray, reason_id: str, reason: str) -> None:
    """WHO's `stopifnot(x >= 0)`: a negative value (−inf included) stops the call; NaN is missing."""
    bad = np.flatnonzero(values < 0)
    if bad.size:
        raise GrowthInputError(argument, int(bad[0]), float(values[bad[0]]), reason_id, reason)


@dataclass(frozen=True)
class Age:
    """Age as WHO anthro uses it: `days` is the rounded (half up) integer age in days as a float, NaN when
    missing or beyond R's integer range; `months` is unrounded (NaN when missing)."""

    days: FloatArray
    months: FloatArray

    @property
    def known_days(self) -> BoolArray:
        return ~np.isnan(self.days)


def clean_age(age: Any, age_in_month: Any, n: int) -> Age:
    """WHO anthro's `age_to_days` and `age_to_months`; a negative age is refused."""
    values = as_float("age", age, n)
    refuse_negative("age", values, "tidak diterima (umur tidak boleh negatif)", "is refused (negative age)")
    in_months = as_flags(age_in_month, n)
    with np.errstate(invalid="ignore", over="ignore"):
        raw_days = np.where(in_months, values * DAYS_PER_MONTH, values)
        months = np.where(in_months, values, values / DAYS_PER_MONTH)
        days = round_half_up(raw_days)
        days[~(days <= _INT_MAX)] = np.nan  # as.integer(): NA beyond the integer range, and for ±inf
    return Age(days, months)
