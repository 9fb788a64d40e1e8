"""Matching the children of a campaign sheet to the register: by NIK, else by the register's own duplicate
rule (`people.duplicates.duplicate_score`: a similar name born the same day of the same or an unnamed
mother), so a row the register form would warn about is the registered child and not a second one.

The register is read once for the whole sheet and grouped so that each row is compared with a handful of
children: those of its desa born the same day, and anyone in the campaign's region born the same day with
exactly its name (a child weighed outside their own desa)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from audit.refusals import refuse_nik
from campaigns.imports import CHUNK
from campaigns.imports.parse import ParsedRow
from people.duplicates import Identity, duplicate_score
from people.models import Person, name_key
from regions.codes import within_q

if TYPE_CHECKING:
    from accounts.models import User
    from campaigns.models import Campaign


@dataclass
class Row:
    """A valid row, matched to the register (person_id) or to a person to create (new_key)."""

    parsed: ParsedRow
    posyandu_id: int
    desa_id: str
    person_id: int | None = None
    new_key: tuple[Any, ...] | None = None
    mother_id: int | None = None
    sex: str = ""
    birth_date: datetime.date | None = None
    has_kia_book: bool = False  # as the register has it


@dataclass
class Register:
    """The register as the check sees it: visible children by NIK, NIKs the user may not use (outside their
    area or of a merged record; refused alike, see `audit.refusals`), and the children of the campaign's
    region born on the sheet's dates."""

    actor_id: int | None = None
    by_nik: dict[str, Any] = field(default_factory=dict)
    hidden_niks: set[str] = field(default_factory=set)
    by_day_and_desa: dict[tuple[datetime.date, str], list[Any]] = field(default_factory=dict)
    by_day_and_name: dict[tuple[datetime.date, str], list[Any]] = field(default_factory=dict)


def read_register(actor: User, campaign: Campaign, parsed: list[ParsedRow]) -> Register:
    out = Register(actor_id=actor.pk)
    niks = sorted({r.nik for r in parsed if r.nik} | {r.mother_nik for r in parsed if r.mother_nik})
    visible = Person.objects.visible_to(actor).filter(merged_into__isnull=True).order_by()
    for start in range(0, len(niks), CHUNK):
        chunk = niks[start : start + CHUNK]
        for found in visible.filter(nik__in=chunk).values_list(
            "pk", "nik", "birth_date", "sex", "name", "has_kia_book", named=True
        ):
            out.by_nik[str(found.nik)] = found
        missing = [n for n in chunk if n not in out.by_nik]
        if missing:
            hidden = Person.objects.filter(nik__in=missing).order_by().values_list("nik", flat=True)
            out.hidden_niks.update(str(n) for n in hidden)
    days = {r.birth_date for r in parsed if r.birth_date}
    if not days:
        return out
    by_desa: defaultdict[tuple[datetime.date, str], list[Any]] = defaultdict(list)
    by_name: defaultdict[tuple[datetime.date, str], list[Any]] = defaultdict(list)
    for known in (
        visible.filter(within_q("desa_id", campaign.region_id))
        .filter(birth_date__gte=min(days), birth_date__lte=max(days))
        .values_list(
            "pk",
            "nik",
            "name",
            "name_key",
            "birth_date",
            "sex",
            "has_kia_book",
            "desa_id",
            "mother_id",
            "mother__name",
            named=True,
        )
    ):
        if known.birth_date in days:
            by_desa[(known.birth_date, known.desa_id)].append(known)
            by_name[(known.birth_date, known.name_key)].append(known)
    out.by_day_and_desa, out.by_day_and_name = dict(by_desa), dict(by_name)
    return out


def match(r: ParsedRow, row: Row, register: Register) -> str:
    """Match `r` to a registered child (sets `row.person_id` and the child's facts) or to a child to create
    (`row.new_key`), or add an error to `r`. Returns a warning for the check's report when the child was
    matched by a similar rather than the same name, else ""."""
    if r.birth_date is None or not r.name:
        return ""
    if r.nik:
        if r.nik in register.hidden_niks:
            r.error("nik", refuse_nik(register.actor_id, r.nik, where="campaign_sheet"))
            return ""
        found = register.by_nik.get(r.nik)
        if found is not None:
            if found.birth_date != r.birth_date:
                known = {"name": found.name, "date": f"{found.birth_date:%d-%m-%Y}"}
                r.error(
                    "birth_date",
                    _("NIK ini terdaftar atas nama %(name)s dengan tanggal lahir %(date)s.") % known,
                )
                return ""
            row.person_id, row.sex, row.birth_date = found.pk, found.sex, found.birth_date
            row.has_kia_book = found.has_kia_book
            return ""
    key = name_key(r.name)
    mother = name_key(r.mother_name) if r.mother_name else ""
    sheet = Identity(key, r.birth_date, row.mother_id, mother)
    # The same name first: a row naming a registered child exactly is that child, whoever else is similar.
    same_name = [
        known for known in register.by_day_and_name.get((r.birth_date, key), ()) if _may_be(r, sheet, known)
    ]
    similar = []
    if not same_name:
        similar = [
            known
            for known in register.by_day_and_desa.get((r.birth_date, row.desa_id), ())
            if known.name_key != key and _may_be(r, sheet, known)
        ]
    if len(same_name) > 1:
        r.error(
            "name",
            _("Lebih dari satu anak terdaftar dengan nama, tanggal lahir dan ibu yang sama. Isi NIK anak."),
        )
    elif len(same_name) == 1 or len(similar) == 1:
        found = same_name[0] if same_name else similar[0]
        row.person_id, row.sex, row.birth_date = found.pk, found.sex, found.birth_date
        row.has_kia_book = found.has_kia_book
        if not same_name:
            return _(
                "Dicocokkan dengan %(name)s yang terdaftar (tanggal lahir sama, nama mirip). "
                "Bila bukan anak yang sama, isi NIK anak."
            ) % {"name": found.name}
    elif similar:
        r.error(
            "name",
            _(
                "Lebih dari satu anak terdaftar mirip dengan anak ini (tanggal lahir sama, nama mirip): "
                "%(names)s. Isi NIK anak."
            )
            % {"names": ", ".join(sorted(known.name for known in similar))},
        )
    elif r.nik:
        row.new_key = ("nik", r.nik)
    else:
        row.new_key = ("name", key, r.birth_date, mother, r.posyandu_code)
    return ""


def _may_be(r: ParsedRow, sheet: Identity, known: Any) -> bool:
    """Whether the register's duplicate rule takes the row and the registered child for the same child (two
    different NIKs never are)."""
    if r.nik and known.nik and known.nik != r.nik:
        return False
    mother = name_key(known.mother__name) if known.mother__name else ""
    identity = Identity(known.name_key, known.birth_date, known.mother_id, mother)
    return duplicate_score(sheet, identity) is not None
