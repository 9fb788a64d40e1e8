"""Computing the monthly figures of posyandu from visits and people, and reading them back as report values.

Counting rules (docs/domain.md "SKDN", "Prevalence"):
- children 0–59 months are visits whose life stage at the visit is bayi or balita;
- a child weighed more than once in a month counts once, with the month's latest weighing (D, N/T/O/B, BGM,
  2T); for prevalence each child's latest valid z-score of the month counts, flagged z-scores are left out
  (WHO), indicator by indicator;
- a measurement held as "perlu dicek ulang" (rules.plausibility, `Visit.objects.counted()`) counts in none of
  these until it is confirmed or corrected, and does not hide an earlier weighing of the month; the
  data-quality sums take every measurement, held ones included (they are what data quality measures);
- S counts children under five on the last day of the month, registered at the posyandu, alive and not
  moved away by then; K those of them with a Buku KIA/KMS;
- the days a posyandu opened are those of `visits.opening` (what strata and "aktif" count);
- the month's services for aktif-2021's "3 of the 4 services" (docs/domain.md "Posyandu aktif"), over the
  whole calendar month (a figure of a month is that month's, even when a period ends within it):
  KIA: the pregnancies of the posyandu's mothers ongoing on some day of the month (HPHT by its last day, not
  ended, or due, before its first day), and of them those with a pregnancy check at the posyandu in the
  month; KB: the visits of the month with a family-planning status "aktif" or "tidak ber-KB" (a visit
  without a status, pregnant or not a couple of reproductive age counts in neither), and of them the
  "aktif"; immunisation: the children of S aged 12–23 completed months on the month's last day, and of them
  those with every basic dose (`rules.immunisation.BASIC_DOSES`) given by that day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from audit.models import AuditEvent
from people.models import Person, PersonQuerySet, PersonStatus, Pregnancy
from posyandu.models import Posyandu
from reports.models import FiguresState, MonthlyFigures
from rules import months as month_rules
from rules.immunisation import BASIC_DOSES
from rules.life_stage import Stage, latest_birth_date
from rules.months import month_end
from rules.prevalence import Prevalence
from rules.quality import Moments, Quality
from rules.skdn import Skdn
from visits.models import COUNTED, Immunisation, KbStatus, Visit, rule_version_name
from visits.opening import days_opened

UNDER_FIVE_STAGES = (Stage.BAYI.value, Stage.BALITA.value)
# A measurement data quality counts as flagged: WHO flagged a z-score as implausible ("perlu dicek ulang").
FLAGGED = Q(needs_remeasure=True)
CHUNK = 400  # posyandu per query: keeps the parameter count small on every database


def children_visits() -> QuerySet[Visit]:
    """Every visit of a child under five, held ones included (data quality); `latest` keeps those counted."""
    return Visit.objects.filter(life_stage__in=UNDER_FIVE_STAGES)


def later_in_month(field: str) -> Exists:
    """A later counted visit of the same child in the same month that has `field`."""
    return Exists(
        Visit.objects.counted()
        .filter(person_id=OuterRef("person_id"), month=OuterRef("month"), **{f"{field}__isnull": False})
        .filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")))
    )


def later_in_campaign(field: str) -> Exists:
    return Exists(
        Visit.objects.counted()
        .filter(
            person_id=OuterRef("person_id"),
            campaign_id=OuterRef("campaign_id"),
            **{f"{field}__isnull": False},
        )
        .filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")))
    )


def latest(qs: QuerySet[Visit], field: str, *, campaign: bool = False) -> QuerySet[Visit]:
    """Each child's latest counted visit with `field` (per month, or per campaign): the one place reports
    leave out measurements held as "perlu dicek ulang"."""
    later = later_in_campaign(field) if campaign else later_in_month(field)
    return qs.filter(COUNTED, **{f"{field}__isnull": False}).filter(~later)


def valid_z(qs: QuerySet[Visit], z_field: str, *, campaign: bool = False) -> QuerySet[Visit]:
    """The latest visits whose `z_field` WHO did not flag as implausible."""
    flagged = Q(flagged_text__contains=f'"{z_field}"')
    return (
        latest(qs, z_field, campaign=campaign)
        .alias(flagged_text=Cast("flagged", TextField()))
        .filter(Q(needs_remeasure=False) | ~flagged)
    )


# Conditional counts of each z-score's prevalence query: name → case condition.
Z_QUERIES: dict[str, dict[str, Q]] = {
    "haz": {"stunted": Q(haz__lt=-2)},
    "whz": {"wasted": Q(whz__lt=-2), "overweight": Q(whz__gt=2)},
    "waz": {"underweight": Q(waz__lt=-2)},
}


def z_counts(
    qs: QuerySet[Visit], group: list[str], *, campaign: bool = False
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """{group key: {haz_n, stunted, haz_sum, haz_sq, whz_n, wasted, overweight, …}}."""
    out: dict[tuple[Any, ...], dict[str, Any]] = defaultdict(dict)
    for z_field, cases in Z_QUERIES.items():
        aggregates: dict[str, Any] = {
            f"{z_field}_n": Count("id"),
            **{name: Count("id", filter=condition) for name, condition in cases.items()},
        }
        if z_field != "waz":
            aggregates[f"{z_field}_sum"] = Sum(z_field)
            aggregates[f"{z_field}_sq"] = Sum(F(z_field) * F(z_field), output_field=FloatField())
        rows = valid_z(qs, z_field, campaign=campaign).values(*group).annotate(**aggregates).order_by()
        for row in rows:
            key = tuple(row.pop(g) for g in group)
            out[key].update({k: (v or 0) for k, v in row.items()})
    return out


def skdn_dnt(qs: QuerySet[Visit], group: list[str]) -> dict[tuple[Any, ...], dict[str, int]]:
    rows = (
        latest(qs, "weight_kg")
        .values(*group)
        .annotate(
            d=Count("id"),
            n=Count("id", filter=Q(weight_gain="N")),
            t=Count("id", filter=Q(weight_gain="T")),
            o=Count("id", filter=Q(weight_gain="O")),
            b=Count("id", filter=Q(weight_gain="B")),
            bgm=Count("id", filter=Q(is_bgm=True)),
            two_t=Count("id", filter=Q(is_2t=True)),
        )
        .order_by()
    )
    return {tuple(row.pop(g) for g in group): row for row in rows}


class TenthDigit(Func):
    """The digit after the decimal point of a positive decimal (10,37 → 3), in native SQL on both databases:
    SQLite's CAST truncates a positive number like FLOOR, which SQLite lacks without its maths extension."""

    output_field = IntegerField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression)

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="MOD(CAST(FLOOR(%(expressions)s * 10 + 0.0001) AS INTEGER), 10)",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="(CAST(%(expressions)s * 10 + 0.0001 AS INTEGER) %%%% 10)", **extra
        )


def quality_counts(qs: QuerySet[Visit], group: list[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    # The 0.1 kg digit of the weight and the 0.1 cm digit of the length (kader read scales to 0.1 kg).
    weight_digit = TenthDigit(F("weight_kg"))
    length_digit = TenthDigit(F("length_height_cm"))
    aggregates: dict[str, Any] = {
        "measured": Count("id", filter=Q(weight_kg__isnull=False) | Q(length_height_cm__isnull=False)),
        "flagged": Count("id", filter=FLAGGED),
        "weighed": Count("id", filter=Q(weight_kg__isnull=False)),
        "missing_length": Count("id", filter=Q(weight_kg__isnull=False, length_height_cm__isnull=True)),
    }
    for digit in range(10):
        aggregates[f"w{digit}"] = Count("id", filter=Q(weight_digit=digit))
        aggregates[f"l{digit}"] = Count("id", filter=Q(length_digit=digit))
    rows = (
        qs.alias(weight_digit=weight_digit, length_digit=length_digit)
        .values(*group)
        .annotate(**aggregates)
        .order_by()
    )
    return {tuple(row.pop(g) for g in group): joined_digits(row) for row in rows}


def joined_digits(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its digit counts `w0`…`w9`, `l0`…`l9` gathered into the lists `weight_digits` and
    `length_digits` (a sum of no rows, None, counts 0)."""
    for prefix, name in (("w", "weight_digits"), ("l", "length_digits")):
        row[name] = [row.pop(f"{prefix}{d}") or 0 for d in range(10)]
    return row


def registered_people(people: QuerySet[Person], on: datetime.date) -> QuerySet[Person]:
    """S on a day: children under five registered, alive and not moved away by then."""
    alive: PersonQuerySet = people.filter(merged_into__isnull=True)  # type: ignore[assignment]  # a PersonQuerySet
    return alive.filter(Q(status=PersonStatus.ACTIVE) | Q(status_date__gt=on)).under_five(on)


def registered(people: QuerySet[Person], on: datetime.date, group: str) -> dict[Any, dict[str, int]]:
    """S and K per `group` on a day, with the immunisation cohort of S (12–23 completed months on the day)
    and of it those with every basic dose given by then."""
    basic_doses = (
        Immunisation.objects.filter(person_id=OuterRef("pk"), vaccine__in=BASIC_DOSES, date__lte=on)
        .values("person_id")
        .annotate(n=Count("id"))
        .values("n")
        .order_by()
    )
    cohort = Q(birth_date__gt=latest_birth_date(on, 24), birth_date__lte=latest_birth_date(on, 12))
    rows = (
        registered_people(people, on)
        .alias(basic_doses=Coalesce(Subquery(basic_doses), 0))
        .values(group)
        .annotate(
            s=Count("id"),
            k=Count("id", filter=Q(has_kia_book=True)),
            imm_cohort=Count("id", filter=cohort),
            imm_complete=Count("id", filter=cohort & Q(basic_doses=len(BASIC_DOSES))),
        )
        .order_by()
    )
    return {row.pop(group): row for row in rows}


def kia_counts(
    posyandu_ids: list[int], months: list[datetime.date]
) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """{(posyandu id, month): the pregnancies of its mothers ongoing in the month, and of them those checked
    there}, in two queries for all the months."""
    first, last = min(months), max(months)
    pregnancies = (
        Pregnancy.objects.filter(mother__posyandu_id__in=posyandu_ids, lmp_date__lte=month_end(last))
        .annotate(last_day=Coalesce("outcome_date", "due_date"))
        .filter(last_day__gte=first)
        .values_list("pk", "mother__posyandu_id", "lmp_date", "last_day")
    )
    checks = Visit.objects.filter(
        posyandu_id__in=posyandu_ids,
        pregnancy__mother__posyandu_id=F("posyandu_id"),
        month__gte=first,
        month__lte=last,
    )
    checked = set(checks.values_list("pregnancy_id", "month").distinct().order_by())
    out: dict[tuple[int, datetime.date], dict[str, int]] = {}
    for pk, posyandu_id, lmp_date, last_day in pregnancies:
        for month in months:
            if lmp_date <= month_end(month) and last_day >= month:
                row = out.setdefault((posyandu_id, month), {"kia_ongoing": 0, "kia_checked": 0})
                row["kia_ongoing"] += 1
                row["kia_checked"] += (pk, month) in checked
    return out


def kb_counts(visits: QuerySet[Visit], group: list[str]) -> dict[tuple[Any, ...], dict[str, int]]:
    """The visits reporting a family-planning status that counts (aktif or tidak ber-KB), and the aktif."""
    rows = (
        visits.filter(kb_status__in=[KbStatus.ACTIVE, KbStatus.NONE])
        .values(*group)
        .annotate(kb_reported=Count("id"), kb_active=Count("id", filter=Q(kb_status=KbStatus.ACTIVE)))
        .order_by()
    )
    return {tuple(row.pop(g) for g in group): row for row in rows}


def compute_monthly(posyandu: dict[int, str], months: list[datetime.date]) -> list[MonthlyFigures]:
    """The figures of the given posyandu (id → desa code) in the given months, unsaved."""
    if not posyandu or not months:
        return []
    ids = list(posyandu)
    values: dict[tuple[Any, ...], dict[str, Any]] = defaultdict(dict)
    for start in range(0, len(ids), CHUNK):
        _add_chunk(values, ids[start : start + CHUNK], months)
    out = []
    for pid, desa in posyandu.items():
        for month in months:
            fields: dict[str, Any] = {"weight_digits": [0] * 10, "length_digits": [0] * 10}
            fields.update(values.get((pid, month), {}))
            fields["rule_versions"] = sorted(set(fields.get("rule_versions", [])))
            out.append(MonthlyFigures(posyandu_id=pid, desa_id=desa, month=month, **fields))
    return out


def _add_chunk(
    values: dict[tuple[Any, ...], dict[str, Any]], chunk: list[int], months: list[datetime.date]
) -> None:
    """Adds the figures of a chunk of posyandu to `values` ((posyandu id, month) → fields)."""
    first, last = min(months), max(months)
    in_months = Q(month__gte=first, month__lte=last)
    group = ["posyandu_id", "month"]
    # The latest visit of each child is asked month by month, the month named as equal: PostgreSQL then
    # carries it into the "later in the month" subquery and probes that month's partition by person instead
    # of hashing every visit of the months (docs/scale.md "Partitioned history").
    for month in months:
        month_visits = children_visits().filter(month=month, posyandu_id__in=chunk)
        for source in (skdn_dnt(month_visits, group), z_counts(month_visits, group)):
            for key, row in source.items():
                values[key].update(row)
    visits = children_visits().filter(in_months, posyandu_id__in=chunk)
    every_visit = Visit.objects.filter(in_months, posyandu_id__in=chunk)
    for source in (quality_counts(visits, group), kb_counts(every_visit, group), kia_counts(chunk, months)):
        for key, row in source.items():
            values[key].update(row)
    versions = visits.values_list("posyandu_id", "month", "rule_version_ref").distinct().order_by()
    for pid, month, version in versions:
        values[(pid, month)].setdefault("rule_versions", []).append(rule_version_name(version))
    for pid, days in days_opened(chunk, first, month_end(last)).items():
        for day in days:
            row = values[(pid, month_rules.month_start(day.date))]
            row["days_opened"] = row.get("days_opened", 0) + 1
            if day.kader_on_duty is not None:
                row["days_with_kader"] = row.get("days_with_kader", 0) + 1
                row["kader_on_duty"] = row.get("kader_on_duty", 0) + day.kader_on_duty
    people = Person.objects.filter(posyandu_id__in=chunk)
    for month in months:
        for pid, row in registered(people, month_end(month), "posyandu_id").items():
            values[(pid, month)].update(row)


def stale_posyandu() -> QuerySet[AuditEvent, Any]:
    """The posyandu (`posyandu_id` values) with an audited write after the last refresh: their stored figures
    may be behind (`reports.actions.refresh_stale_figures` recomputes them in the task worker)."""
    last = FiguresState.objects.filter(pk=1).values("last_event_id")[:1]
    return (
        AuditEvent.objects.writes()
        .filter(id__gt=Coalesce(Subquery(last), 0), posyandu_id__isnull=False)
        .values("posyandu_id")
    )


def current_figures(
    posyandu_ids: Collection[int], months: list[datetime.date]
) -> dict[tuple[int, datetime.date], MonthlyFigures]:
    """{(posyandu id, month): figures} as the reports will show them, read by the Tim Pembina's facts: the
    stored rows (one query), and, for a posyandu written since the last refresh or a month not stored, the
    figures computed now (unsaved, `compute_monthly`). Nothing is written."""
    ids = list(posyandu_ids)
    if not ids or not months:
        return {}
    found = {
        (f.posyandu_id, f.month): f
        for f in MonthlyFigures.objects.filter(posyandu_id__in=ids, month__in=months).exclude(
            posyandu_id__in=stale_posyandu().filter(posyandu_id__in=ids)
        )
    }
    # Only the months not found are computed: on the first days of a month, before anything is written in
    # it, every posyandu lacks that one month.
    gaps: dict[int, list[datetime.date]] = {}
    for pid in ids:
        missing = [month for month in months if (pid, month) not in found]
        if missing:
            gaps[pid] = missing
    for wanted in {tuple(missing) for missing in gaps.values()}:
        behind = [pid for pid, missing in gaps.items() if tuple(missing) == wanted]
        desa = dict(Posyandu.objects.filter(pk__in=behind).values_list("pk", "desa_id"))
        found.update({(f.posyandu_id, f.month): f for f in compute_monthly(desa, list(wanted))})
    return found


# Reading figures back as report values.


def _reader(values: Any) -> Callable[..., Any]:
    """`get(name, default)` of a MonthlyFigures, or of a dict with the same names (a row of sums)."""
    return values.get if isinstance(values, dict) else partial(getattr, values)


SKDN_FIELDS = ("s", "k", "d", "n", "t", "o", "b", "bgm", "two_t")


def skdn_of(values: Any) -> Skdn:
    """From a MonthlyFigures or a dict with the same names (a sum of no rows is None: 0)."""
    get = _reader(values)
    return Skdn(*(int(get(name, 0) or 0) for name in SKDN_FIELDS))


PREVALENCE_FIELDS = {
    "stunting": ("stunted", "haz_n"),
    "wasting": ("wasted", "whz_n"),
    "underweight": ("underweight", "waz_n"),
    "overweight": ("overweight", "whz_n"),
}


def prevalence_of(values: Any, indicator: str, registered_count: int) -> Prevalence:
    """From a MonthlyFigures or a dict with the same names."""
    cases, measured = PREVALENCE_FIELDS[indicator]
    get = _reader(values)
    return Prevalence(indicator, int(get(cases, 0) or 0), int(get(measured, 0) or 0), registered_count)


QUALITY_FIELDS = (
    "measured", "flagged", "weighed", "missing_length", "weight_digits", "length_digits",
    "haz_n", "haz_sum", "haz_sq", "whz_n", "whz_sum", "whz_sq",
)  # fmt: skip


def quality_sums() -> dict[str, Any]:
    """Aggregates summing the `QUALITY_FIELDS` of figures rows in the database (several months of a posyandu,
    or an area): each digit count of the two lists under `w0`…`w9`, `l0`…`l9` (`joined_digits`)."""
    sums: dict[str, Any] = {name: Sum(name) for name in QUALITY_FIELDS if not name.endswith("_digits")}
    for prefix, name in (("w", "weight_digits"), ("l", "length_digits")):
        for d in range(10):
            sums[f"{prefix}{d}"] = Sum(Cast(KT(f"{name}__{d}"), IntegerField()))
    return sums


def quality_of(values: Any) -> Quality:
    """From a MonthlyFigures or a dict with the `QUALITY_FIELDS` names."""
    get = _reader(values)
    return Quality(
        measured=get("measured") or 0,
        flagged=get("flagged") or 0,
        weighed=get("weighed") or 0,
        missing_length=get("missing_length") or 0,
        weight_digits=tuple(get("weight_digits") or [0] * 10),
        length_digits=tuple(get("length_digits") or [0] * 10),
        haz=Moments(get("haz_n"), get("haz_sum"), get("haz_sq")),
        whz=Moments(get("whz_n"), get("whz_sum"), get("whz_sq")),
    )


def rule_versions(version_lists: Iterable[list[str] | None]) -> list[str]:
    """The rule versions of some figures rows, from each row's list."""
    return sorted({v for versions in version_lists for v in versions or []})
