"""SKDN and prevalence of a hand-counted month, their rollup from posyandu to kabupaten, the records behind
each number, targets, data quality, exports and the dashboard, with pinned query counts."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reporting.skdn import Skdn
from reports import actions
from reports.figures import skdn_of
from reports.models import FiguresState, MonthlyFigures, PrevalenceTarget

OCT = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refresh() -> None:
    actions.refresh_all_figures(today=TODAY)


def test_skdn_of_the_hand_counted_month(world: Any, month: Any) -> None:
    refresh()
    october = MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=OCT)
    # S: Andi, Bela, Caca, Dodi, Eka and the world's Budi (Fani is over five, Gita moved in September);
    # K: all but Eka.
    assert skdn_of(october) == Skdn(s=6, k=5, d=4, n=1, t=1, o=1, b=1, bgm=1, two_t=1)
    assert skdn_of(october).balanced
    ratios = skdn_of(october).ratios()
    assert (ratios.ks, ratios.ds, ratios.dk, ratios.nd, ratios.ns, ratios.bgm_d, ratios.n_consecutive) == (
        83.3, 66.7, 80.0, 25.0, 16.7, 25.0, 50.0,
    )  # fmt: skip
    august = MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=datetime.date(2026, 8, 1))
    # In August Gita still lived here and Dodi (born in May) counts; Bela was already under the red line.
    assert skdn_of(august) == Skdn(s=7, k=6, d=2, n=0, t=0, o=0, b=2, bgm=1)
    assert october.rule_versions == sorted({v.rule_version for v in world.posyandu_a.visits.all()})


def test_prevalence_counts_each_childs_latest_valid_measurement(world: Any, month: Any) -> None:
    refresh()
    october = MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=OCT)
    assert (october.haz_n, october.stunted) == (4, 1)  # Bela
    assert (october.waz_n, october.underweight) == (4, 1)  # Bela; Andi counted once (his latest weighing)
    assert (october.whz_n, october.wasted, october.overweight) == (4, 0, 0)
    assert october.measured == 5 and october.weighed == 5 and october.missing_length == 1


def test_skdn_page_rolls_up_and_links_to_the_level_below(
    world: Any, month: Any, django_assert_num_queries: Any
) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    url = reverse("reports:skdn") + "?wilayah=64.74&bulan=2026-10"
    with django_assert_num_queries(12):  # 2 of them: the monthly reports' final/provisional badge
        response = client.get(url)
    assert response.status_code == 200
    table = response.context["table"]
    assert [r.key for r in table.rows] == ["64.74.01"]
    assert table.rows[0].skdn == Skdn(s=6, k=5, d=4, n=1, t=1, o=1, b=1, bgm=1, two_t=1)
    assert table.total.skdn == table.rows[0].skdn
    assert "wilayah=64.74.01&amp;bulan=2026-10" in response.content.decode()
    desa = client.get(reverse("reports:skdn") + f"?wilayah={world.desa_a.code}&bulan=2026-10")
    assert desa.context["table"].posyandu_rows
    assert [r.key for r in desa.context["table"].rows] == [str(world.posyandu_a.pk)]
    assert reverse("reports:posyandu", args=[world.posyandu_a.pk]) in desa.content.decode()


def test_skdn_exports_to_excel_and_pdf(world: Any, month: Any) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    response = client.get(reverse("reports:skdn") + "?wilayah=64.74&bulan=2026-10&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][:10] == ("Wilayah", "S", "K", "D", "N", "T", "O", "B", "BGM", "2T")
    assert rows[1][1:10] == (6, 5, 4, 1, 1, 1, 1, 1, 1)
    assert rows[1][10:17] == (83.3, 66.7, 80.0, 25.0, 16.7, 25.0, 50.0)
    assert rows[1][17] == "sesuai"
    assert rows[2][0] == "Jumlah"
    pdf = client.get(reverse("reports:skdn") + "?wilayah=64.74&bulan=2026-10&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    posyandu = client.get(
        reverse("reports:posyandu", args=[world.posyandu_a.pk]) + "?bulan=2026-10&format=xlsx"
    )
    month_rows = list(
        load_workbook(io.BytesIO(posyandu.content)).active.iter_rows(min_row=5, values_only=True)
    )
    assert len(month_rows) == 12 and month_rows[-1][:10] == ("10-2026", 6, 5, 4, 1, 1, 1, 1, 1, 1)


@pytest.mark.parametrize(
    ("what", "names"),
    [
        (
            "s",
            ["Andi Pratama", "Bela Anggraini", "Budi Santoso", "Caca Marlina", "Dodi Saputra", "Eka Wijaya"],
        ),
        ("k", ["Andi Pratama", "Bela Anggraini", "Budi Santoso", "Caca Marlina", "Dodi Saputra"]),
        ("d", ["Andi Pratama", "Bela Anggraini", "Caca Marlina", "Dodi Saputra"]),
        ("n", ["Andi Pratama"]),
        ("t", ["Bela Anggraini"]),
        ("o", ["Caca Marlina"]),
        ("b", ["Dodi Saputra"]),
        ("bgm", ["Bela Anggraini"]),
        ("two_t", ["Bela Anggraini"]),
        ("stunting", ["Bela Anggraini"]),
        ("wasting", []),
    ],
)
def test_every_number_drills_down_to_its_children(
    world: Any, month: Any, what: str, names: list[str]
) -> None:
    client = client_for(world.users["kecamatan"])
    response = client.get(reverse("reports:children") + f"?wilayah=64.74.01&bulan=2026-10&indikator={what}")
    page = response.context["page"]
    listed = sorted(p.name if what in {"s", "k"} else p.person.name for p in page)
    assert listed == names
    if what == "n":
        assert [v.pk for v in page] == [month.visits["andi_oct_home"].pk]  # the month's latest weighing


def test_prevalence_page_with_wilson_interval_target_and_trend(
    world: Any, month: Any, django_assert_num_queries: Any
) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    url = reverse("reports:prevalence") + "?wilayah=64.74&bulan=2026-10&indikator=stunting"
    with django_assert_num_queries(14):  # 2 of them: the monthly reports' final/provisional badge
        response = client.get(url)
    total = response.context["total"]
    assert (total.cases, total.measured, total.registered) == (1, 4, 6)
    assert total.pct == 25.0
    assert total.ci == (4.6, 69.9)
    assert total.coverage_pct == 66.7
    assert total.small_n
    assert total.target_pct == 18.8  # the national 2025 target stays in force in 2026
    assert total.gap == 6.2
    chart = response.context["chart"]
    assert chart["labels"][-1] == "10-2026" and chart["series"][0]["data"][-1] == 25.0
    assert chart["target"][-1] == 18.8


def test_administrator_sets_a_regional_target(world: Any, month: Any) -> None:
    refresh()
    admin = client_for(world.users["admin"])
    response = admin.post(
        reverse("reports:targets"),
        {"indicator": "stunting", "region": "64.74", "year": "2026", "percent": "14,0", "source": "Perwali"},
    )
    assert response.status_code == 302
    target = PrevalenceTarget.objects.get(region_id="64.74", indicator="stunting", year=2026)
    assert str(target.percent) == "14.0"
    client = client_for(world.users["kabupaten"])
    total = client.get(reverse("reports:prevalence") + "?wilayah=64.74&bulan=2026-10").context["total"]
    assert total.target_pct == 14.0 and total.gap == 11.0
    officer = client_for(world.users["kabupaten"])
    assert (
        officer.post(
            reverse("reports:targets"), {"indicator": "stunting", "year": "2026", "percent": "1"}
        ).status_code
        == 403
    )


def test_figures_follow_new_visits_through_the_audit_log(world: Any, month: Any) -> None:
    from visits.actions import record_visit

    refresh()
    state = FiguresState.objects.get()
    assert state.last_event_id > 0
    assert actions.refresh_stale_figures(today=TODAY) == 0
    record_visit(world.users["admin"], month.people["eka"], datetime.date(2026, 10, 12), {"weight_kg": 13})
    assert actions.refresh_stale_figures(today=TODAY) > 0
    october = MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=OCT)
    assert (october.d, october.b) == (5, 2)


def test_dashboard_shows_key_indicators_trends_and_ranked_regions(
    world: Any, month: Any, django_assert_num_queries: Any
) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    with django_assert_num_queries(17):  # 2 of them: the monthly reports' final/provisional badge
        response = client.get(reverse("home"))
    context = response.context
    # The latest month with a weighing: November, when the world's Budi (stunted, first weighing) came.
    assert context["month"] == datetime.date(2026, 11, 1)
    assert context["skdn"] == Skdn(s=6, k=5, d=1, b=1)
    assert (context["ratios"].ds, context["ratios"].nd) == (16.7, 0.0)
    assert (context["stunting"].cases, context["stunting"].measured, context["stunting"].pct) == (1, 1, 100.0)
    assert context["charts"]["skdn"]["series"][0]["data"][-2] == 66.7  # October's D/S
    assert context["referrals_open"] == world.posyandu_a.referrals.count()
    assert [r.key for r in context["ranked"]] == ["64.74.01"]
    assert context["rule_versions"]
    html = response.content.decode()
    assert "indikator=stunting" in html and 'data-testid="rule-version"' in html


def test_kader_sees_only_their_posyandu_in_reports(world: Any, month: Any) -> None:
    refresh()
    client = client_for(world.users["kader_b"])
    response = client.get(reverse("reports:skdn") + "?bulan=2026-10")
    assert response.context["table"].total.skdn == Skdn()
    listed = client.get(reverse("reports:children") + "?bulan=2026-10&indikator=d").context["page"]
    assert list(listed) == []


def test_data_quality_ranking_and_posyandu_card(world: Any, month: Any) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    response = client.get(reverse("reports:quality") + "?wilayah=64.74&bulan=2026-10")
    rows = response.context["rows"]
    assert [r.key for r in rows] == [str(world.posyandu_a.pk)]
    assert response.context["page"].paginator.count == 1  # a kabupaten's thousand come 100 to a page
    quality = rows[0].quality
    # August–October: 9 weighings (9.0 9.4 9.5 7.2 7.3 7.3 11.0 6.9 11.0), 4 with a length (81.0 70.0 84.0
    # 65.0): the 0.1 kg digits 0 ×3, 2, 3 ×2, 4, 5, 9.
    assert (quality.measured, quality.weighed, quality.missing_length) == (9, 9, 5)
    assert quality.weight_digits == (3, 0, 1, 2, 1, 1, 0, 0, 0, 1)
    assert quality.weight_heaping_pct == 44.4
    assert quality.length_digits == (4, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert quality.length_heaping_pct == 100.0
    assert quality.problems() == []  # fewer than 30 measurements: shown, not judged


def test_posyandu_page_shows_its_data_quality(world: Any, month: Any, settings: Any) -> None:
    refresh()
    client = client_for(world.users["kader_a"])
    response = client.get(reverse("posyandu:detail", args=[world.posyandu_a.pk]))
    html = response.content.decode()
    assert 'data-testid="quality-card"' in html
    assert reverse("reports:posyandu", args=[world.posyandu_a.pk]) in html
