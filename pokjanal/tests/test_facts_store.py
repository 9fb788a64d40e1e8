"""A posyandu's facts of a period are kept once computed (pokjanal.facts_store): read back as they were,
computed again once a write is audited for that posyandu, and for no other."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest

from conftest import TODAY
from pokjanal.facts_store import from_json, to_json
from pokjanal.indicators import Period, computed_facts, facts_for
from pokjanal.models import StoredFacts
from visits import actions as visits

pytestmark = pytest.mark.django_db


def test_kept_facts_read_back_equal_and_a_write_makes_only_its_posyandu_stale(world: Any) -> None:
    a, a2 = world.posyandu_a, world.posyandu_a2
    period = Period.last_12_months(TODAY)
    first = facts_for([a.pk, a2.pk], period)
    assert first == computed_facts([a.pk, a2.pk], period)
    assert first[a.pk].measurement is not None  # the nested sums survive the round trip
    assert from_json(to_json(first[a.pk])) == first[a.pk]
    kept = dict(StoredFacts.objects.values_list("posyandu_id", "event_id"))
    assert set(kept) == {a.pk, a2.pk}

    # Budi weighed again at his posyandu: its facts are computed again, the other posyandu's are not.
    visits.record_visit(world.users["admin"], world.child_a, TODAY, {"weight_kg": Decimal("9.60")})
    second = facts_for([a.pk, a2.pk], period)
    assert second == computed_facts([a.pk, a2.pk], period)
    after = dict(StoredFacts.objects.values_list("posyandu_id", "event_id"))
    assert after[a.pk] > kept[a.pk]
    assert after[a2.pk] == kept[a2.pk]


def test_a_running_period_keeps_one_row_per_posyandu(world: Any) -> None:
    a = world.posyandu_a
    facts_for([a.pk], Period.last_12_months(TODAY - datetime.timedelta(days=1)))
    facts_for([a.pk], Period.last_12_months(TODAY))
    assert list(StoredFacts.objects.filter(posyandu=a).values_list("end", flat=True)) == [TODAY]


@pytest.mark.django_db
def test_kept_facts_read_without_some_fields_leave_them_at_their_default(world: Any) -> None:
    from pokjanal import facts_store
    from pokjanal.strata import YEAR_INPUTS_WITHOUT

    period = Period.year(2026, until=TODAY)
    whole = facts_for([world.posyandu_a.pk], period)[world.posyandu_a.pk]
    assert whole.measurement is not None  # kept with it
    light = facts_store.load([world.posyandu_a.pk], period.start, period.end, without=YEAR_INPUTS_WITHOUT)
    read = light[world.posyandu_a.pk]
    assert read.measurement is None and read.stunting_pct is None
    assert (
        dataclasses.replace(
            read,
            measurement=whole.measurement,
            stunting_pct=whole.stunting_pct,
            stunting_measured=whole.stunting_measured,
            repeated_2t=whole.repeated_2t,
        )
        == whole
    )
