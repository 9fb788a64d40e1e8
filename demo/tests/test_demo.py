from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count, F, Sum

from accounts.models import Role, User
from campaigns.models import Campaign
from conftest import load_seed_regions
from demo.builder import build
from monthly.completeness import status_of
from monthly.models import MonthlyReport
from people.models import Household, Person, Pregnancy
from pokjanal.models import (
    Action,
    ActionUpdate,
    Body,
    Funding,
    Member,
    Need,
    Problem,
    Rakor,
    SectorRole,
    StrataAssessment,
)
from pokjanal.regional import strata_by_area
from posyandu.models import Kader, KaderMembership, KaderTraining, Posyandu, PosyanduEquipment
from regions.models import LocalUnit, Region
from reports.models import MonthlyFigures
from visits import followup
from visits.models import Immunisation, OpeningDay, Referral, Visit

TODAY = datetime.date(2026, 11, 25)


def pokjanal_snapshot() -> list[tuple[Any, ...]]:
    return (
        list(Body.objects.order_by("region_id").values_list("region_id", "name", "sk_number", "sk_date"))
        + list(
            Member.objects.order_by("body__region_id", "name", "institution", "role").values_list(
                "name", "institution", "role"
            )
        )
        + list(
            Action.objects.order_by("description", "due_date", "status").values_list(
                "description", "status", "due_date"
            )
        )
        + list(
            Need.objects.order_by("posyandu__code", "description", "status").values_list(
                "posyandu__code", "status"
            )
        )
        + list(
            StrataAssessment.objects.order_by("posyandu__code", "year").values_list(
                "posyandu__code", "status"
            )
        )
    )


def snapshot() -> list[tuple[Any, ...]]:
    return (
        list(Posyandu.objects.order_by("code").values_list("code", "name", "desa_id", "opening_day"))
        + list(Kader.objects.order_by("nik", "name", "birth_date").values_list("name", "nik", "birth_date"))
        + list(
            Person.objects.order_by("name", "birth_date", "nik", "mother__name").values_list(
                "name", "nik", "birth_date", "mother__name"
            )
        )
        + list(
            MonthlyReport.objects.order_by("posyandu__code", "month").values_list(
                "posyandu__code", "month", "status", "first_submitted_at", "figures"
            )
        )
        + list(
            Visit.objects.order_by(
                "person__name", "person__birth_date", "date", "weight_kg", "haz"
            ).values_list("date", "weight_kg", "haz")
        )
        + list(
            Immunisation.objects.order_by(
                "person__name", "person__birth_date", "vaccine", "date"
            ).values_list("person__name", "vaccine", "date")
        )
        + list(
            OpeningDay.objects.annotate(kader=Count("kader_on_duty"))
            .order_by("posyandu__code", "date")
            .values_list("posyandu__code", "date", "kader")
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
    # The Tim Pembina's work: a body for the kota, each kecamatan and a desa per kecamatan, rakor held
    # against the target, actions in every status, problems, needs, funding and strata assessments.
    assert Body.objects.filter(region_id="64.74").count() == 1
    assert (
        Body.objects.filter(region__level=3).count() == 3
        and Body.objects.filter(region__level=4).count() == 3
    )
    assert Member.objects.filter(body__region_id="64.74").count() == 11
    kab_user = User.objects.get(username="kab.bontang")
    assert Member.objects.get(user=kab_user).role == "sekretaris"
    assert SectorRole.objects.filter(is_lead=True).values("category").distinct().count() == 4
    held = Rakor.objects.filter(body__region_id="64.74", status="held", held_on__year=2026).count()
    assert (held, Rakor.objects.filter(status="planned").count()) == (1, 1)
    assert set(Action.objects.values_list("status", flat=True)) == {
        "planned",
        "running",
        "done",
        "cancelled",
    }
    assert Action.objects.overdue(TODAY).exists()
    assert Action.objects.filter(origin="aksi_nyata").count() == 3
    assert (
        Problem.objects.filter(source="data").exists() and Problem.objects.filter(source="kunjungan").exists()
    )
    assert set(Need.objects.values_list("status", flat=True)) >= {"requested", "met"}
    assert set(Funding.objects.values_list("source", flat=True)) >= {"apbdes", "swadaya", "csr"}
    approved = StrataAssessment.objects.filter(year=2025, status="approved")
    assert approved.exists() and all(a.result["assessment"]["strata"]["rule_version"] for a in approved)
    pokjanal_first = pokjanal_snapshot()
    # A data set seeded before the Tim Pembina's work gets the same work on the next run.
    for model in (
        ActionUpdate,
        Action,
        Rakor,
        SectorRole,
        Member,
        Body,
        Problem,
        Need,
        Funding,
        StrataAssessment,
    ):
        model.objects.all().delete()
    assert build(("64.74",), seed=7, today=TODAY).pokjanal_bodies == 7
    assert pokjanal_snapshot() == pokjanal_first
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
    # Immunisation histories as in the Buku KIA: most children complete for their age, so each posyandu's
    # follow-up list holds a handful of children (Kota Bontang: 0–9, 2.7 on average), not every child.
    assert summary.immunisations == Immunisation.objects.count() > 15 * children.count()
    listed = [
        sum(len(rows) for _unit, rows in followup.build("imunisasi", p, datetime.date(2026, 11, 1), TODAY))
        for p in Posyandu.objects.all()
    ]
    assert 2 <= sum(listed) / len(listed) <= 4 and max(listed) <= 12
    # Opening days follow the work (issue 10): a realistic mix of strata and of posyandu aktif, a few
    # posyandu that open too rarely, and days with their kader on duty.
    _areas, total = strata_by_area(Region.objects.get(code="64.74"), 2026)
    strata, posyandu = total.summary.strata, total.summary.total
    assert 0 < strata["mandiri"] < strata["purnama"] < strata["madya"] and strata["pratama"] > 0
    assert strata[""] < posyandu / 8  # undecided: e.g. only sends its weighings in (kader on duty unknown)
    assert 75 < (total.summary.pct_aktif("aktif-2023") or 0) < 95
    assert 0 < Problem.objects.filter(kind="hari_buka_kurang").count() < posyandu / 4
    assert OpeningDay.kader_on_duty.through.objects.exists()
    # Monthly reports of the twelve months before November: most verified on time, some late or never sent,
    # some waiting for the bidan (the demo bidan's kelurahan among them), one returned; the demo kader's
    # posyandu still has October to send. Each report froze the figures the records give.
    reports = MonthlyReport.objects.all()
    assert summary.monthly_reports == reports.count()
    assert set(reports.values_list("status", flat=True)) == {"verified", "submitted", "returned"}
    returned = reports.get(status="returned")
    kader = User.objects.get(username="kader")
    assert (returned.posyandu_id, returned.month) == (kader.posyandu_id, datetime.date(2026, 9, 1))
    assert not reports.filter(posyandu_id=returned.posyandu_id, month=datetime.date(2026, 10, 1)).exists()
    bidan = User.objects.get(username="bidan")
    assert MonthlyReport.objects.visible_to(bidan).filter(status="submitted").exists()
    every_posyandu = Posyandu.objects.all()
    september = status_of(every_posyandu, datetime.date(2026, 9, 1))
    assert september.expected == every_posyandu.count()
    assert 0.90 < september.reported / september.expected < 0.99
    assert 0.75 < september.on_time / september.expected < 0.95
    assert september.verified < september.reported
    assert not september.final
    stored = MonthlyFigures.objects.get(posyandu_id=returned.posyandu_id, month=returned.month)
    assert returned.figures["skdn"] == {
        c: getattr(stored, c) for c in ("s", "k", "d", "n", "t", "o", "b", "bgm", "two_t")
    }
    # Measurements to re-check in the demo kader's posyandu: two held, one confirmed; held ones count nowhere.
    rechecks = Visit.objects.filter(posyandu=kader.posyandu).exclude(check_status="")
    assert sorted(rechecks.values_list("check_status", flat=True)) == ["confirmed", "held", "held"]
    reasons = [
        (v.check_status, [f["code"] for f in v.check_findings]) for v in rechecks.order_by("person_id")
    ]
    assert reasons == [
        ("held", ["check_gain"]),
        ("held", ["remeasure", "check_gain"]),
        ("confirmed", ["check_gain"]),
    ]
    # Idempotent: a second run adds nothing.
    assert build(("64.74",), seed=7, today=TODAY).posyandu == 0
    first = snapshot()
    # Deterministic: the same seed and date rebuild the same data.
    for table in (
        Immunisation,
        MonthlyReport,
        Referral,
        Visit,
        OpeningDay,
        MonthlyFigures,
        Campaign,
        ActionUpdate,
        Action,
        Rakor,
        SectorRole,
        Member,
        Body,
        Pregnancy,
        Person,
        Household,
        KaderTraining,
        KaderMembership,
        PosyanduEquipment,
    ):
        table.objects.all().delete()
    User.objects.all().delete()
    Kader.objects.all().delete()
    Posyandu.objects.all().delete()
    LocalUnit.objects.filter(kind="dasa_wisma").delete()
    LocalUnit.objects.filter(kind="rt").delete()
    LocalUnit.objects.all().delete()
    build(("64.74",), seed=7, today=TODAY)
    assert snapshot() == first
    assert pokjanal_snapshot() == pokjanal_first
