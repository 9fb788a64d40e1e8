"""Likely duplicates of a person registered without a NIK (docs/domain.md "Identity": name similarity + date
of birth + mother).

`duplicate_score` is the one rule: the register form, the merge page and the campaign import
(`campaigns.imports.match`) all ask it whether two records may be the same person. Each caller only chooses
which records to put before it (the register: the user's people with the same birth date or mother; the
import: the children of the row's desa born that day)."""

from __future__ import annotations

import datetime
from difflib import SequenceMatcher
from typing import NamedTuple

from django.db.models import Q

from people.models import Person, PersonQuerySet, name_key

SIMILAR_NAME = 0.75
# Same birth date and same mother is strong evidence: a nickname or a looser spelling of the name still
# suggests the same child.
SIMILAR_NAME_SAME_BIRTH_AND_MOTHER = 0.6
# Same mother, birth dates this close: a mistyped birth date rather than a sibling.
NEAR_BIRTH_DAYS = 60


class Identity(NamedTuple):  # a tuple: the import builds one per row and candidate
    """What the rule compares. Names are `people.models.name_key` keys; the mother is known by her register
    id, her name, both or neither ("" and None: not known)."""

    name_key: str
    birth_date: datetime.date
    mother_id: int | None = None
    mother_key: str = ""


def _at_least(a_key: str, b_key: str, needed: float) -> float | None:
    """The similarity of two name keys if it reaches `needed`, else None. The ratio is at most
    2·min(len)/(sum of lengths), so names of very different lengths are told apart without comparing."""
    if a_key == b_key:
        return 1.0
    total = len(a_key) + len(b_key)
    if not total or 2 * min(len(a_key), len(b_key)) < needed * total:
        return None
    matcher = SequenceMatcher(None, a_key, b_key)
    if matcher.quick_ratio() < needed:  # an upper bound from the letters alone, cheaper than ratio()
        return None
    score = matcher.ratio()
    return score if score >= needed else None


def same_mother(a: Identity, b: Identity) -> bool | None:
    """True when both records name the same (or a similarly named) mother, False when they name clearly
    different mothers, None when either does not say."""
    if a.mother_id is not None and a.mother_id == b.mother_id:
        return True
    if a.mother_key and b.mother_key:
        return _at_least(a.mother_key, b.mother_key, SIMILAR_NAME) is not None
    if a.mother_id is not None and b.mother_id is not None:
        return False
    return None


def near_birth(a: datetime.date, b: datetime.date) -> bool:
    """Birth dates close enough for one person registered twice with a mistyped date. The merge refuses
    records further apart: the search never offers them, and they are people of different ages."""
    return abs((a - b).days) < NEAR_BIRTH_DAYS


def duplicate_score(new: Identity, known: Identity) -> float | None:
    """How similar the names of `new` and `known` are when the two may be the same person, else None.

    Clearly different mothers: different people. Same birth date: a similar name (0.75; 0.6 with the same
    mother) suffices. Birth dates less than 60 days apart: only with the same mother and a similar name."""
    mother = same_mother(new, known)
    if mother is False:
        return None
    if new.birth_date == known.birth_date:
        needed = SIMILAR_NAME_SAME_BIRTH_AND_MOTHER if mother else SIMILAR_NAME
    elif mother and near_birth(known.birth_date, new.birth_date):
        needed = SIMILAR_NAME
    else:
        return None
    return _at_least(new.name_key, known.name_key, needed)


def identity_of(person: Person) -> Identity:
    """A registered person as the rule sees them (`person.mother` should be selected with them)."""
    mother = person.mother if person.mother_id is not None else None
    return Identity(
        person.name_key or name_key(person.name),
        person.birth_date,
        person.mother_id,
        name_key(mother.name) if mother is not None else "",
    )


def likely_duplicates(
    people: PersonQuerySet,
    *,
    name: str,
    birth_date: datetime.date,
    mother: Person | None = None,
    exclude_id: int | None = None,
) -> list[Person]:
    """People of `people` (already scoped) who may be the same person, most similar first."""
    new = Identity(
        name_key(name), birth_date, mother.pk if mother else None, name_key(mother.name) if mother else ""
    )
    match = Q(birth_date=birth_date)
    if mother is not None:
        match |= Q(mother_id=mother.pk)
    candidates = people.filter(match, merged_into__isnull=True).select_related("mother", "posyandu")[:200]
    scored = []
    for person in candidates:
        if person.pk == exclude_id:
            continue
        score = duplicate_score(new, identity_of(person))
        if score is not None:
            scored.append((score, person))
    scored.sort(key=lambda pair: -pair[0])
    return [person for _score, person in scored]
