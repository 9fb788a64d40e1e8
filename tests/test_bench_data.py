"""The benchmark generator's fast path (arrays, COPY on PostgreSQL) stores what the visit path computes."""

from __future__ import annotations

import pytest

from bench.make_data import make_province
from rules import referral_urgency
from visits.actions import COMPUTED_FIELDS, compute
from visits.models import Referral, Visit


@pytest.mark.django_db
def test_generated_visits_hold_what_the_visit_path_computes() -> None:
    built = make_province(children=60, posyandu=3, region="64.74", seed=7, figures=False)
    visits = list(Visit.objects.select_related("person").order_by("person_id", "date"))
    assert len(visits) == built.visits > 600
    assert {v.weight_gain for v in visits} == {"B", "N", "T", "O"}
    for visit in visits:
        stored = {name: getattr(visit, name) for name in COMPUTED_FIELDS}
        compute(visit, visit.person)
        assert {name: getattr(visit, name) for name in COMPUTED_FIELDS} == stored, visit.pk
    referrals = {r.visit_id: r for r in Referral.objects.all()}
    assert len(referrals) == built.referrals > 0
    for visit in visits:
        reasons = [f["code"] for f in visit.findings if f["refer"]]
        referral = referrals.get(visit.pk)
        assert (referral.reasons if referral else []) == reasons
        if referral:
            assert referral.urgency == referral_urgency.urgency(reasons)
