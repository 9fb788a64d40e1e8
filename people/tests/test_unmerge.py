"""Undoing a merge: both records come back exactly as they were, every moved row with them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from people import actions
from people.models import Person, PersonMerge, Pregnancy, PregnancyOutcome
from visits import actions as visits
from visits.models import Immunisation, Visit

pytestmark = pytest.mark.django_db


def fingerprint() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model (through tables included), audit events aside. Fields Django sets to the time
    of each save (`auto_now`) are left out: recomputing a visit rewrites its row with the same values, and the
    audit log, not the row, says when it was touched."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model is AuditEvent:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if not getattr(f, "auto_now", False)]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values(*fields))
    return rows


def _child_pair(world: Any) -> tuple[Person, Person]:
    """Budi registered again with his NIK and phone and a visit of his own; both records have HB-0, only the
    first has BCG. Budi's record (visit, referral, doses, mother, household, KIA book) merges into the
    copy."""
    admin = world.users["admin"]
    copy = actions.register_person(
        admin,
        name="Budi Santosa",
        sex="L",
        birth_date=datetime.date(2025, 5, 14),
        posyandu=world.posyandu_a,
        nik="6474011405250001",
        phone="081234567890",
    )
    visits.record_visit(admin, copy, datetime.date(2026, 10, 12), {"weight_kg": Decimal("8.8")})
    for person in (copy, world.child_a):
        visits.record_immunisation(admin, person, "hb0", person.birth_date)
    visits.record_immunisation(admin, world.child_a, "bcg", datetime.date(2025, 6, 15))
    return copy, world.child_a


def _mother_pair(world: Any) -> tuple[Person, Person]:
    """Dewi registered again without NIK: her NIK, household, pregnancy, child and a visit while pregnant
    move to the copy."""
    admin = world.users["admin"]
    copy = actions.register_person(
        admin,
        name="Dewi Lestary",
        sex="P",
        birth_date=datetime.date(1995, 5, 20),
        posyandu=world.posyandu_a,
    )
    visits.record_visit(admin, world.mother_a, world.visit_a.date, {"weight_kg": Decimal("58.5")})
    return copy, world.mother_a


def _baby_pair(world: Any) -> tuple[Person, Person]:
    """A baby registered at birth from her mother's pregnancy and again at the posyandu with her NIK: the
    pregnancy she was born of and her mother move to the second record."""
    admin = world.users["admin"]
    rina = actions.register_person(
        admin,
        name="Rina",
        sex="P",
        birth_date=datetime.date(1998, 2, 3),
        posyandu=world.posyandu_a,
    )
    pregnancy = actions.register_pregnancy(admin, rina, lmp_date=datetime.date(2025, 8, 1))
    actions.record_pregnancy_outcome(
        admin,
        pregnancy,
        PregnancyOutcome.LIVE_BIRTH,
        datetime.date(2026, 5, 1),
        child={"name": "Bayi Rina", "sex": "P"},
    )
    pregnancy.refresh_from_db()
    baby = pregnancy.child
    assert baby is not None
    visits.record_visit(admin, baby, datetime.date(2026, 10, 12), {"weight_kg": Decimal("6.9")})
    copy = actions.register_person(
        admin,
        name="Putri Rina",
        sex="P",
        birth_date=datetime.date(2026, 5, 3),
        posyandu=world.posyandu_a,
        nik="6474014305260001",
    )
    return copy, baby


@pytest.mark.parametrize("pair", [_child_pair, _mother_pair, _baby_pair])
def test_merge_then_unmerge_leaves_every_table_as_it_was(
    world: Any, pair: Callable[[Any], tuple[Person, Person]]
) -> None:
    keep, drop = pair(world)
    kader = world.users["kader_a"]
    before = fingerprint()
    actions.merge_people(kader, keep, drop)
    assert fingerprint() != before
    assert Person.objects.get(pk=drop.pk).merged_into_id == keep.pk
    restored = actions.unmerge_people(kader, Person.objects.get(pk=drop.pk))
    assert restored.pk == drop.pk
    assert fingerprint() == before
    verbs = AuditEvent.objects.filter(verb__startswith="unmerge").values_list("verb", "object_key")
    assert sorted(verbs) == [
        ("unmerge_kept_person", f"people.person:{keep.pk}"),
        ("unmerge_moved_records", f"people.person:{drop.pk}"),
        ("unmerge_person", f"people.person:{drop.pk}"),
    ]


def test_merge_moves_what_the_kept_record_lacks_and_records_it(world: Any) -> None:
    keep, drop = _child_pair(world)
    actions.merge_people(world.users["kader_a"], keep, drop)
    record = PersonMerge.objects.get()
    assert (record.kept_id, record.merged_id, record.merged_nik) == (keep.pk, drop.pk, "")
    bcg = Immunisation.objects.get(vaccine="bcg")
    hb0_of_drop = Immunisation.objects.get(vaccine="hb0", person=drop)  # keep has its own: it stays
    assert record.moved == {
        "visits": [world.visit_a.pk],
        "referrals": [world.referral_a.pk],
        "immunisations": [bcg.pk],
        "pregnancies": [],
        "children": [],
        "birth_pregnancy": [],
    }
    assert hb0_of_drop.person_id == drop.pk
    assert record.kept_filled == {
        "household_id": [None, world.household_a.pk],
        "mother_id": [None, world.mother_a.pk],
        "has_kia_book": [False, True],
    }


def test_unmerge_keeps_what_was_changed_and_recorded_after_the_merge(world: Any) -> None:
    keep, drop = _mother_pair(world)
    kader = world.users["kader_a"]
    actions.merge_people(kader, keep, drop)
    keep.refresh_from_db()
    assert keep.nik == "6474015505950001"
    actions.update_person(kader, keep, phone="081299990000", household=None, posyandu=world.posyandu_a)
    later = visits.record_visit(kader, keep, datetime.date(2026, 11, 20), {"weight_kg": Decimal("59.0")})
    actions.unmerge_people(kader, Person.objects.get(pk=drop.pk))
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert Person.objects.filter(pk=keep.pk, nik=None, phone="081299990000", household=None).exists()
    assert (drop.nik, drop.household_id, drop.merged_into_id) == (
        "6474015505950001",
        world.household_a.pk,
        None,
    )
    assert Visit.objects.get(pk=later.pk).person_id == keep.pk
    assert Pregnancy.objects.get(pk=world.pregnancy_a.pk).mother_id == drop.pk
    assert Person.objects.get(pk=world.child_a.pk).mother_id == drop.pk


def test_unmerge_is_refused_when_nothing_is_merged_or_the_kept_record_was_merged_again(world: Any) -> None:
    keep, drop = _child_pair(world)
    kader = world.users["kader_a"]
    with pytest.raises(ValidationError) as refused:
        actions.unmerge_people(kader, drop)
    assert refused.value.messages == ["Data ini tidak sedang digabungkan."]
    actions.merge_people(kader, keep, drop)
    third = actions.register_person(
        kader,
        name="Budi S",
        sex="L",
        birth_date=datetime.date(2025, 5, 11),
        posyandu=world.posyandu_a,
    )
    actions.merge_people(kader, third, keep)
    with pytest.raises(ValidationError) as refused:
        actions.unmerge_people(kader, Person.objects.get(pk=drop.pk))
    assert refused.value.messages == [
        "Data tujuan sudah digabungkan lagi ke data lain; batalkan penggabungan itu dulu."
    ]
    assert Person.objects.get(pk=drop.pk).merged_into_id == keep.pk


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_merged_persons_page_offers_the_unmerge_to_those_who_may_write(world: Any) -> None:
    keep, drop = _child_pair(world)
    actions.merge_people(world.users["kader_a"], keep, drop)
    url = reverse("people:unmerge", args=[drop.pk])
    detail = reverse("people:detail", args=[drop.pk])
    assert f'href="{url}"' in client_for(world.users["kader_a"]).get(detail).content.decode()
    assert f'href="{url}"' not in client_for(world.users["kabupaten_viewer"]).get(detail).content.decode()
    assert (
        f'href="{url}"'
        not in client_for(world.users["kader_a"])
        .get(reverse("people:detail", args=[keep.pk]))
        .content.decode()
    )


def test_unmerge_page_shows_what_goes_back_then_restores_on_confirmation(world: Any) -> None:
    keep, drop = _child_pair(world)
    client = client_for(world.users["kader_a"])
    actions.merge_people(world.users["kader_a"], keep, drop)
    url = reverse("people:unmerge", args=[drop.pk])
    body = client.get(url).content.decode()
    assert "Kunjungan: 1" in body and "Imunisasi: 1" in body and "Rujukan: 1" in body
    assert 'data-testid="unmerge-confirm"' in body
    assert Person.objects.get(pk=drop.pk).merged_into_id == keep.pk  # looking changes nothing
    response = client.post(url, {"client_uuid": "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[drop.pk])
    assert Person.objects.get(pk=drop.pk).merged_into_id is None
    assert Visit.objects.get(pk=world.visit_a.pk).person_id == drop.pk
    # The same submission again is a retry: stored once, nothing refused.
    response = client.post(url, {"client_uuid": "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="unmerge_person").count() == 1


def test_unmerge_page_explains_a_merge_it_cannot_undo(world: Any) -> None:
    keep, drop = _child_pair(world)
    actions.merge_people(world.users["kader_a"], keep, drop)
    PersonMerge.objects.all().delete()  # a merge made before merges were recorded
    client = client_for(world.users["kader_a"])
    url = reverse("people:unmerge", args=[drop.pk])
    message = (
        "Penggabungan ini dibuat sebelum pembatalan tersedia; tidak tercatat apa saja yang dipindahkan, jadi "
        "tidak bisa dibatalkan otomatis."
    )
    body = client.get(url).content.decode()
    assert message in body and 'data-testid="unmerge-confirm"' not in body
    response = client.post(url, {"client_uuid": "2e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6"})
    assert response.status_code == 200 and message in response.content.decode()
    assert Person.objects.get(pk=drop.pk).merged_into_id == keep.pk
