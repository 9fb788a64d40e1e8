from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count, F, Sum

from accounts.models import Role, User
from campaigns.models import Campaign
from conftest import load_seed_regions
from demo.builder import build
from people.models import Household, Person, Pregnancy
from posyandu.models import Kader, KaderMembership, KaderTraining, Posyandu, PosyanduEquipment
from regions.models import LocalUnit, Region
from reports.models import MonthlyFigures
from visits.models import Referral, Visit

TODAY = datetime.date(2026, 11, 25)


def snapshot() -> list[tuple[Any, ...]]:
    return (
        list(Posyandu.objects.order_by("code").values_list("code", "name", "desa_id", "opening_day"))
        + list(Kader.objects.order_by("nik", "name").values_list("name", "nik", "birth_date"))
        + list(
            Person.objects.order_by("name", "birth_date", "nik").values_list(
                "name", "nik", "birth_date", "mother__name"
            )
        )
        + list(
            Visit.objects.order_by("person__name", "person__birth_date", "date").values_list(
                "date", "weight_kg", "haz"
            )
        )
    )


@pytest.mark.django_db
def test_demo_data_is_realistic_and_deterministic() -> None:
    load_seed_regions()
    summary = build(("64.74",), seed=7, today=TODAY)
    kelurahan = Region.objects.filter(code__gte="64.74.", code__lt="64.74/", level=4)
    assert kelurahan.count() == 15
    per_desa = dict(Posyandu.objects.values_list("desa_id").annotate(n=Count("id")))
    assert set(per_desa) == set(kelurahan.values_list("code", flat=True))  # every kelurahan has posyandu
    assert all(8 <= n <= 15 for n in per_desa.values())  # urban Bontang: many per kelurahan
    registered = Posyandu.objects.annotate(n=Count("memberships__kader", distinct=True)).values_list(
        "n", flat=True
    )
    assert set(registered) <= {5, 6, 7, 8}
    assert summary.posyandu == Posyandu.objects.count() and summary.kader == Kader.objects.count()
    assert (
        PosyanduEquipment.objects.exists() and KaderTraining.objects.exists() and LocalUnit.objects.exists()
    )
    assert KaderMembership.objects.filter(end_date__isnull=False).exists()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.filter(read_only=True).exists()
    # Families in every posyandu's area, living in the desa's RTs, mothers linked to their children.
    assert summary.people == Person.objects.count() > 0
    assert not Posyandu.objects.filter(households__isnull=True).exists()
    children = Person.objects.under_five(TODAY)
    assert children.count() > 10 * Posyandu.objects.count()
    assert children.filter(mother__isnull=False).count() == children.count()
    assert not Household.objects.exclude(unit__desa_id=F("desa_id")).exists()
    assert Pregnancy.objects.ongoing().exists()
    # Twelve months of weighings: stunting in Kota Bontang around 20 % ("masih 20 persen"), one campaign.
    assert summary.visits == Visit.objects.count() > 8 * children.count()
    november = MonthlyFigures.objects.filter(month=datetime.date(2026, 11, 1)).aggregate(
        stunted=Sum("stunted"),
        measured=Sum("haz_n"),
        d=Sum("d"),
        n=Sum("n"),
        t=Sum("t"),
        o=Sum("o"),
        b=Sum("b"),
    )
    assert 0.16 < november["stunted"] / november["measured"] < 0.24
    assert november["d"] == november["n"] + november["t"] + november["o"] + november["b"]
    campaign = Campaign.objects.get()
    assert campaign.visits.count() > 0 and Referral.objects.open().exists()
    # Idempotent: a second run adds nothing.
    assert build(("64.74",), seed=7, today=TODAY).posyandu == 0
    first = snapshot()
    # Deterministic: the same seed and date rebuild the same data.
    for derived in (Referral, Visit, MonthlyFigures, Campaign):
        derived.objects.all().delete()
    for model in (Pregnancy, Person, Household, KaderTraining, KaderMembership, PosyanduEquipment):
        model.objects.all().delete()
    User.objects.all().delete()
    Kader.objects.all().delete()
    Posyandu.objects.all().delete()
    LocalUnit.objects.filter(kind="dasa_wisma").delete()
    LocalUnit.objects.filter(kind="rt").delete()
    LocalUnit.objects.all().delete()
    build(("64.74",), seed=7, today=TODAY)
    assert snapshot() == first
