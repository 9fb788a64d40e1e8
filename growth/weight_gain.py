"""Monthly weight gain at the posyandu: N / T / O / B, 2T and BGM (KMS rules, docs/domain.md "Weight gain").

* N (naik): weighed this month and in the previous calendar month, gain ≥ KBM.
* T (tidak naik): weighed both months, gain < KBM (a loss included).
* O: weighed this month, not in the previous month, but weighed before.
* B (baru): the first weighing ever (at this posyandu). D = N + T + O + B.
* 2T: T this month and T last month. BGM (bawah garis merah): weight-for-age z < −3, the KMS red line.

KBM (kenaikan berat badan minimal) by completed months of age at the current weighing: the KMS 2010 layout
(Permenkes 155/2010; Buku KIA), versioned as `KBM_VERSION`. Gains are compared in whole grams, so that
7.8 kg − 7.0 kg is 800 g and not 799.999… g.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from growth import anthro
from growth.age import completed_months

KBM_VERSION = "kbm-2010"
Status = Literal["N", "T", "O", "B"]

# (first month, last month, KBM in grams), completed months of age. Month 0 has no KMS entry (there is
# normally no previous-month weighing); a child weighed twice before one month old is held to the
# one-month KBM. From 12 to 60 months: 200 g.
KBM_TABLE: tuple[tuple[int, int, int], ...] = (
    (0, 1, 800),
    (2, 2, 900),
    (3, 3, 800),
    (4, 4, 600),
    (5, 5, 500),
    (6, 7, 400),
    (8, 11, 300),
    (12, 60, 200),
)
KMS_LAST_MONTH = 60
BGM_BELOW_Z = -3.0  # the red line of the KMS (PMK 2/2020: BB/U < −3 SD)


def kbm_grams(age_months_completed: int) -> int:
    """The minimum monthly weight gain (grams) at this age in completed months (0–60)."""
    for first, last, grams in KBM_TABLE:
        if first <= age_months_completed <= last:
            return grams
    raise ValueError(f"no KBM for an age of {age_months_completed} completed months (table covers 0–60)")


def grams(weight_kg: float) -> int:
    """A weight in whole grams (scales show 0.1 kg, sometimes 0.05 or 0.01 kg)."""
    return round(weight_kg * 1000)


def status(
    *,
    age_months: int,
    weight_kg: float,
    previous_weight_kg: float | None,
    weighed_previous_month: bool,
    weighed_before: bool,
) -> Status:
    """N, T, O or B for this month's weighing. `age_months` is the completed months at this weighing,
    `previous_weight_kg` the weight of the previous calendar month (needed only if weighed then)."""
    if not weighed_before:
        if weighed_previous_month:
            raise ValueError("weighed_previous_month implies weighed_before")
        return "B"
    if not weighed_previous_month:
        return "O"
    if previous_weight_kg is None or not math.isfinite(previous_weight_kg) or not math.isfinite(weight_kg):
        raise ValueError("a weighing in the previous month needs both weights")
    gain = grams(weight_kg) - grams(previous_weight_kg)
    return "N" if gain >= kbm_grams(age_months) else "T"


def is_2t(current_status: str | None, previous_status: str | None) -> bool:
    """Two consecutive T: T this month and T in the previous calendar month."""
    return current_status == "T" and previous_status == "T"


def is_bgm(zwei: float | None) -> bool:
    """Below the red line: the (rounded) weight-for-age z-score is below −3; False when missing."""
    return zwei is not None and not math.isnan(zwei) and zwei < BGM_BELOW_Z


def kbm_grams_array(age_months_completed: Any) -> npt.NDArray[np.int64]:
    """`kbm_grams` over an array of completed months (each 0–60)."""
    ages = np.asarray(age_months_completed, dtype=np.int64)
    table = np.array([kbm_grams(m) for m in range(KMS_LAST_MONTH + 1)], dtype=np.int64)
    if ages.size and (ages.min() < 0 or ages.max() > KMS_LAST_MONTH):
        raise ValueError("no KBM beyond the table's 0–60 completed months")
    result: npt.NDArray[np.int64] = table[ages]
    return result


def status_array(
    *,
    age_months: Any,
    weight_kg: Any,
    previous_weight_kg: Any,
    weighed_previous_month: Any,
    weighed_before: Any,
) -> npt.NDArray[np.str_]:
    """`status` over arrays ("B", "O", "N" or "T"); `previous_weight_kg` is read only where
    `weighed_previous_month`."""
    weighed_before = np.asarray(weighed_before, dtype=bool)
    previous_month = np.asarray(weighed_previous_month, dtype=bool)
    if (previous_month & ~weighed_before).any():
        raise ValueError("weighed_previous_month implies weighed_before")
    weight = np.asarray(weight_kg, dtype=np.float64)
    previous = np.where(previous_month, np.asarray(previous_weight_kg, dtype=np.float64), 0.0)
    if not (np.isfinite(weight[previous_month]).all() and np.isfinite(previous[previous_month]).all()):
        raise ValueError("a weighing in the previous month needs both weights")
    ages = np.where(previous_month, np.asarray(age_months, dtype=np.int64), 0)
    gain = np.rint(weight * 1000) - np.rint(previous * 1000)  # `grams`: Python's round is half-even too
    gained = gain >= kbm_grams_array(ages)
    return np.where(~weighed_before, "B", np.where(~previous_month, "O", np.where(gained, "N", "T")))


def is_2t_array(current_status: Any, previous_status: Any) -> npt.NDArray[np.bool_]:
    """`is_2t` over arrays."""
    result: npt.NDArray[np.bool_] = (np.asarray(current_status) == "T") & (np.asarray(previous_status) == "T")
    return result


def is_bgm_array(zwei: Any) -> npt.NDArray[np.bool_]:
    """`is_bgm` over an array of (rounded) weight-for-age z-scores; NaN is missing, so False."""
    z = np.asarray(zwei, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        result: npt.NDArray[np.bool_] = z < BGM_BELOW_Z
    return result


@dataclass(frozen=True)
class MonthlyStatus:
    """One weighing month of a child: the weighing that counts (the last of the month), its status and
    the numbers behind it. `gain_g` and `kbm_g` are None unless the child was weighed the month before;
    `zwei` and `bgm` are None unless the child's sex was given."""

    year: int
    month: int
    date: datetime.date
    weight_kg: float
    age_months: int
    status: Status
    gain_g: int | None
    kbm_g: int | None
    two_t: bool
    zwei: float | None
    bgm: bool | None


def monthly_statuses(
    weighings: Iterable[tuple[datetime.date, float]],
    *,
    birth_date: datetime.date,
    sex: str | int | None = None,
) -> list[MonthlyStatus]:
    """The status of each month in which the child was weighed, from the child's whole list of
    (date, weight_kg). Several weighings in one month: the last one counts; weighings after 60 completed
    months (beyond the KMS) are left out. With `sex` (WHO code), each
    month also gets the weight-for-age z-score and BGM."""
    by_month: dict[tuple[int, int], tuple[datetime.date, float]] = {}
    for day, weight_kg in sorted(weighings, key=lambda item: item[0]):
        if day < birth_date:
            raise ValueError(f"weighing on {day} is before the birth date {birth_date}")
        if completed_months(birth_date, day) <= KMS_LAST_MONTH:
            by_month[(day.year, day.month)] = (day, weight_kg)
    months = sorted(by_month)
    z_by_month: dict[tuple[int, int], float] = {}
    if sex is not None and months:
        result = anthro.zscores(
            sex=sex,
            age=[(by_month[key][0] - birth_date).days for key in months],
            weight=[by_month[key][1] for key in months],
        )
        z_by_month = {key: float(result.zwei[i]) for i, key in enumerate(months)}
    out: list[MonthlyStatus] = []
    previous_status: dict[tuple[int, int], Status] = {}
    for position, key in enumerate(months):
        day, weight_kg = by_month[key]
        year, month = key
        before = (year - 1, 12) if month == 1 else (year, month - 1)
        age = completed_months(birth_date, day)
        weighed_previous = before in by_month
        current = status(
            age_months=age,
            weight_kg=weight_kg,
            previous_weight_kg=by_month[before][1] if weighed_previous else None,
            weighed_previous_month=weighed_previous,
            weighed_before=position > 0,
        )
        previous_status[key] = current
        zwei = z_by_month.get(key)
        out.append(
            MonthlyStatus(
                year=year,
                month=month,
                date=day,
                weight_kg=weight_kg,
                age_months=age,
                status=current,
                gain_g=grams(weight_kg) - grams(by_month[before][1]) if weighed_previous else None,
                kbm_g=kbm_grams(age) if weighed_previous else None,
                two_t=is_2t(current, previous_status.get(before)),
                zwei=zwei,
                bgm=None if sex is None else is_bgm(zwei),
            )
        )
    return out
