"""Writing an import: the people to create (with their households), the visits and their referrals with bulk
inserts (`campaigns.imports.inserts`), the later weighings of the same children computed again, and the
job's counts and row problems, in one transaction with one audit event. The report figures of the posyandu
written to are refreshed afterwards in the background (`campaigns.signals.figures_requested`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from campaigns.imports import chunks
from campaigns.imports.check import Checked
from campaigns.imports.inserts import insert_rows
from campaigns.imports.match import Row
from campaigns.imports.prepare import Prepared
from campaigns.imports.uploads import sheet_gone
from campaigns.models import ImportIssue, ImportJob, ImportStatus
from campaigns.signals import figures_requested
from people.models import Household, Person, name_key
from rules import months, referral_urgency
from visits.actions import recompute_dependent
from visits.models import Referral, Visit, register_rule_versions

if TYPE_CHECKING:
    from accounts.models import User


def write_import(
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
            job.stored_file = sheet_gone(job)
            job.save()
            return job
        new_people = _create_people(prepared.rows)
        kia = {  # a KIA book reported for a child the register has without one
            row.person_id
            for row in prepared.rows
            if row.person_id is not None and row.parsed.kia and not row.has_kia_book
        }
        for chunk in chunks(sorted(kia)):
            Person.objects.filter(pk__in=chunk, has_kia_book=False).update(has_kia_book=True)
        visits = prepared.visits
        for row, visit in zip(prepared.rows, visits, strict=True):
            visit["person_id"] = row.person_id if row.person_id is not None else new_people[row.new_key]  # type: ignore[index]
        register_rule_versions([prepared.rule_version])
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
            store_issues(job, checked)
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
        job.stored_file = sheet_gone(job)
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
    # The report figures of the posyandu written to, in the background: the months touched, then, when new
    # children were registered, the whole history (they count in S of earlier months too).
    posyandu_ids = sorted({v["posyandu_id"] for v in visits})
    affected = sorted(prepared.months | {months.add_months(m, k) for m in prepared.months for k in (1, 2)})
    current = months.month_start(timezone.localdate())
    wanted = [f"{m:%Y-%m-%d}" for m in affected if m <= current]
    figures_requested.send(
        sender=ImportJob, posyandu_ids=posyandu_ids, months=wanted, history=bool(new_people)
    )
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
    if not visits:
        return 0
    last_month = max(v["month"] for v in visits)
    first_month = min(v["month"] for v in visits)
    if months.add_months(first_month, 1) > timezone.localdate():
        return 0  # a campaign of this month: no weighing can come after it yet
    ids = sorted({v["person_id"] for v in visits})
    count = 0
    imported = {v["id"] for v in visits}
    for chunk in chunks(ids):
        later = (  # by month: on PostgreSQL the read looks in those months' partitions only
            Visit.objects.filter(
                person_id__in=chunk,
                weight_kg__isnull=False,
                month__gte=months.add_months(first_month, 1),
                month__lte=months.add_months(last_month, 2),
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


def store_issues(job: ImportJob, checked: Checked) -> None:
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
