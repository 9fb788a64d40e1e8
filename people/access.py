from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, register_url_id
from people.models import Household, Person, Pregnancy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def access_household(user: AnyUser, household_id: int, *, write: bool = False) -> Household:
    qs = Household.objects.visible_to(user).select_related("posyandu", "unit")
    return access_object(qs, user, household_id, write=write)


def access_person(user: AnyUser, person_id: int, *, write: bool = False) -> Person:
    qs = Person.objects.visible_to(user).select_related("posyandu", "household", "household__unit", "mother")
    return access_object(qs, user, person_id, write=write)


def access_pregnancy(user: AnyUser, pregnancy_id: int, *, write: bool = False) -> Pregnancy:
    qs = Pregnancy.objects.visible_to(user).select_related("mother", "mother__posyandu")
    return access_object(qs, user, pregnancy_id, write=write)


register_url_id("household_id", Household)
register_url_id("person_id", Person)
register_url_id("pregnancy_id", Pregnancy)
