"""The check: what importing an export would do, row by row, against the register and the desa's earlier
export, writing nothing.

A row is, in this order: refused (it cannot be a resident, its No. KK belongs to another desa, its NIK is
someone's elsewhere, several registered people resemble it); unchanged (the earlier export said the same);
updated (the resident is in the register and OpenSID changed something: moved, died, a new No. KK);
matched (a registered person, by NIK, else by `people.duplicates`: similar name, same date of birth, same
mother); created; waiting (its dusun/RW/RT has no posyandu yet: kept until the Pokja desa assigns one); or not
registered (dead or moved away and not in the register: nothing to keep out of S)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from audit.refusals import refuse_nik
from exchange.opensid import codes
from exchange.opensid.models import Outcome, Resident
from exchange.opensid.sheet import Export, Refused
from exchange.opensid.sheet import Resident as Row
from exchange.opensid.units import Path, UnitTree
from people.duplicates import Identity, duplicate_score
from people.models import Household, Person, PersonStatus, name_key

# OpenSID's status_dasar → the register's status (only "hidup" is still served and counted in S).
STATUS = {codes.HIDUP: PersonStatus.ACTIVE, codes.MATI: PersonStatus.DIED}


def register_status(status_dasar: int) -> PersonStatus:
    return STATUS.get(status_dasar, PersonStatus.MOVED)


@dataclass
class Placed:
    """One row's plan. `person_id` is the register record it is (matched or linked before); `changes` the
    fields of that record to change; `household_kk` the No. KK of the household it joins."""

    row: Row
    outcome: Outcome
    reason: str = ""
    person_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    status: PersonStatus | None = None
    snapshot_id: int | None = None
    posyandu_id: int | None = None

    @property
    def path(self) -> Path:
        return (self.row.dusun, self.row.rw, self.row.rt)


@dataclass
class Plan:
    desa_code: str
    placed: list[Placed]
    refused: list[Refused]
    total: int
    today: datetime.date
    households: dict[str, int] = field(default_factory=dict)  # No. KK → existing household id

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(Outcome.values, 0)
        for p in self.placed:
            out[p.outcome] += 1
        out[Outcome.REFUSE] += len(self.refused)
        return out

    def lines(self) -> list[tuple[int, str, str, str]]:
        """(row, outcome, name, reason) of every row, in the sheet's order."""
        rows = [(p.row.line, p.outcome.value, p.row.name, p.reason) for p in self.placed]
        rows += [(r.line, Outcome.REFUSE.value, r.name, r.reason) for r in self.refused]
        return sorted(rows)


Progress = Callable[[int, int], None]


def plan_import(
    desa_code: str,
    export: Export,
    *,
    today: datetime.date,
    actor_id: int | None,
    progress: Progress | None = None,
) -> Plan:
    checker = _Checker(desa_code, export, today, actor_id)
    plan = Plan(desa_code, [], list(export.refused), export.total, today, checker.households)
    total = len(export.residents)
    for index, row in enumerate(export.residents):
        placed = checker.place(row)
        if placed.outcome == Outcome.REFUSE:
            plan.refused.append(Refused(row.line, row.name, placed.reason))
        else:
            plan.placed.append(placed)
        if progress is not None and index % 500 == 499:
            progress(index + 1, total)
    return plan


class _Checker:
    """The register and the earlier export of the desa, read once per sheet (a handful of queries)."""

    def __init__(self, desa_code: str, export: Export, today: datetime.date, actor_id: int | None) -> None:
        self.desa_code = desa_code
        self.today = today
        self.actor_id = actor_id
        rows = export.residents
        self.keys_in_file = {r.key for r in rows}
        self.snapshots = {s.key: s for s in Resident.objects.filter(desa_id=desa_code)}
        niks = {r.nik for r in rows if r.nik} | {r.mother_nik for r in rows if r.mother_nik}
        self.by_nik: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(sorted(niks)):
            for pk, nik, desa in Person.objects.filter(nik__in=chunk).values_list("pk", "nik", "desa_id"):
                self.by_nik[nik or ""] = (pk, desa)
        kks = sorted({r.kk_number for r in rows if r.kk_number})
        self.households: dict[str, int] = {}
        self.foreign_kk: set[str] = set()
        for chunk in _chunks(kks):
            for pk, kk, desa in Household.objects.filter(kk_number__in=chunk).values_list(
                "pk", "kk_number", "desa_id"
            ):
                if desa == desa_code:
                    self.households[kk] = pk
                else:
                    self.foreign_kk.add(kk)
        self.people: dict[int, dict[str, Any]] = {}
        self.born: dict[datetime.date, list[int]] = defaultdict(list)
        for person in Person.objects.filter(desa_id=desa_code, merged_into__isnull=True).values(
            "pk",
            "name_key",
            "birth_date",
            "mother_id",
            "mother__name",
            "nik",
            "household_id",
            "household__kk_number",
            "status",
            "sex",
        ):
            self.people[person["pk"]] = dict(person)
            self.born[person["birth_date"]].append(person["pk"])
        # People already the record of a resident of this file: no other row may be matched to them.
        self.claimed = {
            s.person_id for s in self.snapshots.values() if s.person_id and s.key in self.keys_in_file
        }
        self.tree = UnitTree.load(desa_code)
        # A family is served where its head lives (the first row of the No. KK when it has no head).
        self.family_path: dict[str, Path] = {}
        for r in sorted(rows, key=lambda r: (r.kk_level != codes.KEPALA_KELUARGA, r.line)):
            if r.kk_number:
                self.family_path.setdefault(r.kk_number, (r.dusun, r.rw, r.rt))

    def posyandu_for(self, row: Row) -> int | None:
        if row.kk_number and row.kk_number in self.households:
            return None  # the household's own posyandu: it is in the register already
        path = self.family_path.get(row.kk_number, (row.dusun, row.rw, row.rt))
        return self.tree.posyandu_of(path)

    def place(self, row: Row) -> Placed:
        if row.kk_number in self.foreign_kk:
            return Placed(row, Outcome.REFUSE, _("No. KK ini terdaftar di desa/kelurahan lain di register."))
        snapshot = self.snapshots.get(row.key)
        if snapshot is not None and snapshot.person_id is not None and snapshot.person_id in self.people:
            return self.linked(row, snapshot)
        found = self.find(row)
        if isinstance(found, str):
            return Placed(row, Outcome.REFUSE, found)
        if found is not None:
            return self.matched(row, found, snapshot)
        return self.new(row, snapshot)

    def linked(self, row: Row, snapshot: Resident) -> Placed:
        person = self.people[snapshot.person_id or 0]
        if snapshot.fingerprint == row.fingerprint:
            return Placed(row, Outcome.UNCHANGED, person_id=person["pk"], snapshot_id=snapshot.pk)
        changes: dict[str, Any] = {}
        for name in ("name", "sex", "birth_date"):
            if getattr(snapshot, name) != getattr(row, name):
                changes[name] = getattr(row, name)
        if row.nik and row.nik != snapshot.nik and not person["nik"]:
            changes["nik"] = row.nik
        if row.kk_number != snapshot.kk_number and row.kk_number:
            changes["household_kk"] = row.kk_number
        status = register_status(row.status_dasar)
        reasons = self.describe(snapshot, row)
        return Placed(
            row,
            Outcome.UPDATE,
            reason=reasons,
            person_id=person["pk"],
            changes=changes,
            status=status if status != person["status"] else None,
            snapshot_id=snapshot.pk,
            posyandu_id=self.posyandu_for(row),
        )

    @staticmethod
    def describe(old: Resident, row: Row) -> str:
        said = []
        if old.status_dasar != row.status_dasar:
            said.append(_("status %(status)s") % {"status": codes.STATUS_DASAR[row.status_dasar].lower()})
        if old.kk_number != row.kk_number:
            said.append(_("No. KK baru"))
        if (old.name, old.birth_date, old.sex) != (row.name, row.birth_date, row.sex):
            said.append(_("nama/tanggal lahir/jenis kelamin"))
        if old.pregnant != row.pregnant or old.kb_method != row.kb_method:
            said.append(_("KB/kehamilan"))
        return _("Berubah di OpenSID: %(what)s.") % {"what": ", ".join(said) or _("alamat/RT")}

    def find(self, row: Row) -> int | str | None:
        """The registered person the row is, a refusal, or None (nobody)."""
        if row.nik and row.nik in self.by_nik:
            pk, desa = self.by_nik[row.nik]
            if desa != self.desa_code or pk not in self.people:
                return refuse_nik(self.actor_id, row.nik, where="opensid")
            if pk in self.claimed:
                return _("NIK ini sudah dipakai penduduk lain di berkas ini.")
            return pk
        mother = self.by_nik.get(row.mother_nik)
        new = Identity(
            name_key(row.name), row.birth_date, mother[0] if mother else None, name_key(row.mother_name)
        )
        scored = []
        for pk in self.born.get(row.birth_date, []):
            person = self.people[pk]
            if pk in self.claimed or (row.nik and person["nik"]) or person["sex"] != row.sex:
                continue
            known = Identity(
                person["name_key"],
                person["birth_date"],
                person["mother_id"],
                name_key(person["mother__name"] or ""),
            )
            score = duplicate_score(new, known)
            if score is not None:
                scored.append((score, pk))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return _(
                "Ada %(n)d warga terdaftar yang mirip (nama, tanggal lahir, ibu); isi NIK di OpenSID untuk "
                "membedakan."
            ) % {"n": len(scored)}
        return scored[0][1]

    def matched(self, row: Row, pk: int, snapshot: Resident | None) -> Placed:
        self.claimed.add(pk)
        person = self.people[pk]
        changes: dict[str, Any] = {}
        if row.nik and not person["nik"]:
            changes["nik"] = row.nik
        if row.kk_number and person["household__kk_number"] != row.kk_number:
            changes["household_kk"] = row.kk_number
        status = register_status(row.status_dasar)
        how = _("NIK") if row.nik and person["nik"] == row.nik else _("nama, tanggal lahir dan ibu")
        return Placed(
            row,
            Outcome.MATCH,
            reason=_("Sudah terdaftar (cocok menurut %(how)s).") % {"how": how},
            person_id=pk,
            changes=changes,
            status=status if status != person["status"] else None,
            snapshot_id=snapshot.pk if snapshot else None,
            posyandu_id=self.posyandu_for(row),
        )

    def new(self, row: Row, snapshot: Resident | None) -> Placed:
        snapshot_id = snapshot.pk if snapshot else None
        if not row.is_alive_here:
            state = codes.STATUS_DASAR[row.status_dasar].lower()
            return Placed(
                row,
                Outcome.SKIP,
                _("Berstatus %(state)s di OpenSID dan tidak ada di register: tidak didaftarkan.")
                % {"state": state},
                snapshot_id=snapshot_id,
            )
        if row.kk_number in self.households:
            return Placed(row, Outcome.CREATE, snapshot_id=snapshot_id)
        posyandu = self.posyandu_for(row)
        if posyandu is None:
            if snapshot is not None and snapshot.fingerprint == row.fingerprint:
                return Placed(
                    row,
                    Outcome.WAIT,
                    _("Masih menunggu posyandu untuk dusun/RW/RT-nya."),
                    snapshot_id=snapshot_id,
                )
            return Placed(
                row,
                Outcome.WAIT,
                _("Dusun/RW/RT ini belum punya posyandu: menunggu Pokja desa menetapkannya."),
                snapshot_id=snapshot_id,
            )
        return Placed(row, Outcome.CREATE, snapshot_id=snapshot_id, posyandu_id=posyandu)


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
