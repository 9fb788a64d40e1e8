"""Writing a checked plan into the register, in the caller's one transaction: the dusun/RW/RT the export names
(`regions.actions.create_local_unit`), new households and people with bulk inserts (each with its audit
event), mothers linked by `ibu_nik` or by name within the family, the people already in the register updated
through `people.actions` (audited: moved, died, a new No. KK), and the export's residents kept for the next
import. Rows whose dusun/RW/RT has no posyandu are kept as residents only, until the Pokja desa assigns one
(`exchange.opensid.actions.assign_posyandu`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit import log
from audit.models import AuditEvent, object_key
from campaigns.signals import figures_requested
from exchange.opensid import codes
from exchange.opensid.models import Outcome, Resident
from exchange.opensid.plan import Placed, Plan
from exchange.opensid.units import Path, UnitTree, display_name, steps
from people import actions as people
from people.duplicates import Identity, same_mother
from people.models import Household, Person, PersonStatus, name_key
from regions.actions import create_local_unit
from regions.models import LocalUnit, Region

if TYPE_CHECKING:
    from django.db.models import Model

    from accounts.models import User

MIN_MOTHER_AGE_YEARS = 10


@dataclass
class Written:
    created_people: int = 0
    created_households: int = 0
    updated_people: int = 0
    created_units: int = 0
    posyandu_ids: set[int] = field(default_factory=set)


def write_plan(actor: User, plan: Plan, subject: Model) -> Written:
    """Apply `plan` (call inside a transaction; `subject` is what the audit events are about: the job)."""
    desa = Region.objects.get(pk=plan.desa_code)
    written = Written()
    tree = _ensure_units(actor, desa, plan, written)
    households = dict(plan.households)
    _create_households(actor, desa, plan, tree, households, written)
    pks, created = _create_people(desa, plan, households, written)
    _update_people(actor, plan, households, written)
    _link_mothers(actor, plan, pks, created)
    _audit_created(actor, "import_opensid_person", list(created.values()))
    _keep_residents(plan, tree, pks)
    for posyandu_id in sorted(written.posyandu_ids):
        log.record(
            actor,
            "import_opensid_register",
            subject,
            {
                "created_people": [0, written.created_people],
                "created_households": [0, written.created_households],
            },
            region_code=desa.code,
            posyandu_id=posyandu_id,
        )
    if written.posyandu_ids:
        figures_requested.send(sender=Resident, posyandu_ids=sorted(written.posyandu_ids), months=[])
    return written


def _ensure_units(actor: User, desa: Region, plan: Plan, written: Written) -> UnitTree:
    tree = UnitTree.load(desa.code)
    paths = {p.path for p in plan.placed} | set(plan_family_paths(plan).values())
    for path in sorted(paths):
        if not tree.missing(path):
            continue
        parent: LocalUnit | None = None
        for (kind, name), unit_id in zip(steps(path), tree.chain(path), strict=True):
            if unit_id is None:
                parent = create_local_unit(actor, desa, kind, display_name(kind, name), parent)
                written.created_units += 1
                tree = UnitTree.load(desa.code)
            else:
                parent = LocalUnit.objects.get(pk=unit_id)
    return tree


def plan_family_paths(plan: Plan) -> dict[str, Path]:
    """Each family's place: its head's row, else its first row."""
    paths: dict[str, Path] = {}
    for p in sorted(plan.placed, key=lambda p: (p.row.kk_level != codes.KEPALA_KELUARGA, p.row.line)):
        if p.row.kk_number:
            paths.setdefault(p.row.kk_number, p.path)
    return paths


def _family_heads(plan: Plan) -> dict[str, Placed]:
    heads: dict[str, Placed] = {}
    for p in sorted(plan.placed, key=lambda p: (p.row.kk_level != codes.KEPALA_KELUARGA, p.row.line)):
        if p.row.kk_number:
            heads.setdefault(p.row.kk_number, p)
    return heads


def _create_households(
    actor: User, desa: Region, plan: Plan, tree: UnitTree, households: dict[str, int], written: Written
) -> None:
    wanted = {p.row.kk_number for p in plan.placed if p.outcome == Outcome.CREATE and p.row.kk_number}
    wanted |= {p.changes["household_kk"] for p in plan.placed if "household_kk" in p.changes}
    heads = _family_heads(plan)
    paths = plan_family_paths(plan)
    current = {p.person_id: p for p in plan.placed if p.person_id}
    new = []
    for kk in sorted(wanted - set(households)):
        head = heads[kk]
        posyandu_id = tree.posyandu_of(paths[kk]) or head.posyandu_id
        if posyandu_id is None and head.person_id in current:
            posyandu_id = (
                Person.objects.filter(pk=head.person_id).values_list("posyandu_id", flat=True).first()
            )
        if posyandu_id is None:
            continue  # its members wait (the plan only creates people whose family has a posyandu)
        new.append(
            Household(
                kk_number=kk,
                head_name=head.row.name,
                address=head.row.address,
                posyandu_id=posyandu_id,
                desa_id=desa.code,
                unit_id=tree.unit_of(paths[kk]),
            )
        )
    Household.objects.bulk_create(new, batch_size=1000)
    households.update({h.kk_number: h.pk for h in new})
    written.created_households = len(new)
    written.posyandu_ids |= {h.posyandu_id for h in new}
    _audit_created(actor, "import_opensid_household", new)


def _create_people(
    desa: Region, plan: Plan, households: dict[str, int], written: Written
) -> tuple[dict[str, int], dict[int, Person]]:
    """Create the rows to create; returns resident key → person id for every row with a record, and the people
    created by id (audited once their mothers are linked)."""
    pks = {p.row.key: p.person_id for p in plan.placed if p.person_id is not None}
    posyandu_of = dict(
        Household.objects.filter(pk__in=set(households.values())).values_list("pk", "posyandu_id")
    )
    new: list[tuple[Placed, Person]] = []
    for p in plan.placed:
        if p.outcome != Outcome.CREATE:
            continue
        household_id = households.get(p.row.kk_number) if p.row.kk_number else None
        posyandu_id = posyandu_of.get(household_id) if household_id else p.posyandu_id
        if posyandu_id is None:
            p.outcome = Outcome.WAIT
            continue
        new.append(
            (
                p,
                Person(
                    nik=p.row.nik or None,
                    name=p.row.name,
                    name_key=name_key(p.row.name),
                    sex=p.row.sex,
                    birth_date=p.row.birth_date,
                    household_id=household_id,
                    posyandu_id=posyandu_id,
                    desa_id=desa.code,
                ),
            )
        )
    Person.objects.bulk_create([person for _p, person in new], batch_size=1000)
    for p, person in new:
        pks[p.row.key] = person.pk
    written.created_people = len(new)
    written.posyandu_ids |= {person.posyandu_id for _p, person in new}
    return pks, {person.pk: person for _p, person in new}


def _update_people(actor: User, plan: Plan, households: dict[str, int], written: Written) -> None:
    """Matched and changed residents, one audited action each (few per export: births, moves, deaths)."""
    for p in plan.placed:
        if p.person_id is None or (not p.changes and p.status is None):
            continue
        person = Person.objects.select_related("household", "mother").get(pk=p.person_id)
        fields: dict[str, Any] = {k: v for k, v in p.changes.items() if k != "household_kk"}
        kk = p.changes.get("household_kk")
        if kk and kk in households:
            fields["household"] = Household.objects.get(pk=households[kk])
        if fields:
            person = people.update_person(actor, person, **fields)
        if p.status is not None:
            person = people.set_person_status(actor, person, p.status, plan.today)
        written.updated_people += 1
        written.posyandu_ids.add(person.posyandu_id)


def _link_mothers(actor: User, plan: Plan, pks: dict[str, int], created: dict[int, Person]) -> None:
    """Each child's mother by `ibu_nik`, else by `nama_ibu` among the women of the same family card; only
    where the register has no mother yet (a child created now gets it before its audit event is written; one
    already registered through `people.actions.update_person`)."""
    by_nik = {p.row.nik: pks[p.row.key] for p in plan.placed if p.row.nik and p.row.key in pks}
    family: dict[str, list[Placed]] = defaultdict(list)
    for p in plan.placed:
        if p.row.kk_number:
            family[p.row.kk_number].append(p)
    wanted: dict[int, int] = {}
    for p in plan.placed:
        child = pks.get(p.row.key)
        if child is None or not (p.row.mother_nik or p.row.mother_name):
            continue
        mother = by_nik.get(p.row.mother_nik) if p.row.mother_nik else None
        if mother is None and p.row.mother_name and p.row.kk_number:
            mother = _mother_by_name(p, family[p.row.kk_number], pks)
        if mother is not None and mother != child:
            wanted[child] = mother
    if not wanted:
        return
    people_ = dict(created) | Person.objects.in_bulk(
        [pk for pk in list(wanted) + list(wanted.values()) if pk not in created]
    )
    linked_new = []
    for child_id, mother_id in wanted.items():
        child_record, mother_record = people_.get(child_id), people_.get(mother_id)
        if child_record is None or mother_record is None or child_record.mother_id is not None:
            continue
        too_young = mother_record.birth_date.year > child_record.birth_date.year - MIN_MOTHER_AGE_YEARS
        if mother_record.sex != "P" or too_young:
            continue
        if child_id in created:
            child_record.mother_id = mother_id
            linked_new.append(child_record)
        else:
            people.update_person(actor, child_record, mother=mother_record)
    Person.objects.bulk_update(linked_new, ["mother"], batch_size=500)


def _mother_by_name(child: Placed, family: list[Placed], pks: dict[str, int]) -> int | None:
    """The one woman of the family card, old enough to be the mother, whose name is `nama_ibu` (the same
    name first, else a similar one as `people.duplicates` judges a mother's name)."""
    wanted = name_key(child.row.mother_name)
    women = [
        p
        for p in family
        if p.row.sex == "P"
        and p.row.key in pks
        and p.row.birth_date.year <= child.row.birth_date.year - MIN_MOTHER_AGE_YEARS
    ]
    same = [p for p in women if name_key(p.row.name) == wanted]
    if not same:
        asked = Identity(wanted, child.row.birth_date, mother_key=wanted)
        same = [
            p
            for p in women
            if same_mother(
                asked, Identity(name_key(p.row.name), p.row.birth_date, mother_key=name_key(p.row.name))
            )
        ]
    return pks[same[0].row.key] if len(same) == 1 else None


def _keep_residents(plan: Plan, tree: UnitTree, pks: dict[str, int]) -> None:
    """The export as it was, for the next one: new residents inserted, changed ones updated, the rest left."""
    existing = {r.key: r for r in Resident.objects.filter(desa_id=plan.desa_code)}
    create, update = [], []
    for p in plan.placed:
        row = p.row
        values = {
            "fingerprint": row.fingerprint,
            "nik": row.nik,
            "kk_number": row.kk_number,
            "name": row.name,
            "sex": row.sex,
            "birth_date": row.birth_date,
            "kk_level": row.kk_level,
            "mother_nik": row.mother_nik,
            "mother_name": row.mother_name,
            "dusun": row.dusun,
            "rw": row.rw,
            "rt": row.rt,
            "unit_id": tree.unit_of(p.path),
            "address": row.address,
            "kb_method": row.kb_method,
            "pregnant": row.pregnant,
            "status_dasar": row.status_dasar,
            "person_id": pks.get(row.key),
        }
        old = existing.get(row.key)
        if old is None:
            create.append(Resident(desa_id=plan.desa_code, key=row.key, **values))
        elif any(getattr(old, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(old, name, value)
            update.append(old)
    linked = {r.person_id for r in create + update if r.person_id}
    # A person matched anew (OpenSID gave a NIK since) is the same resident under a new key: the earlier
    # key goes, or it would wait for a posyandu as someone not yet registered.
    Resident.objects.filter(desa_id=plan.desa_code, person_id__in=linked).exclude(
        key__in=[p.row.key for p in plan.placed]
    ).delete()
    Resident.objects.bulk_create(create, batch_size=1000)
    Resident.objects.bulk_update(
        update,
        [
            f
            for f in (
                "fingerprint",
                "nik",
                "kk_number",
                "name",
                "sex",
                "birth_date",
                "kk_level",
                "mother_nik",
                "mother_name",
                "dusun",
                "rw",
                "rt",
                "unit",
                "address",
                "kb_method",
                "pregnant",
                "status_dasar",
                "person",
            )
        ],
        batch_size=500,
    )


def _audit_created(actor: User, verb: str, objects: list[Any]) -> None:
    """One event per created household or person, as `audit.log.create` writes it, inserted at once."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                actor_name=actor.get_username(),
                verb=verb,
                object_key=object_key(obj),
                object_repr=str(obj)[:200],
                region_code=obj.desa_id,
                posyandu_id=obj.posyandu_id,
                changes=log.diff(None, log.snapshot(obj)),
            )
            for obj in objects
        ],
        batch_size=1000,
    )


__all__ = ["PersonStatus", "Written", "write_plan"]
