from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, register_url_id
from posyandu.models import Kader, KaderMembership, KaderTraining, Posyandu

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def access_posyandu(user: AnyUser, posyandu_id: int, *, write: bool = False) -> Posyandu:
    qs = Posyandu.objects.visible_to(user).select_related("desa")
    return access_object(qs, user, posyandu_id, write=write)


def access_kader(user: AnyUser, kader_id: int, *, write: bool = False) -> Kader:
    qs = Kader.objects.visible_to(user).select_related("desa")
    return access_object(qs, user, kader_id, write=write)


def access_membership(user: AnyUser, membership_id: int, *, write: bool = False) -> KaderMembership:
    qs = KaderMembership.objects.visible_to(user).select_related("kader", "posyandu")
    return access_object(qs, user, membership_id, write=write)


def access_training(user: AnyUser, training_id: int, *, write: bool = False) -> KaderTraining:
    qs = KaderTraining.objects.visible_to(user).select_related("kader")
    return access_object(qs, user, training_id, write=write)


register_url_id("posyandu_id", Posyandu)
register_url_id("kader_id", Kader)
register_url_id("membership_id", KaderMembership)
register_url_id("training_id", KaderTraining)
