"""The results of many children's measurements at once: WHO z-scores computed over arrays (one call of
growth.anthro.zscores for a whole sheet), then each row's categories, flags, weight gain and findings with the
same rules as a visit recorded at the posyandu (rules.assessment). A test compares both paths."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from growth import anthro, categories
from rules import assessment, life_stage, months, plausibility, screening
from rules.screening import RuleSet


@lru_cache(maxsize=65536)
def age(birth_date: datetime.date, on: datetime.date) -> tuple[int, int, life_stage.Stage]:
    """(days, completed months, life stage): a sheet repeats the same few thousand pairs."""
    return (
        life_stage.age_in_days(birth_date, on),
        months.completed_months(birth_date, on),
        life_stage.stage(birth_date, on),
    )


@dataclass(frozen=True)
class ChildInput:
    person: assessment.Person
    measurements: assessment.Measurements


# Stored z-score → (PMK 2/2020 index, attribute of the z-score array, attribute of the flag array), as
# rules.assessment pairs them.
Z_PAIRS = (
    ("waz", "wfa", "zwei", "fwei"),
    ("haz", "lhfa", "zlen", "flen"),
    ("whz", "wflh", "zwfl", "fwfl"),
    ("baz", "bfa", "zbmi", "fbmi"),
    ("hcz", "", "zhc", "fhc"),
    ("acz", "", "zac", "fac"),
)


def _array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=float)


def zscores(children: Sequence[ChildInput]) -> list[dict[str, tuple[float | None, float | None]]]:
    """Each child's {stored name: (z-score, flag)}, computed in one vectorised call."""
    if not children:
        return []
    m = [c.measurements for c in children]
    result = anthro.zscores(
        sex=np.array([1 if c.person.sex == "L" else 2 for c in children]),
        age=np.array([c.person.age_days for c in children], dtype=float),
        weight=_array([x.weight_kg for x in m]),
        lenhei=_array([x.length_height_cm for x in m]),
        measure=np.array([x.position or None for x in m], dtype=object),
        headc=_array([x.head_circumference_cm for x in m]),
        armc=_array([x.muac_cm for x in m]),
        oedema=np.array(["y" if x.oedema else "n" for x in m], dtype=object),
    )
    names = [name for name, *_rest in Z_PAIRS]
    columns = [
        zip(_finite(getattr(result, z_attr)), _finite(getattr(result, flag_attr)), strict=True)
        for _name, _index, z_attr, flag_attr in Z_PAIRS
    ]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def refusals(children: Sequence[ChildInput], rules: RuleSet) -> list[plausibility.Refusal | None]:
    """rules.plausibility.refusal for many children 0–59 months: weight-for-age over arrays in one call, then
    only the few far beyond WHO's limits tried with a tenth (or tenfold) of their weight."""
    if not children:
        return []
    result = anthro.zscores(
        sex=np.array([1 if c.person.sex == "L" else 2 for c in children]),
        age=np.array([c.person.age_days for c in children], dtype=float),
        weight=_array([c.measurements.weight_kg for c in children]),
        indicators=["wei"],
    )
    return [
        plausibility.refusal(
            sex=c.person.sex,
            age_days=c.person.age_days,
            weight_kg=c.measurements.weight_kg,
            waz=waz,
            rules=rules,
        )
        for c, waz in zip(children, _finite(result.zwei), strict=True)
    ]


def _finite(values: Any) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in np.asarray(values, dtype=float).tolist()]


def assess_child(
    child: ChildInput,
    z: dict[str, tuple[float | None, float | None]],
    history: assessment.History,
    rules: RuleSet,
    version: str = "",
) -> assessment.Assessment:
    """rules.assessment.assess for a child 0–59 months whose z-scores (and flags) are already known
    (`version`: `assessment.rule_version(rules)`, computed once by a caller assessing many)."""
    out = assessment.Assessment(rule_version=version or assessment.rule_version(rules))
    for name, index, _z_attr, _flag_attr in Z_PAIRS:
        value, flag = z[name]
        out.z[name] = value
        if value is not None and flag == 1:
            out.flagged.append(name)
            continue
        if value is None or not index:
            continue
        code = _classify(index, value)
        if code:
            out.categories[index] = code
            out.findings.append(_category_finding(index, code, value))
    if out.flagged:
        out.findings.append(assessment.remeasure_finding(out.flagged))
    assessment.add_weight_gain(child.person, child.measurements, history, out)
    out.findings.extend(screening.child_muac(rules, child.measurements.muac_cm, child.person.age_months))
    assessment.judge(child.person, child.measurements, history, rules, out, under_five=True)
    assessment.add_screening(child.person, child.measurements, rules, out)
    return out


# z-scores are rounded to two decimals, so a sheet repeats the same (index, z) often; both are pure (a
# Finding is frozen).
_classify = lru_cache(maxsize=65536)(categories.classify)
_category_finding = lru_cache(maxsize=65536)(assessment.category_finding)
