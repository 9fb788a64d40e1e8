"""The data of a child's KMS-style growth charts: WHO's −3…+3 SD lines for the child's sex and the child's
own points, for weight-for-age, length/height-for-age and weight-for-length/height."""

from __future__ import annotations

from typing import Any

import numpy as np

from growth import curves

DAYS_PER_MONTH = 30.4375
SD_LINES = (-3, -2, -1, 0, 1, 2, 3)


def growth_chart_data(sex: str, visits: list[dict[str, Any]]) -> dict[str, Any]:
    """`visits`: dicts with age_days, weight_kg, length_height_cm, position (oldest first), the counted ones
    (`Visit.objects.counted()`): a measurement held as "perlu dicek ulang" is not drawn."""
    sex_code = 1 if sex == "L" else 2
    last_age = max((v["age_days"] for v in visits), default=0)
    max_month = min(60, max(24, int(last_age / DAYS_PER_MONTH) + 6))
    months = np.arange(0, max_month + 1, 1.0)
    days = np.minimum(np.round(months * DAYS_PER_MONTH), 1856)
    lengths = np.arange(45.0, 120.1, 1.0)
    charts: dict[str, Any] = {}
    for key, x_axis, x_values in (("wfa", months, days), ("lhfa", months, days), ("wflh", lengths, lengths)):
        lines = curves.sd_lines(key, sex_code, x_values)
        charts[key] = {
            "x": [round(float(x), 1) for x in x_axis],
            "lines": {str(sd): [_num(v) for v in lines[sd]] for sd in SD_LINES},
            "points": [],
        }
    for v in visits:
        age_months = round(v["age_days"] / DAYS_PER_MONTH, 2)
        if v["age_days"] > 1856:
            continue
        weight = float(v["weight_kg"]) if v["weight_kg"] is not None else None
        length = float(v["length_height_cm"]) if v["length_height_cm"] is not None else None
        date = v["date"].strftime("%d-%m-%Y")
        if weight is not None:
            charts["wfa"]["points"].append({"x": age_months, "y": weight, "date": date})
        if length is not None:
            charts["lhfa"]["points"].append({"x": age_months, "y": length, "date": date})
        if weight is not None and length is not None:
            charts["wflh"]["points"].append({"x": length, "y": weight, "date": date})
    return charts


def _num(value: float) -> float | None:
    return round(float(value), 2) if np.isfinite(value) else None
