"""A measurement rules.plausibility refuses never reaches the database; one it holds ("perlu dicek ulang")
counts in nothing (SKDN D/N/T, prevalence, the KMS chart, the next month's weight gain) until it is confirmed
or corrected."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from conftest import TODAY
from people import actions as people
from people.models import Person
from reports import drill
from reports.figures import compute_monthly
from visits import actions
from visits.models import CheckStatus, Visit

pytestmark = pytest.mark.django_db
SEPT, OCT, NOV = datetime.date(2026, 9, 10), datetime.date(2026, 10, 10), datetime.date(2026, 11, 10)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def boy(world: Any, name: str, birth: datetime.date) -> Any:
    return people.register_person(
        world.users["admin"],
        name=name,
        sex="L",
        birth_date=birth,
        household=world.household_a,
        has_kia_book=True,
    )


def weigh(world: Any, person: Any, on: datetime.date, kg: str, cm: str | None = None) -> Visit:
    values: dict[str, Any] = {"weight_kg": Decimal(kg)}
    if cm is not None:
        values.update(length_height_cm=Decimal(cm), position="h")
    return actions.record_visit(world.users["kader_a"], person, on, values)


def october(world: Any) -> Any:
    (figures,) = compute_monthly({world.posyandu_a.pk: world.posyandu_a.desa_id}, [OCT.replace(day=1)])
    return figures


def chart_dates(world: Any, person: Any) -> list[str]:
    response = client_for(world.users["kader_a"]).get(reverse("people:growth_chart", args=[person.pk]))
    return [p["date"] for p in response.context["charts"]["wfa"]["points"]]


def test_76_typed_for_7_6_kg_is_refused_on_the_form_and_nothing_is_stored(world: Any) -> None:
    child = boy(world, "Adi", TODAY - datetime.timedelta(days=740))  # 24 months
    weigh(world, child, OCT, "7.5")
    before = (Visit.objects.count(), AuditEvent.objects.count())
    client = client_for(world.users["kader_a"])
    url = reverse("visits:home_visit", args=[child.pk])
    response = client.post(url, {"weight_kg": "76", "position": "h"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Berat badan 76 kg tidak mungkin untuk anak umur 24 bulan (BB/U z = 34,41)." in body
    assert "Maksud Anda 7,6 kg? Periksa kembali." in body
    assert "+67000 g" not in body and "+68500 g" not in body
    assert (Visit.objects.count(), AuditEvent.objects.count()) == before
    response = client.post(url, {"weight_kg": "7,6", "position": "h"})
    assert response.status_code == 302
    stored = Visit.objects.get(person=child, date=TODAY)
    assert (stored.weight_kg, stored.weight_gain, stored.check_status) == (Decimal("7.60"), "T", "")


def test_a_held_gain_counts_in_nothing_until_confirmed(world: Any) -> None:
    child = boy(world, "Eko", datetime.date(2024, 8, 20))  # 25 months in September
    weigh(world, child, SEPT, "8.4", "80.0")
    base = october(world)
    held = weigh(world, child, OCT, "11.6", "81.0")  # +3.2 kg in a month
    november = weigh(world, child, NOV, "11.7", "81.5")
    assert (held.check_status, held.weight_gain, held.flagged) == (CheckStatus.HELD, "N", [])
    assert [f["code"] for f in held.check_findings] == ["check_gain"]
    # November's gain rests on September, the last counted weighing: O, not "+100 g".
    assert november.weight_gain == "O"

    figures = october(world)
    assert (figures.d, figures.n, figures.t, figures.haz_n, figures.waz_n) == (
        base.d,
        base.n,
        base.t,
        base.haz_n,
        base.waz_n,
    )
    assert figures.measured == base.measured + 1  # data quality sees every measurement
    children = Visit.objects.filter(posyandu=world.posyandu_a)
    records = drill.records(children, Person.objects.none(), "d", month=OCT.replace(day=1))
    assert records is not None and held not in list(records)
    assert chart_dates(world, child) == ["10-09-2026", "10-11-2026"]

    client = client_for(world.users["kader_a"])
    page = client.get(reverse("visits:visit_detail", args=[held.pk])).content.decode()
    assert "Perlu dicek ulang" in page and "8,4 → 11,6 kg (+3,2 kg &gt; 3 kg)" in page
    child_page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    confirm_url = reverse("visits:visit_confirm", args=[held.pk])
    assert f'action="{confirm_url}"' in child_page and "Nilai sudah benar, hitung" in child_page
    response = client.post(reverse("visits:visit_confirm", args=[held.pk]), {"client_uuid": ""})
    assert response.status_code == 302
    held.refresh_from_db()
    november.refresh_from_db()
    assert held.check_status == CheckStatus.CONFIRMED
    assert november.weight_gain == "T"  # +100 g after the confirmed 11.6 kg
    event = AuditEvent.objects.get(verb="confirm_measurement")
    assert event.changes["check_status"] == ["held", "confirmed"]

    figures = october(world)
    assert (figures.d, figures.n, figures.t, figures.haz_n) == (
        base.d + 1,
        base.n + 1,
        base.t,
        base.haz_n + 1,
    )
    assert chart_dates(world, child) == ["10-09-2026", "10-10-2026", "10-11-2026"]
    # Confirming twice is refused and changes nothing.
    with pytest.raises(ValidationError):
        actions.confirm_measurement(world.users["kader_a"], held)


def test_a_who_flagged_value_is_held_and_a_correction_makes_it_count(world: Any) -> None:
    child = boy(world, "Fajar", datetime.date(2024, 8, 20))
    weigh(world, child, SEPT, "10.0")
    held = weigh(world, child, OCT, "30.0")  # 26 months: BB/U z far beyond +5, and 3,0 kg no better
    assert (held.check_status, held.flagged) == (CheckStatus.HELD, ["waz"])
    base = october(world)
    with pytest.raises(ValidationError) as caught:
        actions.correct_visit(world.users["kader_a"], held, {"weight_kg": Decimal("105")})
    assert "Maksud Anda 10,5 kg?" in caught.value.message_dict["weight_kg"][0]
    held.refresh_from_db()
    assert (held.weight_kg, held.check_status) == (Decimal("30.00"), CheckStatus.HELD)
    corrected = actions.correct_visit(world.users["kader_a"], held, {"weight_kg": Decimal("10.5")})
    assert (corrected.check_status, corrected.flagged, corrected.weight_gain) == ("", [], "N")
    figures = october(world)
    assert (figures.d, figures.n) == (base.d + 1, base.n + 1)


def test_the_posyandu_lists_its_held_measurements_to_recheck(world: Any) -> None:
    child = boy(world, "Gilang", datetime.date(2024, 8, 20))
    weigh(world, child, SEPT, "8.4")
    held = weigh(world, child, OCT, "11.6")
    client = client_for(world.users["kader_a"])
    day = client.get(reverse("visits:day", args=[world.day_a.pk])).content.decode()
    url = reverse("visits:held", args=[world.posyandu_a.pk])
    assert f'href="{url}"' in day and "Perlu dicek ulang (1)" in day
    page = client.get(url)
    assert [v.pk for v in page.context["page"].object_list] == [held.pk]
    assert "Gilang" in page.content.decode()
    response = client.post(reverse("visits:visit_confirm", args=[held.pk]), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert list(client.get(url).context["page"].object_list) == []
    # A viewer outside the posyandu's area finds nothing; a read-only user may not confirm.
    assert client_for(world.users["kader_b"]).get(url).status_code == 404
