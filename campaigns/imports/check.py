"""Checking every row of an uploaded sheet against the campaign and the register: its posyandu (visible to
the user, inside the campaign's region), its dates (in the campaign's period, not in a locked month), the
child's age (a target group of the campaign), plausible measurements, the child matched to the register
(`campaigns.imports.match`), and rows stored already (by an earlier import, or the same child weighed at
that posyandu that day). Nothing is written."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.imports import PROGRESS_EVERY, assess, chunks, match, parse, read
from campaigns.imports.match import Row
from campaigns.models import Campaign
from monthly.locks import MESSAGE as LOCKED_MESSAGE
from monthly.locks import locked_months
from posyandu.models import Posyandu
from regions.codes import within_q
from rules import assessment, months
from rules.screening import RuleSet
from visits.actions import check_plausible, refusal_message
from visits.actions import rules as screening_rules
from visits.models import Visit

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class Checked:
    total: int = 0
    valid: list[Row] = field(default_factory=list)
    issues: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # the same, for rows kept
    error_lines: set[int] = field(default_factory=set)
    skipped: int = 0  # stored by an earlier import already
    fatal: str = ""


def check_rows(
    actor: User,
    campaign: Campaign,
    name: str,
    content: bytes,
    *,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Checked:
    """Parse and check every row against the register; nothing is written."""
    today = today or timezone.localdate()
    out = Checked()
    try:
        sheet = read.read(name, content)
    except read.SheetError as exc:
        out.fatal = str(exc)
        return out
    out.total = len(sheet.rows)
    progress(0, out.total)
    parsed: list[parse.ParsedRow] = []
    for i, (line, cells) in enumerate(sheet.rows, 1):
        parsed.append(parse.parse(line, cells, sheet))
        if i % PROGRESS_EVERY == 0:
            progress(i // 2, out.total)
    posyandu = _posyandu_of(actor, campaign, parsed)
    # The register: children by NIK (visible ones, then any, to tell "outside your area" apart), and those
    # born on the sheet's dates inside the campaign's region.
    register = match.read_register(actor, campaign, parsed)
    stored = _stored(campaign, {r.date for r in parsed if r.date})
    locked = locked_months(
        {pk for pk, _desa in posyandu.values()}, {months.month_start(r.date) for r in parsed if r.date}
    )
    seen: dict[tuple[Any, ...], int] = {}
    rule_set = screening_rules()
    for i, r in enumerate(parsed, 1):
        if i % PROGRESS_EVERY == 0:
            progress(out.total // 2 + i // 2, out.total)
        place = posyandu.get(r.posyandu_code)
        _check_place_and_dates(r, place, campaign, today, locked)
        _check_measurements(r, rule_set)
        row = Row(r, place[0] if place else 0, place[1] if place else "", sex=r.sex, birth_date=r.birth_date)
        mother = register.by_nik.get(r.mother_nik) if r.mother_nik else None
        if mother is not None and mother.sex == "P":
            row.mother_id = mother.pk
        warning = match.match(r, row, register)
        _sort_row(out, r, row, warning, seen, stored)
    _refuse_implausible(out, rule_set)
    progress(out.total, out.total)
    return out


def _posyandu_of(
    actor: User, campaign: Campaign, parsed: list[parse.ParsedRow]
) -> dict[str, tuple[int, str]]:
    """Posyandu of the rows by code (pk, desa): visible to the user and inside the campaign's region."""
    codes = sorted({r.posyandu_code for r in parsed if r.posyandu_code})
    posyandu: dict[str, tuple[int, str]] = {}
    for chunk in chunks(codes):
        for pk, code, desa in (
            Posyandu.objects.visible_to(actor)
            .filter(within_q("desa_id", campaign.region_id), code__in=chunk)
            .values_list("pk", "code", "desa_id")
        ):
            posyandu[code] = (pk, desa)
    return posyandu


@dataclass(frozen=True)
class _Stored:
    by_campaign: set[tuple[Any, ...]]  # (person, date) stored by an earlier import of the campaign
    same_day: set[tuple[Any, ...]]  # (person, posyandu, date) weighed in the campaign's region and period


def _stored(campaign: Campaign, dates: set[datetime.date]) -> _Stored:
    """What is stored already of the sheet's rows (`dates`: the days they were weighed)."""
    by_campaign = set(Visit.objects.filter(campaign=campaign).values_list("person_id", "date"))
    # One visit per person, day and posyandu (visits' constraint): a child the kader already weighed at that
    # posyandu that day is stored already, like a row of an earlier import. Only the sheet's days are read
    # (a sheet has a few; the campaign's period holds a month of the region's weighings).
    days = sorted(d for d in dates if campaign.start_date <= d <= campaign.end_date)
    same_day = set(
        Visit.objects.filter(
            within_q("desa_id", campaign.region_id),
            date__in=days,
            month__in=sorted({months.month_start(d) for d in days}),  # its partitions only, on PostgreSQL
        ).values_list("person_id", "posyandu_id", "date")
    )
    return _Stored(by_campaign, same_day)


def _check_place_and_dates(
    r: parse.ParsedRow,
    place: tuple[int, str] | None,
    campaign: Campaign,
    today: datetime.date,
    locked: set[tuple[int, datetime.date]],
) -> None:
    """The row's posyandu, its date in the campaign's period and not locked, the child a target group."""
    if r.posyandu_code and place is None:
        r.error(
            "posyandu",
            _("Posyandu dengan kode %(code)s tidak ada di wilayah Anda atau di wilayah kegiatan ini.")
            % {"code": r.posyandu_code},
        )
    if r.date is not None:
        if (outside := campaign.period_refusal(r.date)) is not None:
            r.error("date", outside)
        elif r.date > today:
            r.error("date", _("Tanggal ukur tidak boleh di masa depan."))
    if r.birth_date is not None and r.date is not None:
        if r.birth_date > r.date:
            r.error("birth_date", _("Tanggal lahir sesudah tanggal ukur."))
        elif (not_target := campaign.age_refusal(r.birth_date, r.date)) is not None:
            r.error("birth_date", not_target)
    if place and r.date is not None and (place[0], months.month_start(r.date)) in locked:
        r.error("date", str(LOCKED_MESSAGE))


def _check_measurements(r: parse.ParsedRow, rule_set: RuleSet) -> None:
    try:
        check_plausible(r.measurements(), rule_set)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                r.error(key, message)


def _sort_row(
    out: Checked,
    r: parse.ParsedRow,
    row: Row,
    warning: str,
    seen: dict[tuple[Any, ...], int],
    stored: _Stored,
) -> None:
    """The checked row into the error report, the rows stored already, or the valid rows."""
    if r.errors:
        out.error_lines.add(r.line)
        out.issues.extend((r.line, column, message) for column, message in r.errors)
        return
    identity = ("p", row.person_id) if row.person_id is not None else row.new_key
    visit_key = (identity, r.date)
    if visit_key in seen:
        message = _("Anak yang sama dengan tanggal ukur yang sama sudah ada di baris %(line)d.") % {
            "line": seen[visit_key]
        }
        out.error_lines.add(r.line)
        out.issues.append((r.line, read.BY_KEY["name"].label, message))
        return
    seen[visit_key] = r.line
    if warning:
        out.warnings.append((r.line, read.BY_KEY["name"].label, warning))
    if row.person_id is not None and (
        (row.person_id, r.date) in stored.by_campaign
        or (row.person_id, row.posyandu_id, r.date) in stored.same_day
    ):
        out.skipped += 1
        return
    out.valid.append(row)


def _refuse_implausible(out: Checked, rule_set: RuleSet) -> None:
    """A valid row whose weight rules.plausibility refuses (a misplaced decimal comma) goes to the error
    report with the same message as the visit form."""
    children, at = [], []
    for i, row in enumerate(out.valid):
        p = row.parsed
        if p.weight_kg is None or p.date is None or row.birth_date is None or row.sex not in ("L", "P"):
            continue
        age_days, age_months, stage = assess.age(row.birth_date, p.date)
        if age_days > assessment.CHILD_STANDARD_MAX_DAYS or age_months >= 60:
            continue
        person = assessment.Person(sex=row.sex, age_days=age_days, age_months=age_months, stage=stage)
        children.append(assess.ChildInput(person, assessment.Measurements(weight_kg=float(p.weight_kg))))
        at.append(i)
    refused = {
        i: (refusal, child.person.age_months)
        for i, child, refusal in zip(at, children, assess.refusals(children, rule_set), strict=True)
        if refusal is not None
    }
    if not refused:
        return
    for i, (refusal, age_months) in refused.items():
        line = out.valid[i].parsed.line
        out.error_lines.add(line)
        out.issues.append((line, read.BY_KEY[refusal.field].label, refusal_message(refusal, age_months)))
    out.issues.sort(key=lambda issue: issue[0])
    out.valid = [row for i, row in enumerate(out.valid) if i not in refused]
