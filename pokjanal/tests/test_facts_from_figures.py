"""Each posyandu fact in one place (issue 13): the missing essential equipment the posyandu page and the
Tim Pembina's facts show is one rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TODAY
from pokjanal.indicators import Period, facts_for
from posyandu import actions as posyandu_actions
from posyandu.models import EquipmentItem

pytestmark = pytest.mark.django_db


def test_the_posyandu_page_and_the_facts_name_the_same_missing_equipment(world: Any) -> None:
    """An essential item counted 0, one rusak berat and one rusak ringan: the first two are missing on
    both paths, the third is usable on both (`posyandu.equipment.missing_essential`)."""
    a = world.posyandu_a
    condition = {"Pita LiLA": "rusak_berat", "Timbangan bayi": "rusak_ringan"}
    lines = [
        posyandu_actions.EquipmentLine(
            item=i, count=0 if i.name == "Kit antropometri" else 1, condition=condition.get(i.name, "baik")
        )
        for i in EquipmentItem.objects.all()
    ]
    posyandu_actions.set_equipment(world.users["admin"], a, lines)
    client = Client()
    client.force_login(world.users["admin"])
    page = client.get(reverse("posyandu:detail", args=[a.pk]))
    shown = [i.name for i in page.context["missing_essential"]]
    facts = facts_for([a.pk], Period.last_12_months(TODAY))[a.pk]
    assert shown == list(facts.essential_missing) == ["Kit antropometri", "Pita LiLA"]
