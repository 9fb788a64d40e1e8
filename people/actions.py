"""Every write to the life-cycle register: households, people, merges and pregnancies."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from people.duplicates import NEAR_BIRTH_DAYS, near_birth
from people.models import Household, Person, PersonMerge, PersonStatus, Pregnancy, PregnancyOutcome
from rules import life_stage

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Posyandu
    from regions.models import LocalUnit


class HouseholdFields(TypedDict, total=False):
    """A household's own fields, as keyword arguments of its actions (an update names only what changes)."""

    head_name: str
    kk_number: str
    address: str
    posyandu: Posyandu
    unit: LocalUnit | None


class PersonFields(TypedDict, total=False):
    """A person's own fields, as keyword arguments of their actions (an update names only what changes)."""

    name: str
    nik: str | None
    sex: str
    birth_date: datetime.date
    household: Household | None
    posyandu: Posyandu | None
    mother: Person | None
    has_kia_book: bool
    phone: str


class ChildFields(TypedDict, total=False):
    """The baby of a live birth: the name (a temporary one will do), the sex, and whether a KIA book was
    given."""

    name: str
    sex: str
    has_kia_book: bool


class PregnancyFields(TypedDict, total=False):
    """A new pregnancy's fields: the HPHT, and the obstetric history when known."""

    lmp_date: Required[datetime.date]
    gravida: int
    para: int
    abortus: int
    risk_notes: str


@transaction.atomic
@idempotent
def register_household(
    actor: User, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[HouseholdFields]
) -> Household:
    household = Household(**fields)
    household.desa_id = household.posyandu.desa_id
    _check_unit(household)
    return log.create(
        actor,
        "register_household",
        household,
        region_code=household.desa_id,
        posyandu_id=household.posyandu_id,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def update_household(
    actor: User,
    household: Household,
    *,
    client_uuid: uuid.UUID | None = None,
    **fields: Unpack[HouseholdFields],
) -> Household:
    changes: dict[str, object] = dict(fields)
    if "posyandu" in fields:
        changes["desa_id"] = fields["posyandu"].desa_id
    left = (household.posyandu_id, household.desa_id)
    place = fields.get("posyandu") or household.posyandu
    updated = log.update(
        actor,
        "update_household",
        household,
        changes,
        region_code=place.desa_id,
        posyandu_id=place.pk,
        client_uuid=client_uuid,
    )
    _check_unit(updated)
    # The members live where their household lives.
    updated.members.exclude(posyandu_id=updated.posyandu_id).update(
        posyandu_id=updated.posyandu_id, desa_id=updated.desa_id
    )
    _record_moved_away(actor, updated, left, "move_household_away")
    return updated


def _check_unit(household: Household) -> None:
    if (
        household.unit_id is not None
        and household.unit is not None
        and household.unit.desa_id != household.desa_id
    ):
        raise ValidationError({"unit": _("RT/dasa wisma harus berada di desa/kelurahan posyandu.")})


@transaction.atomic
@idempotent
def register_person(
    actor: User, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[PersonFields]
) -> Person:
    """`fields` needs a household or a posyandu; a person lives in their household's posyandu area."""
    person = Person(**fields)
    _place(person)
    return log.create(
        actor,
        "register_person",
        person,
        region_code=person.desa_id,
        posyandu_id=person.posyandu_id,
        client_uuid=client_uuid,
    )


def _place(person: Person) -> None:
    if person.household is not None:
        person.posyandu_id = person.household.posyandu_id
        person.desa_id = person.household.desa_id
    elif person.posyandu_id is not None:
        person.desa_id = person.posyandu.desa_id
    else:
        raise ValidationError(_("Pilih rumah tangga atau posyandu."))
    if person.mother_id is not None and person.mother is not None:
        if person.mother.sex != "P":
            raise ValidationError({"mother": _("Ibu harus perempuan.")})
        if person.mother.birth_date >= person.birth_date:
            raise ValidationError({"mother": _("Ibu harus lahir sebelum anaknya.")})


@transaction.atomic
@idempotent
def update_person(
    actor: User, person: Person, *, client_uuid: uuid.UUID | None = None, **fields: Unpack[PersonFields]
) -> Person:
    person.refresh_from_db()
    left = (person.posyandu_id, person.desa_id)
    for name, value in fields.items():
        setattr(person, name, value)
    _place(person)
    changes = {**fields, "posyandu_id": person.posyandu_id, "desa_id": person.desa_id}
    updated = log.update(
        actor,
        "update_person",
        person,
        changes,
        region_code=person.desa_id,
        posyandu_id=person.posyandu_id,
        client_uuid=client_uuid,
    )
    _record_moved_away(actor, updated, left, "move_person_away")
    return updated


def _record_moved_away(actor: User, obj: Person | Household, left: tuple[int | None, str], verb: str) -> None:
    """A move to another posyandu is also recorded at the one left: its history shows who moved away, and its
    monthly figures (S, the immunisation cohort, a mother's pregnancies), which the audit log marks stale by
    posyandu, are recomputed too."""
    posyandu_id, desa_id = left
    if posyandu_id is not None and posyandu_id != obj.posyandu_id:
        log.record(
            actor,
            verb,
            obj,
            {"posyandu": [posyandu_id, obj.posyandu_id]},
            region_code=desa_id,
            posyandu_id=posyandu_id,
        )


@transaction.atomic
@idempotent
def set_person_status(
    actor: User,
    person: Person,
    status: PersonStatus,
    on: datetime.date,
    *,
    client_uuid: uuid.UUID | None = None,
) -> Person:
    return log.update(
        actor,
        "set_person_status",
        person,
        {"status": status, "status_date": on},
        region_code=person.desa_id,
        posyandu_id=person.posyandu_id,
        client_uuid=client_uuid,
    )


def merge_refusal(keep: Person, drop: Person) -> str | None:
    """Why `drop` may not be merged into `keep`, or None. The merge page asks before offering the merge, and
    `merge_people` asks again on the rows it has locked. Two records are refused as one person when they
    cannot be: different NIKs, mother and child, different sex, birth dates further apart than the duplicate
    rule allows (`duplicates.near_birth`); and when their visits would clash (one visit per person, day and
    posyandu, one per campaign day)."""
    if keep.pk == drop.pk:
        return _("Tidak bisa menggabungkan data dengan dirinya sendiri.")
    if drop.merged_into_id is not None or keep.merged_into_id is not None:
        return _("Data ini sudah digabungkan sebelumnya.")
    if keep.nik and drop.nik and keep.nik != drop.nik:
        return _("Kedua data punya NIK yang berbeda; data dengan NIK berbeda adalah orang yang berbeda.")
    if _mother_and_child(keep, drop):
        return _("Data yang satu adalah ibu atau anak dari data yang lain; keduanya orang yang berbeda.")
    if keep.sex != drop.sex:
        return _("Jenis kelamin kedua data berbeda; periksa kembali sebelum menggabungkan.")
    if not near_birth(keep.birth_date, drop.birth_date):
        return _(
            "Tanggal lahir kedua data berselisih %(days)d hari; data ganda berselisih kurang dari %(limit)d "
            "hari. Perbaiki tanggal lahir dulu bila memang orang yang sama."
        ) % {"days": abs((keep.birth_date - drop.birth_date).days), "limit": NEAR_BIRTH_DAYS}
    if (day := _clashing_visit_day(keep, drop)) is not None:
        return _(
            "Kedua data punya kunjungan pada %(date)s di posyandu atau kampanye yang sama, padahal satu "
            "orang hanya dicatat sekali sehari. Perbaiki salah satu kunjungan dulu."
        ) % {"date": f"{day:%d-%m-%Y}"}
    return None


def _locked(actor: User, *pks: int) -> list[Person]:
    """The people `pks` read again and locked (SELECT … FOR UPDATE) in primary-key order, for a merge or an
    un-merge to check and change. Two merges of one pair in opposite directions then wait for each other
    instead of deadlocking, and the second sees what the first did. A record outside the actor's area by now
    (moved since the page was read) is refused."""
    locked = {pk: Person.objects.select_for_update().get(pk=pk) for pk in sorted(set(pks))}
    if Person.objects.visible_to(actor).filter(pk__in=locked).count() != len(locked):
        raise ValidationError(_("Pilih data yang ada di wilayah Anda."))
    return [locked[pk] for pk in pks]


def _mother_and_child(a: Person, b: Person) -> bool:
    if a.mother_id == b.pk or b.mother_id == a.pk:
        return True
    return Pregnancy.objects.filter(Q(mother=a, child=b) | Q(mother=b, child=a)).exists()


def _clashing_visit_day(keep: Person, drop: Person) -> datetime.date | None:
    """A day on which both have a visit the database would hold only once for one person."""
    from visits.models import Visit

    kept = list(Visit.objects.filter(person=keep).values_list("date", "posyandu_id", "campaign_id"))
    at_posyandu = {(day, posyandu) for day, posyandu, _campaign in kept}
    in_campaign = {(day, campaign) for day, _posyandu, campaign in kept if campaign is not None}
    for day, posyandu, campaign in (
        Visit.objects.filter(person=drop).order_by("date").values_list("date", "posyandu_id", "campaign_id")
    ):
        if (day, posyandu) in at_posyandu or (campaign is not None and (day, campaign) in in_campaign):
            return day
    return None


@transaction.atomic
@idempotent
def merge_people(actor: User, keep: Person, drop: Person, *, client_uuid: uuid.UUID | None = None) -> Person:
    """Merge `drop` into `keep`: every visit, referral, pregnancy and child moves to `keep`, and the doses
    `keep` lacks; fields `keep` lacks are taken from `drop`; `drop` stays as a record pointing at `keep`, so
    nothing of its history is lost. What moved is kept in a `PersonMerge`, so `unmerge_people` can undo it.
    Refused (ValidationError) for the reasons of `merge_refusal`, asked again on both rows locked."""
    from visits.actions import recompute_person
    from visits.models import Immunisation

    keep, drop = _locked(actor, keep.pk, drop.pk)
    if (refusal := merge_refusal(keep, drop)) is not None:
        raise ValidationError(refusal)
    moving = _rows_of(drop)
    have = Immunisation.objects.filter(person=keep).values_list("vaccine", flat=True)
    moving["immunisations"] = moving["immunisations"].exclude(vaccine__in=list(have))
    if Pregnancy.objects.filter(child=keep).exists():  # a person is born once: keep's own stays
        moving["birth_pregnancy"] = moving["birth_pregnancy"].none()
    moved = {kind: sorted(rows.values_list("pk", flat=True)) for kind, rows in moving.items()}
    for kind, rows in moving.items():
        rows.model._default_manager.filter(pk__in=moved[kind]).update(**{_LINK[kind]: keep})
    fill: dict[str, Any] = {
        name: getattr(drop, name)
        for name in ("nik", "phone", "household_id", "mother_id")
        if not getattr(keep, name) and getattr(drop, name)
    }
    if drop.has_kia_book and not keep.has_kia_book:
        fill["has_kia_book"] = True
    PersonMerge.objects.create(
        kept=keep,
        merged=drop,
        moved=moved,
        kept_filled={name: [getattr(keep, name), value] for name, value in fill.items()},
        merged_nik=drop.nik or "",
    )
    log.update(
        actor,
        "merge_away_person",
        drop,
        {"merged_into": keep, "nik": None},
        region_code=drop.desa_id,
        posyandu_id=drop.posyandu_id,
        subject=keep,
    )
    merged = log.update(
        actor,
        "merge_person",
        keep,
        fill,
        region_code=keep.desa_id,
        posyandu_id=keep.posyandu_id,
        client_uuid=client_uuid,
    )
    log.record(
        actor,
        "merge_moved_records",
        keep,
        {kind: [0, len(ids)] for kind, ids in moved.items() if ids},
        region_code=keep.desa_id,
        posyandu_id=keep.posyandu_id,
        subject=drop,
    )
    recompute_person(merged)
    return merged


# What a merge moves, and the field linking each kind of row to its person.
_LINK = {
    "visits": "person",
    "referrals": "person",
    "immunisations": "person",
    "pregnancies": "mother",
    "children": "mother",
    "birth_pregnancy": "child",
}


def _rows_of(person: Person) -> dict[str, QuerySet[Any]]:
    from visits.models import Immunisation, Referral, Visit

    models: dict[str, type[Model]] = {
        "visits": Visit,
        "referrals": Referral,
        "immunisations": Immunisation,
        "pregnancies": Pregnancy,
        "children": Person,
        "birth_pregnancy": Pregnancy,
    }
    return {kind: model._default_manager.filter(**{_LINK[kind]: person}) for kind, model in models.items()}


def unmerge_refusal(merged: Person) -> str | None:
    """Why the merge of `merged` may not be undone, or None (the un-merge page asks before offering it)."""
    if merged.merged_into_id is None:
        return _("Data ini tidak sedang digabungkan.")
    record = PersonMerge.objects.filter(merged=merged).select_related("kept").first()
    if record is None or record.kept_id != merged.merged_into_id:
        return _(
            "Penggabungan ini dibuat sebelum pembatalan tersedia; tidak tercatat apa saja yang dipindahkan, "
            "jadi tidak bisa dibatalkan otomatis."
        )
    if record.kept.merged_into_id is not None:
        return _("Data tujuan sudah digabungkan lagi ke data lain; batalkan penggabungan itu dulu.")
    return None


def _replay_unmerge(actor: User, merged: Person, **_kwargs: Any) -> Person:
    merged.refresh_from_db()
    return merged


@transaction.atomic
@idempotent(replay=_replay_unmerge)
def unmerge_people(actor: User, merged: Person, *, client_uuid: uuid.UUID | None = None) -> Person:
    """Undo the merge of `merged`: every row the merge moved goes back to it, the fields it filled on the kept
    record are emptied again (unless changed since), `merged` gets its NIK back, and the visits of both are
    computed again. Returns the restored record. Refused (ValidationError) for the reasons of
    `unmerge_refusal`, asked on both rows locked."""
    from visits.actions import recompute_person

    if merged.merged_into_id is None:
        raise ValidationError(_("Data ini tidak sedang digabungkan."))
    kept, merged = _locked(actor, merged.merged_into_id, merged.pk)
    if (refusal := unmerge_refusal(merged)) is not None:
        raise ValidationError(refusal)
    record = PersonMerge.objects.get(merged=merged)
    moved_back = {
        kind: rows.filter(pk__in=record.moved.get(kind, [])).update(**{_LINK[kind]: merged})
        for kind, rows in _rows_of(kept).items()
    }
    # A field the merge filled goes back to what it was, unless someone has changed it since.
    restore = {
        name: before for name, (before, after) in record.kept_filled.items() if getattr(kept, name) == after
    }
    record.delete()
    kept = log.update(
        actor,
        "unmerge_kept_person",
        kept,
        restore,
        region_code=kept.desa_id,
        posyandu_id=kept.posyandu_id,
        subject=merged,
    )
    restored = log.update(
        actor,
        "unmerge_person",
        merged,
        {"merged_into": None, "nik": record.merged_nik or None},
        region_code=merged.desa_id,
        posyandu_id=merged.posyandu_id,
        subject=kept,
        client_uuid=client_uuid,
    )
    log.record(
        actor,
        "unmerge_moved_records",
        restored,
        {kind: [count, 0] for kind, count in moved_back.items() if count},
        region_code=restored.desa_id,
        posyandu_id=restored.posyandu_id,
        subject=kept,
    )
    recompute_person(kept)
    recompute_person(restored)
    return restored


# The code of the refusal a kader may overrule by confirming (an HPHT within nifas after the last pregnancy).
SOON_AFTER_END = "soon_after_end"


@transaction.atomic
@idempotent
def register_pregnancy(
    actor: User,
    mother: Person,
    *,
    confirmed_soon_after_end: bool = False,
    client_uuid: uuid.UUID | None = None,
    **fields: Unpack[PregnancyFields],
) -> Pregnancy:
    """A new pregnancy of `mother`. Refused while another is ongoing or with an HPHT before the end of the
    previous one; an HPHT within the 42 days of nifas after it (docs/domain.md "Age and life stages") is
    refused with the code `SOON_AFTER_END` unless `confirmed_soon_after_end`, since it is more often a typing
    error than a fact."""
    if mother.sex != "P":
        raise ValidationError(_("Hanya perempuan yang dapat dicatat hamil."))
    if mother.pregnancies.ongoing().exists():
        raise ValidationError(_("Ibu ini masih tercatat hamil; catat dulu hasil kehamilan sebelumnya."))
    lmp: datetime.date = fields["lmp_date"]
    ended = mother.pregnancies.filter(outcome_date__isnull=False).order_by("-outcome_date").first()
    if ended is not None and ended.outcome_date is not None:
        end = ended.outcome_date.strftime("%d-%m-%Y")
        days = (lmp - ended.outcome_date).days
        if days < 0:
            message = _("HPHT tidak boleh sebelum akhir kehamilan sebelumnya (%(end)s).") % {"end": end}
            raise ValidationError({"lmp_date": message})
        if days <= life_stage.NIFAS_DAYS and not confirmed_soon_after_end:
            raise ValidationError(
                _(
                    "HPHT ini %(days)d hari setelah akhir kehamilan sebelumnya (%(end)s), masih dalam masa "
                    "nifas %(nifas)d hari. Periksa kembali; bila benar, centang konfirmasi lalu simpan lagi."
                )
                % {"days": days, "end": end, "nifas": life_stage.NIFAS_DAYS},
                code=SOON_AFTER_END,
            )
    pregnancy = Pregnancy(mother=mother, **fields)
    return log.create(
        actor,
        "register_pregnancy",
        pregnancy,
        region_code=mother.desa_id,
        posyandu_id=mother.posyandu_id,
        subject=mother,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent
def record_pregnancy_outcome(
    actor: User,
    pregnancy: Pregnancy,
    outcome: PregnancyOutcome,
    outcome_date: datetime.date,
    *,
    child: ChildFields | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Pregnancy:
    """The end of a pregnancy. A live birth registers the child (`child`: name, sex, has_kia_book) in the
    mother's household, linked to her; the nifas period of 42 days follows."""
    if pregnancy.outcome != PregnancyOutcome.ONGOING:
        raise ValidationError(_("Hasil kehamilan ini sudah dicatat."))
    if outcome_date < pregnancy.lmp_date:
        raise ValidationError({"outcome_date": _("Tanggal persalinan tidak boleh sebelum HPHT.")})
    mother = pregnancy.mother
    fields: dict[str, Any] = {"outcome": outcome, "outcome_date": outcome_date}
    if outcome == PregnancyOutcome.LIVE_BIRTH:
        if not child or not child.get("name") or not child.get("sex"):
            raise ValidationError(_("Isi nama dan jenis kelamin bayi."))
        baby = register_person(
            actor,
            name=child["name"],
            sex=child["sex"],
            birth_date=outcome_date,
            mother=mother,
            household=mother.household,
            posyandu=mother.posyandu,
            has_kia_book=bool(child.get("has_kia_book")),
        )
        fields["child"] = baby
    return log.update(
        actor,
        "record_pregnancy_outcome",
        pregnancy,
        fields,
        region_code=mother.desa_id,
        posyandu_id=mother.posyandu_id,
        subject=mother,
        client_uuid=client_uuid,
    )
