"""Likely duplicates of a person registered without a NIK (DECISIONS.md "Identity"): same date of birth or
same mother, and a similar name."""

from __future__ import annotations

import datetime
from difflib import SequenceMatcher

from django.db.models import Q

from people.models import Person, PersonQuerySet, name_key

SIMILAR_NAME = 0.75


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, name_key(a), name_key(b)).ratio()


def likely_duplicates(
    people: PersonQuerySet,
    *,
    name: str,
    birth_date: datetime.date,
    mother_id: int | None = None,
    exclude_id: int | None = None,
) -> list[Person]:
    """People of `people` (already scoped) who may be the same person, most similar first."""
    match = Q(birth_date=birth_date)
    if mother_id is not None:
        match |= Q(mother_id=mother_id)
    candidates = people.filter(match, merged_into__isnull=True).select_related("mother", "posyandu")[:200]
    scored = []
    for person in candidates:
        if person.pk == exclude_id:
            continue
        score = similarity(name, person.name)
        same_birth = person.birth_date == birth_date
        same_mother = mother_id is not None and person.mother_id == mother_id
        # Twins share a mother and a birth date: the name must then be close, not merely similar.
        needed = SIMILAR_NAME if not (same_birth and same_mother) else 0.6
        if score >= needed and (
            same_birth or (same_mother and abs((person.birth_date - birth_date).days) < 60)
        ):
            scored.append((score, person))
    scored.sort(key=lambda pair: -pair[0])
    return [person for _score, person in scored]
