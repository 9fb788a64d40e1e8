"""Every write of weighing campaigns: creating a campaign, uploading a sheet, checking it, importing it, and
cancelling an import.

The import is a bulk path (50,000 rows in seconds, not hours): every row is parsed and checked, people are
matched to the register (NIK, else the register's duplicate rule: `campaigns.matching`) or created,
z-scores are computed over arrays, weight gain comes from each child's previous weighing, and people,
visits and referrals are written with bulk inserts in one transaction with one audit event. Nothing is
written before that transaction, so a failed or cancelled import leaves the register unchanged. The file's
sha256 makes a re-upload of the same file store nothing, and (campaign, child, date) is stored once
whatever is uploaded again."""

from __future__ import annotations

import datetime
import gc
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from audit import log
from audit.retries import idempotent
from campaigns import assess, kept, matching, rows, sheets
from campaigns.inserts import insert_rows
from campaigns.models import RUNNING, Campaign, ImportIssue, ImportJob, ImportMode, ImportStatus
from monthly.locks import MESSAGE as LOCKED_MESSAGE
from monthly.locks import locked_months
from people.models import Household, Person, name_key
from posyandu.models import Posyandu
from regions.codes import code_is_within, common_ancestor, within_q
from rules import assessment, life_stage, months, plausibility, referral_urgency
from rules.screening import RuleSet
from visits.actions import check_plausible, refusal_message
from visits.actions import rules as screening_rules
from visits.models import CheckStatus, Place, Referral, Visit

if TYPE_CHECKING:
    from accounts.models import User

CHUNK = 900  # ids per IN (...) query
PROGRESS_EVERY = 2000

# The background work an action asks for, sent inside the action's transaction. `campaigns.tasks` enqueues
# it (a receiver per signal, connected when the app is ready); its tasks call the actions here, and the
# actions do not import the tasks back.
check_requested = Signal()  # job_id: check an uploaded sheet
import_requested = Signal()  # job_id: import a checked sheet
figures_requested = Signal()  # posyandu_ids, months (ISO dates; none: the whole history): refresh them


@transaction.atomic
@idempotent
def create_campaign(actor: User, fields: dict[str, Any], *, client_uuid: uuid.UUID | None = None) -> Campaign:
    region = fields["region"]
    if not scope_of(actor).covers(region.code):
        raise ValidationError({"region": _("Wilayah kegiatan harus di dalam wilayah Anda.")})
    if fields["end_date"] < fields["start_date"]:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum tanggal mulai.")})
    if not fields.get("target_groups"):
        raise ValidationError({"target_groups": _("Pilih kelompok sasaran.")})
    return log.create(
        actor, "create_campaign", Campaign(**fields), region_code=region.code, client_uuid=client_uuid
    )


def _job_place(actor: User, campaign: Campaign) -> tuple[str, int | None]:
    """Who may see an upload: the narrower of the uploader's scope and the campaign's region."""
    scope = scope_of(actor)
    if scope.posyandu_id is not None:
        return scope.region_codes[0], scope.posyandu_id
    if scope.everything or not scope.region_codes:
        return campaign.region_id, None
    code = common_ancestor(scope.region_codes) or campaign.region_id
    return (code if code_is_within(code, campaign.region_id) else campaign.region_id), None


# Where uploaded sheets are stored (in default_storage, under the private MEDIA_ROOT).
UPLOAD_FOLDER = "campaigns"


@transaction.atomic
@idempotent
def upload_sheet(
    actor: User, campaign: Campaign, name: str, content: bytes, *, client_uuid: uuid.UUID | None = None
) -> ImportJob:
    """Store an uploaded sheet and queue its check. The same file already imported for this campaign is
    recorded as a duplicate and never imported again; the same file still waiting is returned as it is."""
    if not name.lower().endswith(sheets.EXTENSIONS):
        raise ValidationError(
            {"file": _("Jenis berkas tidak didukung. Gunakan .xlsx, .xls, .ods atau .csv.")}
        )
    digest = hashlib.sha256(content).hexdigest()
    same = campaign.imports.filter(sha256=digest)
    region_code, posyandu_id = _job_place(actor, campaign)
    job = ImportJob(
        campaign=campaign,
        uploaded_by=actor,
        region_code=region_code,
        posyandu_id=posyandu_id,
        original_name=name[:200],
        sha256=digest,
    )
    done = same.filter(status=ImportStatus.DONE).first()
    if done is not None:
        job.stored_file = ""  # nothing to keep: the sha256 alone recognises the file
        job.status = ImportStatus.DUPLICATE
        job.total_rows = done.total_rows
        job.message = _(
            "Berkas yang sama sudah diimpor pada %(when)s (%(n)d kunjungan). Tidak ada yang disimpan lagi."
        ) % {
            "when": timezone.localtime(done.finished_at or done.created_at).strftime("%d-%m-%Y %H:%M"),
            "n": done.stored_visits,
        }
        return log.create(
            actor,
            "upload_sheet",
            job,
            region_code=region_code,
            posyandu_id=posyandu_id,
            subject=campaign,
            client_uuid=client_uuid,
        )
    waiting = same.filter(
        status__in=[ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.VALIDATED], uploaded_by=actor
    ).first()
    if waiting is not None:
        return waiting
    extension = "." + name.rsplit(".", 1)[-1].lower()
    today = timezone.localdate()
    job.stored_file = default_storage.save(
        f"{UPLOAD_FOLDER}/{today:%Y/%m}/{digest[:20]}{extension}", ContentFile(content)
    )
    log.create(
        actor,
        "upload_sheet",
        job,
        region_code=region_code,
        posyandu_id=posyandu_id,
        subject=campaign,
        client_uuid=client_uuid,
    )
    check_requested.send(sender=ImportJob, job_id=job.pk)
    return job


@transaction.atomic
@idempotent
def start_import(
    actor: User, job: ImportJob, mode: str, *, client_uuid: uuid.UUID | None = None
) -> ImportJob:
    """The user's choice after the check: import the valid rows, or all or nothing."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ImportStatus.VALIDATED:
        raise ValidationError(
            _("Impor ini tidak dapat dimulai (status: %(s)s).") % {"s": locked.get_status_display()}
        )
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Pilih cara impor.")})
    if mode == ImportMode.ALL_OR_NOTHING and locked.error_rows:
        raise ValidationError(
            _(
                "Masih ada %(n)d baris bermasalah: dengan “semua atau tidak sama sekali” tidak ada yang "
                "akan disimpan. Perbaiki berkasnya atau impor baris yang valid saja."
            )
            % {"n": locked.error_rows}
        )
    updated = log.update(
        actor,
        "start_import",
        locked,
        {"mode": mode, "status": ImportStatus.IMPORTING, "imported_by": actor, "processed_rows": 0},
        region_code=locked.region_code,
        posyandu_id=locked.posyandu_id,
        subject=locked.campaign,
        client_uuid=client_uuid,
    )
    import_requested.send(sender=ImportJob, job_id=job.pk)
    return updated


@transaction.atomic
@idempotent
def cancel_import(actor: User, job: ImportJob, *, client_uuid: uuid.UUID | None = None) -> ImportJob:
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not locked.cancellable:
        raise ValidationError(_("Impor ini sudah selesai dan tidak dapat dibatalkan."))
    kept.discard(locked)
    return log.update(
        actor,
        "cancel_import",
        locked,
        {"status": ImportStatus.CANCELLED, "finished_at": timezone.now(), "stored_file": _sheet_gone(locked)},
        region_code=locked.region_code,
        posyandu_id=locked.posyandu_id,
        subject=locked.campaign,
        client_uuid=client_uuid,
    )


# Checking rows.


@dataclass
class Row:
    """A valid row, matched to the register (person_id) or to a person to create (new_key)."""

    parsed: rows.ParsedRow
    posyandu_id: int
    desa_id: str
    person_id: int | None = None
    new_key: tuple[Any, ...] | None = None
    mother_id: int | None = None
    sex: str = ""
    birth_date: datetime.date | None = None
    has_kia_book: bool = False  # as the register has it


@dataclass
class Checked:
    total: int = 0
    valid: list[Row] = field(default_factory=list)
    issues: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # the same, for rows kept
    error_lines: set[int] = field(default_factory=set)
    skipped: int = 0  # stored by an earlier import already
    fatal: str = ""


class Cancelled(Exception):
    pass


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def check_rows(  # noqa: C901 - every check of a sheet's rows; issue 13 splits the import into steps
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
        sheet = sheets.read(name, content)
    except sheets.SheetError as exc:
        out.fatal = str(exc)
        return out
    out.total = len(sheet.rows)
    progress(0, out.total)
    parsed: list[rows.ParsedRow] = []
    for i, (line, cells) in enumerate(sheet.rows, 1):
        parsed.append(rows.parse(line, cells, sheet))
        if i % PROGRESS_EVERY == 0:
            progress(i // 2, out.total)

    # Posyandu of the rows: visible to the user and inside the campaign's region.
    codes = sorted({r.posyandu_code for r in parsed if r.posyandu_code})
    posyandu: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(codes):
        for pk, code, desa in (
            Posyandu.objects.visible_to(actor)
            .filter(within_q("desa_id", campaign.region_id), code__in=chunk)
            .values_list("pk", "code", "desa_id")
        ):
            posyandu[code] = (pk, desa)

    # The register: children by NIK (visible ones, then any, to tell "outside your area" apart), and those
    # born on the sheet's dates inside the campaign's region.
    register = matching.read_register(actor, campaign, parsed)
    stored = set(Visit.objects.filter(campaign=campaign).values_list("person_id", "date"))
    # One visit per person, day and posyandu (visits' constraint): a child the kader already weighed at that
    # posyandu that day is stored already, like a row of an earlier import.
    same_day = set(
        Visit.objects.filter(
            within_q("desa_id", campaign.region_id), date__range=(campaign.start_date, campaign.end_date)
        ).values_list("person_id", "posyandu_id", "date")
    )
    locked = locked_months(
        {pk for pk, _desa in posyandu.values()}, {months.month_start(r.date) for r in parsed if r.date}
    )
    seen: dict[tuple[Any, ...], int] = {}
    limit = campaign.max_age_months
    rule_set = screening_rules()
    for i, r in enumerate(parsed, 1):
        if i % PROGRESS_EVERY == 0:
            progress(out.total // 2 + i // 2, out.total)
        place = posyandu.get(r.posyandu_code)
        if r.posyandu_code and place is None:
            r.error(
                "posyandu",
                _("Posyandu dengan kode %(code)s tidak ada di wilayah Anda atau di wilayah kegiatan ini.")
                % {"code": r.posyandu_code},
            )
        if r.date is not None:
            if not campaign.start_date <= r.date <= campaign.end_date:
                period = {"start": f"{campaign.start_date:%d-%m-%Y}", "end": f"{campaign.end_date:%d-%m-%Y}"}
                r.error("date", _("Tanggal ukur di luar periode kegiatan (%(start)s s.d. %(end)s).") % period)
            elif r.date > today:
                r.error("date", _("Tanggal ukur tidak boleh di masa depan."))
        if r.birth_date is not None and r.date is not None:
            if r.birth_date > r.date:
                r.error("birth_date", _("Tanggal lahir sesudah tanggal ukur."))
            elif months.completed_months(r.birth_date, r.date) >= limit:
                age = {
                    "m": months.completed_months(r.birth_date, r.date),
                    "groups": ", ".join(campaign.target_group_labels()),
                }
                r.error("birth_date", _("Umur %(m)d bulan: bukan sasaran kegiatan ini (%(groups)s).") % age)
        if place and r.date is not None and (place[0], months.month_start(r.date)) in locked:
            r.error("date", str(LOCKED_MESSAGE))
        try:
            check_plausible(r.measurements(), rule_set)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    r.error(key, message)
        row = Row(r, place[0] if place else 0, place[1] if place else "", sex=r.sex, birth_date=r.birth_date)
        mother = register.by_nik.get(r.mother_nik) if r.mother_nik else None
        if mother is not None and mother.sex == "P":
            row.mother_id = mother.pk
        warning = matching.match(r, row, register)
        if r.errors:
            out.error_lines.add(r.line)
            out.issues.extend((r.line, column, message) for column, message in r.errors)
            continue
        identity = ("p", row.person_id) if row.person_id is not None else row.new_key
        visit_key = (identity, r.date)
        if visit_key in seen:
            message = _("Anak yang sama dengan tanggal ukur yang sama sudah ada di baris %(line)d.") % {
                "line": seen[visit_key]
            }
            out.error_lines.add(r.line)
            out.issues.append((r.line, sheets.BY_KEY["name"].label, message))
            continue
        seen[visit_key] = r.line
        if warning:
            out.warnings.append((r.line, sheets.BY_KEY["name"].label, warning))
        if row.person_id is not None and (
            (row.person_id, r.date) in stored or (row.person_id, row.posyandu_id, r.date) in same_day
        ):
            out.skipped += 1
            continue
        out.valid.append(row)
    _refuse_implausible(out, rule_set)
    progress(out.total, out.total)
    return out


def _refuse_implausible(out: Checked, rule_set: RuleSet) -> None:
    """A valid row whose weight rules.plausibility refuses (a misplaced decimal comma) goes to the error
    report with the same message as the visit form."""
    children, at = [], []
    for i, row in enumerate(out.valid):
        p = row.parsed
        if p.weight_kg is None or p.date is None or row.birth_date is None or row.sex not in ("L", "P"):
            continue
        age_days, age_months, stage = _age(row.birth_date, p.date)
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
        out.issues.append((line, sheets.BY_KEY[refusal.field].label, refusal_message(refusal, age_months)))
    out.issues.sort(key=lambda issue: issue[0])
    out.valid = [row for i, row in enumerate(out.valid) if i not in refused]


# Importing.


def _progress_of(job: ImportJob) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists():
            raise Cancelled

    return update


def _read(job: ImportJob) -> bytes:
    try:
        with default_storage.open(job.stored_file, "rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        # Cancelling deletes the sheet; a check or import that had not opened it yet stops as cancelled.
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists():
            raise Cancelled from None
        raise


def _sheet_gone(job: ImportJob) -> str:
    """Delete `job`'s uploaded sheet (names and NIKs of children and mothers) once the transaction ending the
    job commits, and return the job's new `stored_file` (none). The job keeps its sha256, so the same file
    sent again is still recognised. Call with the kept check already discarded (its path derives from the
    sheet's)."""
    path = job.stored_file
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))
    return ""


def purge_uploads(*, days: int, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete the uploaded sheets of jobs created more than `days` ago whatever their status (a job still
    waiting then ends failed), and any other file under the upload folder older than that (an upload whose
    transaction rolled back, a kept check left behind). Returns (jobs, orphan files)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    jobs = 0
    for job_id in (
        ImportJob.objects.filter(created_at__lt=cutoff).exclude(stored_file="").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if not job.stored_file:
                continue
            kept.discard(job)
            fields: dict[str, Any] = {"stored_file": _sheet_gone(job)}
            if job.cancellable:
                fields |= {
                    "status": ImportStatus.FAILED,
                    "finished_at": timezone.now(),
                    "message": _(
                        "Berkas dihapus setelah %(days)d hari tanpa diimpor; tidak ada yang disimpan. "
                        "Unggah berkasnya lagi."
                    )
                    % {"days": days},
                }
            log.update(
                None,
                "purge_upload",
                job,
                fields,
                region_code=job.region_code,
                posyandu_id=job.posyandu_id,
                subject=job.campaign,
            )
            jobs += 1
    still_used = set(ImportJob.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    return jobs, _purge_folder(UPLOAD_FOLDER, cutoff, still_used)


def _purge_folder(folder: str, cutoff: datetime.datetime, still_used: set[str]) -> int:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        if path not in still_used and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed + sum(_purge_folder(f"{folder}/{sub}", cutoff, still_used) for sub in folders)


@contextmanager
def bulk_work() -> Iterator[None]:
    """Without Python's cycle collector: it rescans every live object as allocations pile up, and a sheet
    makes hundreds of thousands that stay alive until the end, which cost a third of the time. Nothing here
    leaves cycles to collect; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_job(job_id: int, *, today: datetime.date | None = None) -> ImportJob:
    """The background check of an uploaded sheet: counts and row problems, and the result kept for the
    import (campaigns.kept); nothing else is written."""
    with bulk_work():
        return _check_job(job_id, today or timezone.localdate())


def _check_job(job_id: int, today: datetime.date) -> ImportJob:
    job = ImportJob.objects.select_related("campaign", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)
    assert job.uploaded_by is not None
    watch = kept.watch()
    try:
        checked = check_rows(
            job.uploaded_by,
            job.campaign,
            job.original_name,
            _read(job),
            today=today,
            progress=_progress_of(job),
        )
    except Cancelled:
        return ImportJob.objects.get(pk=job_id)
    if not checked.fatal:
        kept.keep(job, checked, watch, job.uploaded_by.pk, today)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job_id)
        if locked.status == ImportStatus.CANCELLED:
            kept.discard(locked)
            return locked
        _store_issues(locked, checked)
        locked.status = ImportStatus.FAILED if checked.fatal else ImportStatus.VALIDATED
        if checked.fatal:
            locked.finished_at = timezone.now()
            locked.stored_file = _sheet_gone(locked)
        locked.save()
    return locked


def _store_issues(job: ImportJob, checked: Checked) -> None:
    job.issues.all().delete()
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(job_id=job.pk, row=line, column=column[:60], message=message[:300], warning=warning)
            for warning, found in ((False, checked.issues), (True, checked.warnings))
            for line, column, message in found
        ],
        batch_size=2000,
    )
    job.total_rows = checked.total
    job.valid_rows = len(checked.valid)
    job.error_rows = len(checked.error_lines)
    job.skipped_rows = checked.skipped
    job.processed_rows = checked.total
    job.message = checked.fatal


def import_job(job_id: int, *, today: datetime.date | None = None) -> ImportJob:
    """The background import: the check's result when it still holds (campaigns.kept), else the sheet
    checked again (the register may have changed since); then everything written in one transaction, or
    nothing."""
    with bulk_work():
        return _import_job(job_id, today or timezone.localdate())


def _import_job(job_id: int, today: datetime.date) -> ImportJob:
    job = ImportJob.objects.select_related("campaign", "imported_by", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return job
    actor = job.imported_by or job.uploaded_by
    assert actor is not None
    progress = _progress_of(job)
    checked = kept.take(job, actor.pk, today)
    reused = checked is not None
    try:
        if checked is None:  # checking again fills the first half of the progress bar
            checked = check_rows(
                actor,
                job.campaign,
                job.original_name,
                _read(job),
                today=today,
                progress=lambda done, total: progress(done // 2, total),
            )
        total = checked.total
        base = 0 if reused else total // 2
        failure = checked.fatal
        if not failure and job.mode == ImportMode.ALL_OR_NOTHING and checked.error_lines:
            failure = _("%(n)d baris bermasalah: tidak ada yang disimpan (semua atau tidak sama sekali).") % {
                "n": len(checked.error_lines)
            }
        prepared = None
        if not failure:
            prepared = _prepare(
                checked.valid,
                job.campaign,
                progress=lambda done, of: progress(base + (total - base) * done // max(of, 1), total),
            )
    except Cancelled:
        return ImportJob.objects.get(pk=job_id)
    if prepared is None:
        return _fail(job_id, checked, failure)
    try:
        return _write(job_id, actor, checked, prepared, issues_stored=reused)
    except IntegrityError:
        # The register changed in a way the check did not see (a write outside the audited actions, or
        # two imports of the same children at once); the transaction wrote nothing.
        if reused:
            return _import_job(job_id, today)  # checked again this time
        message = _("Data warga berubah selama impor; tidak ada yang disimpan. Mulai impor lagi.")
        return _fail(job_id, checked, message)


def fail_after_error(job_id: int) -> None:
    """End a job whose task raised: failed, nothing stored (its writes were rolled back with the task's
    transaction), the kept check removed, and a message saying the same file may be sent again."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, status__in=RUNNING).first()
        if job is None:
            return
        kept.discard(job)
        job.status = ImportStatus.FAILED
        job.stored_file = _sheet_gone(job)
        job.message = _(
            "Terjadi kesalahan tak terduga saat memproses berkas; tidak ada yang disimpan. Kesalahan ini "
            "sudah dicatat untuk petugas teknis. Anda dapat mengunggah berkas yang sama sekali lagi."
        )
        job.finished_at = timezone.now()
        job.save()


def _fail(job_id: int, checked: Checked, message: str) -> ImportJob:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job_id)
        kept.discard(locked)
        _store_issues(locked, checked)
        locked.status = ImportStatus.FAILED
        locked.message = message
        locked.finished_at = timezone.now()
        locked.stored_file = _sheet_gone(locked)
        locked.save()
    return locked


@dataclass
class Prepared:
    rows: list[Row] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)  # each row's visit (field attnames)
    reasons: list[list[str]] = field(default_factory=list)  # each visit's referral reasons, if any
    months: set[datetime.date] = field(default_factory=set)
    held: list[tuple[int, str]] = field(default_factory=list)  # (row, reasons) held as "perlu dicek ulang"


def _history(rows_: list[Row]) -> dict[tuple[int, datetime.date], tuple[datetime.date, float, str] | None]:
    """For each (existing child, month of a row): their latest weighing before that month, as
    (month, weight, N/T/O/B) — the same facts visits.actions reads for one visit."""
    wanted: dict[datetime.date, set[int]] = defaultdict(set)
    for row in rows_:
        if row.person_id is not None and row.parsed.date is not None:
            wanted[months.month_start(row.parsed.date)].add(row.person_id)
    out: dict[tuple[int, datetime.date], tuple[datetime.date, float, str] | None] = {}
    for month, people in wanted.items():
        previous = months.previous_month(month)
        for chunk in _chunks(sorted(people)):
            # Dates, not months, so both reads are ranges of the (person, date) index.
            rows_prev = (  # counted weighings only: a held one is no base for a gain
                Visit.objects.counted()
                .filter(person_id__in=chunk, weight_kg__isnull=False, date__gte=previous, date__lt=month)
                .order_by("person_id", "date", "pk")
                .values_list("person_id", "weight_kg", "weight_gain")
            )
            latest_prev = {pid: (float(w or 0), status) for pid, w, status in rows_prev}  # the last one wins
            absent = [pid for pid in chunk if pid not in latest_prev]  # few: not weighed last month
            last = dict(
                Visit.objects.counted()
                .filter(person_id__in=absent, weight_kg__isnull=False, date__lt=previous)
                .values("person_id")
                .annotate(last=Max("month"))
                .values_list("person_id", "last")
                .order_by()
            )
            for pid in chunk:
                if pid in latest_prev:
                    out[(pid, month)] = (previous, *latest_prev[pid])
                elif pid in last:
                    out[(pid, month)] = (last[pid], 0.0, "")
                else:
                    out[(pid, month)] = None
    return out


@lru_cache(maxsize=65536)
def _age(birth_date: datetime.date, on: datetime.date) -> tuple[int, int, life_stage.Stage]:
    """(days, completed months, life stage): a sheet repeats the same few thousand pairs."""
    return (
        life_stage.age_in_days(birth_date, on),
        months.completed_months(birth_date, on),
        life_stage.stage(birth_date, on),
    )


def _prepare(
    valid: list[Row], campaign: Campaign, *, progress: Callable[[int, int], None] = lambda done, total: None
) -> Prepared:
    """Each row's visit with its computed results (z-scores over arrays, weight gain in date order)."""
    ordered = sorted(valid, key=lambda r: (r.parsed.date, r.parsed.line))
    history = _history(ordered)
    rules = screening_rules()
    version = assessment.rule_version(rules)
    children = []
    for row in ordered:
        p = row.parsed
        assert p.date is not None and row.birth_date is not None
        age_days, age_months, stage = _age(row.birth_date, p.date)
        children.append(
            assess.ChildInput(
                assessment.Person(sex=row.sex, age_days=age_days, age_months=age_months, stage=stage),
                assessment.Measurements(
                    weight_kg=float(p.weight_kg) if p.weight_kg is not None else None,
                    length_height_cm=float(p.length_height_cm) if p.length_height_cm is not None else None,
                    position=p.position,
                    muac_cm=float(p.muac_cm) if p.muac_cm is not None else None,
                ),
            )
        )
    z = assess.zscores(children)
    in_file: dict[Any, tuple[datetime.date, float, str]] = {}  # earlier rows of the same child in this file
    # A sheet has few dates: each one's month and previous month, computed once.
    month_of = {
        d: (months.month_start(d), months.previous_month(d))
        for d in {r.parsed.date for r in ordered if r.parsed.date is not None}
    }
    first_weighing, weighed_before = assessment.History(), assessment.History(weighed_before=True)
    out = Prepared()
    for i, (row, child) in enumerate(zip(ordered, children, strict=True)):
        if i % PROGRESS_EVERY == 0:
            progress(i, len(ordered))
        p = row.parsed
        assert p.date is not None
        month, previous = month_of[p.date]
        identity = row.person_id if row.person_id is not None else row.new_key
        before = history.get((row.person_id, month)) if row.person_id is not None else None
        earlier = in_file.get(identity)
        if earlier is not None and earlier[0] < month and (before is None or earlier[0] >= before[0]):
            before = earlier
        if before is None:
            hist = first_weighing
        elif before[0] == previous:
            hist = assessment.History(
                previous_month_weight_kg=before[1], weighed_before=True, previous_month_status=before[2]
            )
        else:
            hist = weighed_before
        result = assess.assess_child(child, z[i], hist, rules, version)
        held = result.held or result.refusal is not None
        if held:  # no base for the next month's gain, like a held visit in visits.actions
            out.held.append((p.line, _held_reasons(result)))
        else:
            in_file[identity] = (month, child.measurements.weight_kg or 0.0, result.weight_gain)
        visit = dict(
            posyandu_id=row.posyandu_id,
            desa_id=row.desa_id,
            campaign_id=campaign.pk,
            date=p.date,
            month=month,
            place=Place.CAMPAIGN,
            age_days=child.person.age_days,
            life_stage=child.person.stage.value,
            weight_kg=p.weight_kg,
            length_height_cm=p.length_height_cm,
            position=p.position,
            muac_cm=p.muac_cm,
            waz=result.z.get("waz"),
            haz=result.z.get("haz"),
            whz=result.z.get("whz"),
            baz=result.z.get("baz"),
            hcz=result.z.get("hcz"),
            acz=result.z.get("acz"),
            flagged=result.flagged,
            needs_remeasure=result.needs_remeasure,
            check_status=CheckStatus.HELD if held else CheckStatus.NONE,
            weight_gain=result.weight_gain,
            is_2t=result.is_2t,
            is_bgm=result.is_bgm,
            findings=assess.finding_dicts(result.findings),
            rule_version=result.rule_version,
        )
        out.rows.append(row)
        out.visits.append(visit)
        out.reasons.append([f.code for f in result.findings if f.refer])
        out.months.add(month)
    progress(len(ordered), len(ordered))
    return out


def _held_reasons(result: assessment.Assessment) -> str:
    """The reasons a row is held, as Visit.check_findings names them."""
    return "; ".join(
        _(f.label) + (f" ({f.detail})" if f.detail else "")
        for f in result.findings
        if plausibility.is_reason(f.code)
    )


def _write(
    job_id: int, actor: User, checked: Checked, prepared: Prepared, *, issues_stored: bool
) -> ImportJob:
    """Write the prepared visits (`issues_stored`: the check's row problems are stored as they are)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("campaign").get(pk=job_id)
        if job.status != ImportStatus.IMPORTING:
            return job  # cancelled meanwhile: nothing written
        if (
            job.campaign.imports.filter(sha256=job.sha256, status=ImportStatus.DONE)
            .exclude(pk=job.pk)
            .exists()
        ):
            job.status = ImportStatus.DUPLICATE
            job.message = _("Berkas yang sama sudah diimpor. Tidak ada yang disimpan lagi.")
            job.finished_at = timezone.now()
            job.stored_file = _sheet_gone(job)
            job.save()
            return job
        new_people = _create_people(prepared.rows)
        kia = {  # a KIA book reported for a child the register has without one
            row.person_id
            for row in prepared.rows
            if row.person_id is not None and row.parsed.kia and not row.has_kia_book
        }
        for chunk in _chunks(sorted(kia)):
            Person.objects.filter(pk__in=chunk, has_kia_book=False).update(has_kia_book=True)
        visits = prepared.visits
        for row, visit in zip(prepared.rows, visits, strict=True):
            visit["person_id"] = row.person_id if row.person_id is not None else new_people[row.new_key]  # type: ignore[index]
        insert_rows(Visit, visits)
        # The new visits' ids, by the campaign's unique (person, date).
        ids = {
            (person, day): pk
            for pk, person, day in Visit.objects.filter(campaign=job.campaign).values_list(
                "pk", "person_id", "date"
            )
        }
        for visit in visits:
            visit["id"] = ids[(visit["person_id"], visit["date"])]
        referrals = [
            {
                "person_id": v["person_id"],
                "visit_id": v["id"],
                "posyandu_id": v["posyandu_id"],
                "desa_id": v["desa_id"],
                "reasons": reasons,
                "urgency": referral_urgency.urgency(reasons),  # a sheet has no pregnancy, oedema or services
            }
            for v, reasons in zip(visits, prepared.reasons, strict=True)
            if reasons
        ]
        insert_rows(Referral, referrals)
        following = _recompute_following(visits)
        if not issues_stored:
            _store_issues(job, checked)
        held_label = _("Hasil ukur")
        ImportIssue.objects.bulk_create(
            [
                ImportIssue(
                    job_id=job.pk,
                    row=line,
                    column=held_label,
                    message=(
                        _("Diimpor, tetapi belum dihitung sampai dipastikan benar: %(reasons)s")
                        % {"reasons": reasons}
                    )[:300],
                )
                for line, reasons in prepared.held
            ],
            batch_size=2000,
        )
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.stored_file = _sheet_gone(job)
        job.created_people = len(set(new_people.values()))
        job.matched_people = len({row.person_id for row in prepared.rows if row.person_id is not None})
        job.stored_visits = len(visits)
        job.save()
        log.record(
            actor,
            "import_campaign",
            job,
            {
                "sha256": [None, job.sha256],
                "file": [None, job.original_name],
                "mode": [None, job.mode],
                "rows": [None, checked.total],
                "stored_visits": [None, len(visits)],
                "created_people": [None, job.created_people],
                "matched_people": [None, job.matched_people],
                "referrals": [None, len(referrals)],
                "held_visits": [None, len(prepared.held)],
                "skipped_rows": [None, checked.skipped],
                "error_rows": [None, len(checked.error_lines)],
                "recomputed_following": [None, following],
            },
            region_code=job.region_code,
            posyandu_id=job.posyandu_id,
            subject=job.campaign,
        )
    # The report figures of the posyandu written to, in the background: the months touched, or the whole
    # history when new children were registered (they count in S of earlier months too).
    posyandu_ids = sorted({v["posyandu_id"] for v in visits})
    affected = sorted(prepared.months | {months.add_months(m, k) for m in prepared.months for k in (1, 2)})
    current = months.month_start(timezone.localdate())
    wanted = [] if new_people else [f"{m:%Y-%m-%d}" for m in affected if m <= current]
    figures_requested.send(sender=ImportJob, posyandu_ids=posyandu_ids, months=wanted)
    return job


def _create_people(rows_: list[Row]) -> dict[tuple[Any, ...], int]:
    """Create each new child once (with a household when a head of family or an address is given)."""
    firsts: dict[tuple[Any, ...], Row] = {}
    for row in rows_:
        if row.person_id is None and row.new_key is not None and row.new_key not in firsts:
            firsts[row.new_key] = row
    households: dict[tuple[str, str, int], Household] = {}
    for row in firsts.values():
        p = row.parsed
        if p.head_name or p.address:
            key = (name_key(p.head_name or p.mother_name or p.name), p.address.lower(), row.posyandu_id)
            if key not in households:
                households[key] = Household(
                    head_name=(p.head_name or p.mother_name or p.name)[:120],
                    address=p.address,
                    posyandu_id=row.posyandu_id,
                    desa_id=row.desa_id,
                )
    Household.objects.bulk_create(list(households.values()), batch_size=2000)
    people = []
    for row in firsts.values():
        p = row.parsed
        assert row.birth_date is not None
        household = None
        if p.head_name or p.address:
            household = households[
                (name_key(p.head_name or p.mother_name or p.name), p.address.lower(), row.posyandu_id)
            ]
        people.append(
            Person(
                nik=p.nik or None,
                name=p.name[:120],
                name_key=name_key(p.name),
                sex=p.sex,
                birth_date=row.birth_date,
                household=household,
                mother_id=row.mother_id,
                posyandu_id=row.posyandu_id,
                desa_id=row.desa_id,
                has_kia_book=bool(p.kia),
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    return {key: person.pk for key, person in zip(firsts, people, strict=True)}


def _recompute_following(visits: list[dict[str, Any]]) -> int:
    """Weighings of the same children in the two months after an imported one depend on it (N/T, 2T): the
    few that exist are recomputed like a corrected visit's (visits.actions.recompute_dependent)."""
    from visits.actions import recompute_dependent

    if not visits:
        return 0
    last_month = max(v["month"] for v in visits)
    first_month = min(v["month"] for v in visits)
    if months.add_months(first_month, 1) > timezone.localdate():
        return 0  # a campaign of this month: no weighing can come after it yet
    ids = sorted({v["person_id"] for v in visits})
    count = 0
    imported = {v["id"] for v in visits}
    for chunk in _chunks(ids):
        later = (  # dates, not months: a range of the (person, date) index
            Visit.objects.filter(
                person_id__in=chunk,
                weight_kg__isnull=False,
                date__gte=months.add_months(first_month, 1),
                date__lt=months.add_months(last_month, 3),
            )
            .select_related("person")
            .order_by("date", "pk")
        )
        for visit in later:
            if visit.pk in imported:
                continue
            recompute_dependent(visit)
            count += 1
    return count


def refresh_figures_of(posyandu_ids: list[int], month_texts: list[str]) -> int:
    """The background refresh after an import (`month_texts` ISO dates; empty = the whole history)."""
    from reports.actions import refresh_figures

    wanted = [datetime.date.fromisoformat(m) for m in month_texts] or None
    return refresh_figures(posyandu_ids, wanted)


def visible_jobs(user: User, campaign: Campaign) -> Any:
    return ImportJob.objects.visible_to(user).filter(campaign=campaign).select_related("uploaded_by")
