"""The KIA, KB and immunisation counts of a posyandu-month (issue 13: the monthly figures are the one source
of posyandu-month counts; the Tim Pembina's "3 of 4 services" reads them)."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest

from people import actions as people
from people.models import PersonStatus, PregnancyOutcome
from pokjanal.indicators import Period, facts_for
from reports import actions
from reports.figures import compute_monthly
from reports.models import MonthlyFigures
from rules.immunisation import BASIC_DOSES, SCHEDULE
from visits import actions as visits

D = datetime.date
OCT = D(2026, 10, 1)
pytestmark = pytest.mark.django_db


SERVICES = ("kia_ongoing", "kia_checked", "kb_reported", "kb_active", "imm_cohort", "imm_complete")


def services(f: MonthlyFigures) -> tuple[int, ...]:
    return tuple(getattr(f, name) for name in SERVICES)


def awkward_october(world: Any) -> None:
    """posyandu Mawar (posyandu_a2) in October 2026.
    KIA: Ani's pregnancy ends on the 14th, checked at Mawar on the 5th; Bunga is pregnant all month and
    checked only at Melati (another posyandu); Citra's pregnancy ended on 30 September.
    KB: Dina aktif, Eni tidak ber-KB, Fitri without a status, Ani pregnant; Dina again aktif in September.
    Immunisation: Gilang turns 12 months on 31 October with every basic dose; Hana is 23 months and has
    her MR1 on 3 November; Indra is 11 months with every dose; Joko (19 months, every dose) moved away on
    20 October."""
    admin = world.users["admin"]
    a2 = world.posyandu_a2

    def person(name: str, born: D, sex: str = "P") -> Any:
        return people.register_person(admin, name=name, sex=sex, birth_date=born, posyandu=a2)

    def visit(who: Any, on: D, opening_day: Any = None, **fields: Any) -> None:
        visits.record_visit(admin, who, on, {"weight_kg": Decimal("55.0"), **fields}, opening_day=opening_day)

    def vaccinate(child: Any, late: dict[str, D] | None = None) -> None:
        given = {d.code: child.birth_date + datetime.timedelta(days=7 * i) for i, d in enumerate(SCHEDULE)}
        basic = {code: day for code, day in given.items() if code in BASIC_DOSES}
        visits.record_immunisations(admin, child, {**basic, **(late or {})})

    ani = person("Ani", D(1995, 1, 1))
    people.register_pregnancy(admin, ani, lmp_date=D(2026, 1, 20))
    bunga = person("Bunga", D(1996, 1, 1))
    people.register_pregnancy(admin, bunga, lmp_date=D(2026, 3, 1))
    citra = person("Citra", D(1997, 1, 1))
    ended = people.register_pregnancy(admin, citra, lmp_date=D(2026, 7, 1))
    people.record_pregnancy_outcome(admin, ended, PregnancyOutcome.MISCARRIAGE, D(2026, 9, 30))
    visit(ani, D(2026, 10, 5), kb_status="pregnant")
    people.record_pregnancy_outcome(
        admin, ani.pregnancies.get(), PregnancyOutcome.MISCARRIAGE, D(2026, 10, 14)
    )
    melati_day = visits.open_day(admin, world.posyandu_a, D(2026, 10, 6))
    visit(bunga, D(2026, 10, 6), opening_day=melati_day)

    dina = person("Dina", D(1990, 1, 1))
    visit(dina, D(2026, 9, 7), kb_status="active")
    visit(dina, D(2026, 10, 5), kb_status="active")
    visit(person("Eni", D(1991, 1, 1)), D(2026, 10, 5), kb_status="none")
    visit(person("Fitri", D(1992, 1, 1)), D(2026, 10, 5))

    vaccinate(person("Gilang", D(2025, 10, 31), "L"))
    vaccinate(person("Hana", D(2024, 11, 1)), late={"mr1": D(2026, 11, 3)})
    vaccinate(person("Indra", D(2025, 11, 1), "L"))
    joko = person("Joko", D(2025, 3, 1), "L")
    vaccinate(joko)
    people.set_person_status(admin, joko, PersonStatus.MOVED, D(2026, 10, 20))


def test_the_services_of_an_awkward_month(world: Any) -> None:
    """KIA 2 ongoing (Ani, Bunga), 1 checked at Mawar (Ani); KB 2 with a status that counts (Dina, Eni),
    1 aktif; immunisation 2 in the cohort (Gilang, Hana; not Indra at 11 months nor Joko, gone), 1
    complete by 31 October (Gilang). The same computed on the spot and stored; with D/S at 0 % (Mawar's
    day of 5 October weighed no child) the three at 50 % make October a month of "3 of 4 services"."""
    awkward_october(world)
    a2 = world.posyandu_a2
    (live,) = compute_monthly({a2.pk: a2.desa_id}, [OCT])
    actions.refresh_all_figures(today=D(2026, 11, 25))
    stored = MonthlyFigures.objects.get(posyandu=a2, month=OCT)
    assert (stored.days_opened, stored.s, stored.d) == (1, 3, 0)  # Gilang, Hana, Indra; none weighed
    assert services(live) == services(stored) == (2, 1, 2, 1, 2, 1)
    assert facts_for([a2.pk], Period(OCT, D(2026, 10, 31)))[a2.pk].months_3_of_4_services == 1


def test_the_migration_fills_the_stored_months_as_compute_monthly_counts(world: Any) -> None:
    """Rows stored before the six counts existed get them from the migration, equal to what
    `compute_monthly` counts now."""
    from django.apps import apps

    fill = importlib.import_module("reports.migrations.0005_monthly_figures_services").fill_services
    awkward_october(world)
    actions.refresh_all_figures(today=D(2026, 11, 25))
    expected = {(f.posyandu_id, f.month): services(f) for f in MonthlyFigures.objects.all()}
    MonthlyFigures.objects.update(**dict.fromkeys(SERVICES, 0))
    fill(apps, None)
    assert {(f.posyandu_id, f.month): services(f) for f in MonthlyFigures.objects.all()} == expected
    assert expected[(world.posyandu_a2.pk, OCT)] == (2, 1, 2, 1, 2, 1)
