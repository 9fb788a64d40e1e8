"""Nutritional status categories of Permenkes 2/2020 (Standar Antropometri Anak), table-driven.

The boundaries apply to the z-score **rounded to 2 decimals** as WHO reports it (docs/domain.md "Categories"):
the lower categories end just below a boundary ("−3 SD sd < −2 SD"), the upper ones start just above it
("> +1 SD"), so −2.00 and +1.00 are normal, −2.01 is stunted/underweight/wasted and +1.01 is a risk of
overweight (BB/U). Every result records `RULE_VERSION`.

Indices: "wfa" BB/U, "lhfa" PB/U or TB/U, "wflh" BB/PB or BB/TB, "bfa" IMT/U 0–60 months (the same six
categories as BB/PB), "bfa_5_18" IMT/U 5–18 years (WHO 2007 reference; Indonesian use stops at 18 years).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from growth.rounding import r_round

RULE_VERSION = "pmk2-2020"


@dataclass(frozen=True)
class Band:
    """A category for rounded z-scores up to and including `upper` (in hundredths of an SD; None: no upper
    end). Bands are listed from the lowest; a z-score falls into the first band whose `upper` it does not
    exceed."""

    code: str
    upper: int | None


# PMK 2/2020, Lampiran: "< −3 SD", "−3 SD sd < −2 SD", "−2 SD sd +1 SD", "> +1 SD sd +2 SD", ...
# On 2-decimal z-scores "< −3" is "≤ −3.01", i.e. an upper end of −301 hundredths.
RULES: dict[str, tuple[Band, ...]] = {
    "wfa": (
        Band("severely_underweight", -301),
        Band("underweight", -201),
        Band("normal", 100),
        Band("risk_overweight", None),
    ),
    "lhfa": (
        Band("severely_stunted", -301),
        Band("stunted", -201),
        Band("normal", 300),
        Band("tall", None),
    ),
    "wflh": (
        Band("severely_wasted", -301),
        Band("wasted", -201),
        Band("normal", 100),
        Band("possible_risk_overweight", 200),
        Band("overweight", 300),
        Band("obese", None),
    ),
    "bfa": (
        Band("severely_wasted", -301),
        Band("wasted", -201),
        Band("normal", 100),
        Band("possible_risk_overweight", 200),
        Band("overweight", 300),
        Band("obese", None),
    ),
    "bfa_5_18": (
        Band("severely_thin", -301),
        Band("thin", -201),
        Band("normal", 100),
        Band("overweight", 200),
        Band("obese", None),
    ),
}

# The labels of PMK 2/2020 (Indonesian, as printed; English terms of the regulation in LABELS_EN).
LABELS: dict[str, dict[str, str]] = {
    "wfa": {
        "severely_underweight": "Berat badan sangat kurang",
        "underweight": "Berat badan kurang",
        "normal": "Berat badan normal",
        "risk_overweight": "Risiko berat badan lebih",
    },
    "lhfa": {
        "severely_stunted": "Sangat pendek",
        "stunted": "Pendek",
        "normal": "Normal",
        "tall": "Tinggi",
    },
    "wflh": {
        "severely_wasted": "Gizi buruk",
        "wasted": "Gizi kurang",
        "normal": "Gizi baik",
        "possible_risk_overweight": "Berisiko gizi lebih",
        "overweight": "Gizi lebih",
        "obese": "Obesitas",
    },
    "bfa": {
        "severely_wasted": "Gizi buruk",
        "wasted": "Gizi kurang",
        "normal": "Gizi baik",
        "possible_risk_overweight": "Berisiko gizi lebih",
        "overweight": "Gizi lebih",
        "obese": "Obesitas",
    },
    "bfa_5_18": {
        "severely_thin": "Gizi buruk",
        "thin": "Gizi kurang",
        "normal": "Gizi baik",
        "overweight": "Gizi lebih",
        "obese": "Obesitas",
    },
}
LABELS_EN: dict[str, dict[str, str]] = {
    "wfa": {
        "severely_underweight": "Severely underweight",
        "underweight": "Underweight",
        "normal": "Normal weight",
        "risk_overweight": "Risk of overweight",
    },
    "lhfa": {
        "severely_stunted": "Severely stunted",
        "stunted": "Stunted",
        "normal": "Normal",
        "tall": "Tall",
    },
    "wflh": {
        "severely_wasted": "Severely wasted",
        "wasted": "Wasted",
        "normal": "Normal",
        "possible_risk_overweight": "Possible risk of overweight",
        "overweight": "Overweight",
        "obese": "Obese",
    },
    "bfa": {
        "severely_wasted": "Severely wasted",
        "wasted": "Wasted",
        "normal": "Normal",
        "possible_risk_overweight": "Possible risk of overweight",
        "overweight": "Overweight",
        "obese": "Obese",
    },
    "bfa_5_18": {
        "severely_thin": "Severe thinness",
        "thin": "Thinness",
        "normal": "Normal",
        "overweight": "Overweight",
        "obese": "Obese",
    },
}
INDICES = tuple(RULES)

# The ages (completed months, inclusive) each index is meant for in PMK 2/2020. IMT/U switches from the
# 2006 standards to the 2007 reference at 60 months and stops at 18 years for Indonesian use.
AGE_RANGE_MONTHS: dict[str, tuple[int, int]] = {
    "wfa": (0, 60),
    "lhfa": (0, 60),
    "wflh": (0, 60),
    "bfa": (0, 60),
    "bfa_5_18": (60, 216),
}


def bmi_index(age_months: float) -> str | None:
    """The IMT/U index for an age in months: "bfa" under 60 months (WHO 2006), "bfa_5_18" from 60 months to
    18 years (WHO 2007), None beyond."""
    if age_months < 60:
        return "bfa" if age_months >= 0 else None
    return "bfa_5_18" if age_months <= AGE_RANGE_MONTHS["bfa_5_18"][1] else None


def _bands(index: str) -> tuple[Band, ...]:
    try:
        return RULES[index]
    except KeyError:
        raise ValueError(f"unknown index {index!r}; one of {', '.join(INDICES)}") from None


def classify(index: str, z: float | None) -> str | None:
    """The PMK 2/2020 category code of one z-score (rounded to 2 decimals first, as WHO reports it);
    None for a missing or NaN z-score. ±inf fall into the outermost categories."""
    bands = _bands(index)
    if z is None or math.isnan(z):
        return None
    hundredths = _hundredths(np.array([z], dtype=np.float64))[0]
    for band in bands:
        if band.upper is None or hundredths <= band.upper:
            return band.code
    raise AssertionError("the last band has no upper end")  # pragma: no cover


def _hundredths(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The rounded z-score in hundredths (exact small integers as floats; ±inf stay infinite)."""
    with np.errstate(invalid="ignore", over="ignore"):
        result: npt.NDArray[np.float64] = np.rint(r_round(z, 2) * 100.0)
    return result


def classify_array(index: str, z: Any) -> npt.NDArray[np.str_]:
    """`classify` over an array: the category codes, "" where the z-score is missing or NaN."""
    bands = _bands(index)
    values = np.asarray(z, dtype=np.float64).reshape(-1)
    hundredths = _hundredths(values)
    width = max(len(band.code) for band in bands)
    codes = np.full(values.shape[0], "", dtype=f"<U{width}")
    assigned = np.isnan(values)
    for band in bands:
        hit = ~assigned if band.upper is None else ~assigned & (hundredths <= band.upper)
        codes[hit] = band.code
        assigned |= hit
    return codes


def label(index: str, code: str | None) -> str:
    """The Indonesian label of a category code ("" for no category)."""
    return "" if not code else LABELS[index][code]
