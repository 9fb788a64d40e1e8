"""Synthetic weighings of many children, generated and assessed over arrays: the columns of `visits_visit`
for a province in minutes (`bench/make_data.py`).

The realistic mix is the demo's (`demo.visits_data`: growth tracks around a stunted share, one weighing a
month on the posyandu's opening day, attendance, 'sloppy' posyandu rounding to .0/.5), and every computed
column holds what the normal path stores (`visits.actions.compute`, `campaigns.imports.assess`): z-scores
and flags from one call of the growth library, PMK 2/2020 categories (`growth.categories.classify_array`),
N/T/O/B, 2T and BGM (`growth.weight_gain`'s array variants), the plausibility hold (`rules.plausibility`),
and the findings, each built once per distinct value by the rules' own functions. A test compares the
result with `visits.actions.compute` (tests/test_bench_data.py).

No Django model is touched here but through the caller: the columns come back as arrays."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from demo.visits_data import draw_measurements, growth_tracks
from growth import anthro, categories, weight_gain
from growth.age import completed_months_array
from rules import assessment, life_stage, months, plausibility, stored_findings
from rules.screening import Finding, RuleSet

# Stored z-score → (PMK 2/2020 index, z attribute, flag attribute) of growth.anthro's result, in the order
# rules.assessment assesses them (the order of the findings).
Z_COLUMNS = (
    ("waz", "zwei", "fwei"),
    ("haz", "zlen", "flen"),
    ("whz", "zwfl", "fwfl"),
    ("baz", "zbmi", "fbmi"),
)


class FindingTable:
    """Every distinct finding met so far, by number: rows refer to findings by their number, and each
    finding's stored character, stored detail (rules.stored_findings) and referral are worked out once."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.numbers: dict[Finding, int] = {}
        self.chars: list[str] = []
        self.details: list[str | None] = []  # None: the visit's columns give the detail

    def number(self, finding: Finding) -> int:
        known = self.numbers.get(finding)
        if known is None:
            known = self.numbers[finding] = len(self.findings)
            self.findings.append(finding)
            char, detail = stored_findings.pack([finding])
            self.chars.append(char)
            self.details.append(detail if stored_findings.detail_stored(finding.code) else None)
        return known

    def stored_columns(self, findings: np.ndarray) -> tuple[list[str], list[str]]:
        """Each row's `finding_codes` and `finding_details` (what `stored_findings.pack` gives its findings),
        built a place at a time over the rows."""
        chars = np.array([*self.chars, ""], dtype=object)  # [-1]: no finding
        details = np.array([*("" if d is None else "|" + d for d in self.details), ""], dtype=object)
        places = range(findings.shape[1])
        codes = functools.reduce(np.add, (chars[findings[:, k]] for k in places))
        joined = functools.reduce(np.add, (details[findings[:, k]] for k in places))
        return codes.tolist(), [d[1:] for d in joined.tolist()]

    def refers(self) -> np.ndarray:
        return np.array([f.refer for f in self.findings] + [False], dtype=bool)  # [-1]: no finding


@dataclass
class Children:
    """The children to weigh, one element per child."""

    pk: np.ndarray  # int
    sex: np.ndarray  # "L" / "P"
    birth_date: np.ndarray  # datetime64[D]
    posyandu_id: np.ndarray  # int
    desa_id: np.ndarray  # str
    opening_day: np.ndarray  # day of the month the posyandu opens
    sloppy: np.ndarray  # bool: the child's posyandu rounds its readings


@dataclass
class Visits:
    """Columns of the visits, in child then date order; `findings` holds each row's finding numbers into
    the `FindingTable` (-1: none), one column per place a finding can take."""

    person_id: np.ndarray
    posyandu_id: np.ndarray
    desa_id: np.ndarray
    date: np.ndarray  # datetime64[D]
    month: np.ndarray  # datetime64[D], first of the month
    age_days: np.ndarray
    life_stage: np.ndarray
    weight_kg: np.ndarray
    length_height_cm: np.ndarray  # NaN: not measured
    position: np.ndarray  # "" where not measured
    z: dict[str, np.ndarray]  # waz, haz, whz, baz; NaN: None
    flagged: np.ndarray  # bit mask over Z_COLUMNS
    held: np.ndarray
    weight_gain: np.ndarray
    is_2t: np.ndarray
    is_bgm: np.ndarray
    findings: np.ndarray  # (rows, places) of finding numbers
    refers: np.ndarray  # bool: the visit raises a referral

    def __len__(self) -> int:
        return len(self.person_id)


def weighing_rows(
    children: Children,
    *,
    today: datetime.date,
    rng: np.random.Generator,
    months_back: int,
    attendance: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(child index, day) of every weighing, child by child in date order, as `demo.visits_data` draws them:
    each child comes to its first opening day under five and to later ones with chance `attendance`."""
    first_month = months.month_start(today)
    starts = np.array(
        [months.add_months(first_month, -back) for back in range(months_back - 1, -1, -1)],
        dtype="datetime64[D]",
    )
    offset = np.minimum(children.opening_day, 28).astype("timedelta64[D]") - np.timedelta64(1, "D")
    days = starts[None, :] + offset[:, None]
    birth = children.birth_date[:, None]
    age = (days - birth).astype(np.int64)
    eligible = (
        (days <= np.datetime64(today))
        & (age > 0)
        & (age <= assessment.CHILD_STANDARD_MAX_DAYS)
        & (
            completed_months_array(np.broadcast_to(birth, days.shape), days)
            < assessment.CHILD_STANDARD_MONTHS
        )
    )
    first = eligible & (np.cumsum(eligible, axis=1) == 1)
    keep = eligible & (first | (rng.random(days.shape) < attendance))
    child, column = np.nonzero(keep)
    return child, days[child, column]


def make_visits(
    children: Children,
    *,
    today: datetime.date,
    rng: np.random.Generator,
    rules: RuleSet,
    table: FindingTable,
    months_back: int = 12,
    stunted_share: float = 0.2,
    attendance: float = 0.8,
) -> Visits:
    """The assessed weighings of these children (refused ones, a misplaced decimal comma, left out as the
    visit form would refuse them)."""
    haz_track, whz_track = growth_tracks(len(children.pk), stunted_share=stunted_share, rng=rng)
    child, day = weighing_rows(children, today=today, rng=rng, months_back=months_back, attendance=attendance)
    birth = children.birth_date[child]
    age_days = (day - birth).astype(np.int64)
    sex = children.sex[child]
    weight, length, position, measured = draw_measurements(
        age_days=age_days.astype(float),
        sex=sex,
        haz_track=haz_track[child],
        whz_track=whz_track[child],
        sloppy=children.sloppy[child],
        rng=rng,
    )
    # As stored (DecimalField: 2 and 1 decimals) and read back as floats by the normal path: the double
    # nearest each decimal, which a division of exact integers gives.
    weight = np.rint(weight * 100) / 100
    length = np.where(measured, np.rint(length * 10) / 10, np.nan)
    position = np.where(measured, position, "")
    result = anthro.zscores(
        sex=np.where(sex == "L", 1, 2),
        age=age_days.astype(float),
        weight=weight,
        lenhei=length,
        measure=position,  # "": not measured, missing as None would be
        headc=np.full(len(child), np.nan),
        armc=np.full(len(child), np.nan),
        oedema=np.full(len(child), "n"),
    )
    z = {name: np.asarray(getattr(result, z_attr), dtype=float) for name, z_attr, _f in Z_COLUMNS}
    flags = {
        name: np.isfinite(z[name]) & (np.asarray(getattr(result, f_attr), dtype=float) == 1)
        for name, _z, f_attr in Z_COLUMNS
    }
    month_number = completed_months_array(birth, day)
    keep = ~_refused(flags["waz"], z["waz"], sex, age_days, weight, rules)
    if not keep.all():
        child, day, birth, age_days, sex, weight, length, position, month_number = (
            a[keep] for a in (child, day, birth, age_days, sex, weight, length, position, month_number)
        )
        z = {k: v[keep] for k, v in z.items()}
        flags = {k: v[keep] for k, v in flags.items()}
    n = len(child)
    mask = np.zeros(n, dtype=np.int64)
    for bit, (name, _z, _f) in enumerate(Z_COLUMNS):
        mask |= flags[name].astype(np.int64) << bit
    places: list[np.ndarray] = []
    for name, _z, _f in Z_COLUMNS:
        places.append(_category_findings(assessment.CHILD_Z_INDEX[name], z[name], flags[name], table))
    places.append(_by_key(mask, lambda m: _remeasure(int(m)), table, where=mask > 0))
    month = day.astype("datetime64[M]").astype("datetime64[D]")
    history = _history(child, month, weight, mask > 0, rules, table)
    status = weight_gain.status_array(
        age_months=month_number,
        weight_kg=weight,
        previous_weight_kg=history.previous_weight,
        weighed_previous_month=history.previous_month,
        weighed_before=history.before,
    )
    previous_status = np.where(history.previous_month, status[np.maximum(history.previous, 0)], "")
    two_t = weight_gain.is_2t_array(status, previous_status)
    bgm = ~flags["waz"] & weight_gain.is_bgm_array(z["waz"])
    counted_gain = np.isin(status, ["N", "T"])
    gain = np.where(counted_gain, np.rint((weight - np.nan_to_num(history.previous_weight)) * 1000), 0)
    kbm = np.where(counted_gain, weight_gain.kbm_grams_array(np.minimum(month_number, 60)), 0)
    # One integer per (status, gain, KBM, 2T), so that each distinct finding is built once.
    status_code = np.searchsorted(np.array(_STATUSES), status)
    gain_key = (
        ((status_code * 2 + two_t) * _KBM_SPAN + kbm) * _GAIN_SPAN + gain.astype(np.int64) + _GAIN_SPAN // 2
    )
    places.append(_by_key(gain_key, _gain_finding, table))
    places.append(_by_key(z["waz"], lambda w: assessment.bgm_finding(float(w)), table, where=bgm))
    places.append(history.check)
    stage_of = np.array([life_stage.stage_at(m).value for m in range(assessment.CHILD_STANDARD_MONTHS)])
    findings = np.stack(places, axis=1)
    refers = table.refers()[findings].any(axis=1)
    return Visits(
        person_id=children.pk[child],
        posyandu_id=children.posyandu_id[child],
        desa_id=children.desa_id[child],
        date=day,
        month=month,
        age_days=age_days,
        life_stage=stage_of[month_number],
        weight_kg=weight,
        length_height_cm=length,
        position=position,
        z=z,
        flagged=mask,
        held=history.held,
        weight_gain=status,
        is_2t=two_t,
        is_bgm=bgm,
        findings=findings,
        refers=refers,
    )


_STATUSES = ("B", "N", "O", "T")  # sorted, for searchsorted
_KBM_SPAN = 1 << 12  # grams: above any KBM
_GAIN_SPAN = 1 << 20  # grams: a gain or loss of up to 500 kg either way


def _gain_finding(key: np.int64) -> Finding:
    rest, gain = divmod(int(key), _GAIN_SPAN)
    rest, kbm = divmod(rest, _KBM_SPAN)
    status, two_t = divmod(rest, 2)
    return assessment.gain_finding(_STATUSES[status], gain - _GAIN_SPAN // 2, kbm, bool(two_t))


def flagged_names(mask: int) -> list[str]:
    """The stored names of the z-scores a flag mask marks (`Visit.flagged`)."""
    return [name for bit, (name, _z, _f) in enumerate(Z_COLUMNS) if mask >> bit & 1]


def _remeasure(mask: int) -> Finding:
    return assessment.remeasure_finding(flagged_names(mask))


def _refused(
    flagged_waz: np.ndarray,
    waz: np.ndarray,
    sex: np.ndarray,
    age_days: np.ndarray,
    weight: np.ndarray,
    rules: RuleSet,
) -> np.ndarray:
    """rules.plausibility.refusal, tried on the weighings WHO flags (only those can be refused)."""
    refused = np.zeros(len(waz), dtype=bool)
    for k in np.nonzero(flagged_waz)[0]:
        refused[k] = (
            plausibility.refusal(
                sex=str(sex[k]),
                age_days=int(age_days[k]),
                weight_kg=float(weight[k]),
                waz=float(waz[k]),
                rules=rules,
            )
            is not None
        )
    return refused


def _by_key(
    keys: np.ndarray, make: Any, table: FindingTable, *, where: np.ndarray | None = None
) -> np.ndarray:
    """Each row's finding number, `make(key)` built once per distinct key (-1 outside `where`)."""
    out = np.full(len(keys), -1, dtype=np.int64)
    rows = np.arange(len(keys)) if where is None else np.nonzero(where)[0]
    if len(rows) == 0:
        return out
    unique, inverse = np.unique(keys[rows], return_inverse=True)
    numbers = np.array([table.number(make(key)) for key in unique], dtype=np.int64)
    out[rows] = numbers[inverse.reshape(-1)]
    return out


def _category_findings(index: str, z: np.ndarray, flagged: np.ndarray, table: FindingTable) -> np.ndarray:
    """The PMK 2/2020 category finding of each row's z-score (-1: none, missing or flagged)."""
    codes = categories.classify_array(index, np.where(flagged, np.nan, z))
    out = np.full(len(z), -1, dtype=np.int64)
    for code in np.unique(codes):
        if not code:
            continue
        rows = codes == code
        out[rows] = _by_key(
            z[rows], lambda v, c=str(code): assessment.category_finding(index, c, float(v)), table
        )
    return out


@dataclass
class _History:
    previous: np.ndarray  # the row of the last earlier weighing that counts (-1: none)
    before: np.ndarray  # weighed (and counted) before this month
    previous_month: np.ndarray  # ... in the previous calendar month
    previous_weight: np.ndarray  # that weighing's weight (NaN: not in the previous month)
    check: np.ndarray  # the finding number of rules.plausibility's hold on the change (-1: none)
    held: np.ndarray


def _history(
    child: np.ndarray,
    month: np.ndarray,
    weight: np.ndarray,
    flagged: np.ndarray,
    rules: RuleSet,
    table: FindingTable,
) -> _History:
    """Each weighing's history as `visits.actions._history` reads it: the last earlier weighing of the child
    that counts (not held). Whether a weighing is held depends on that history (a change beyond
    rules.plausibility's limits), so the held set is found again until it no longer changes."""
    n = len(child)
    index = np.arange(n)
    first_of_child = np.r_[0, np.nonzero(np.diff(child))[0] + 1] if n else index
    start = np.repeat(first_of_child, np.diff(np.r_[first_of_child, n]))
    wanted = (month.astype("datetime64[M]") - np.timedelta64(1, "M")).astype("datetime64[D]")
    known: dict[complex, int] = {}  # (weight, previous weight) → finding number or -1

    def check_of(pairs: np.ndarray) -> np.ndarray:
        unique, inverse = np.unique(pairs, return_inverse=True)
        for pair in unique.tolist():
            if pair not in known:
                found = plausibility.gain_findings(
                    weight_kg=pair.real, previous_month_weight_kg=pair.imag, rules=rules
                )
                known[pair] = table.number(found[0]) if found else -1
        numbers = np.array([known[pair] for pair in unique.tolist()], dtype=np.int64)
        result: np.ndarray = numbers[inverse.reshape(-1)]
        return result

    held = flagged.copy()
    while True:
        last_counted = np.maximum.accumulate(np.where(held, -1, index))
        previous = np.r_[-1, last_counted[:-1]][:n]
        previous = np.where(previous >= start, previous, -1)
        safe = np.maximum(previous, 0)
        previous_month = (previous >= 0) & (month[safe] == wanted)
        previous_weight = np.where(previous_month, weight[safe], np.nan)
        check = np.full(n, -1, dtype=np.int64)
        rows = np.nonzero(previous_month)[0]
        if len(rows):
            check[rows] = check_of(weight[rows] + 1j * previous_weight[rows])
        now_held = flagged | (check >= 0)
        if (now_held == held).all():
            return _History(previous, previous >= 0, previous_month, previous_weight, check, held)
        held = now_held
