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

from audit.models import AuditEvent
from reports import actions
from reports.figures import skdn_of
from reports.models import FiguresState, MonthlyFigures, PrevalenceTarget
from rules.skdn import Skdn

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
    with django_assert_num_queries(15):  # 2: final/provisional badge; 1: figures' version (kept trend)
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
    # Revealing a NIK is logged, but it is a read: nothing to recompute.
    client_for(world.users["admin"]).get(reverse("people:nik", args=[month.people["eka"].pk]))
    assert AuditEvent.objects.filter(verb="view_nik").exists()
    assert actions.refresh_stale_figures(today=TODAY) == 0
    record_visit(world.users["admin"], month.people["eka"], datetime.date(2026, 10, 12), {"weight_kg": 13})
    assert actions.refresh_stale_figures(today=TODAY) > 0
    october = MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=OCT)
    assert (october.d, october.b) == (5, 2)


def test_with_an_interval_writes_queue_one_refresh_in_the_worker_and_pages_compute_nothing(
    world: Any, month: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """On a campaign morning the officers' pages that refreshed the figures before reading held the server
    processes the kader needed: the writes now queue one deferred refresh for the task worker, and a page
    shows the stored figures."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from reports.tasks import refresh_stale_figures
    from visits.actions import record_visit

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FIGURES_REFRESH_SECONDS = 60
    refresh()
    page = reverse("reports:skdn") + "?bulan=2026-10"

    def october_d() -> int:
        return MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=OCT).d

    admin, day = world.users["admin"], datetime.date(2026, 10, 12)
    with django_capture_on_commit_callbacks(execute=True):
        record_visit(admin, month.people["eka"], day, {"weight_kg": 13})
        record_visit(admin, world.child_a, day, {"weight_kg": 9})
    queued = DBTaskResult.objects.filter(task_path="reports.tasks.refresh_stale_figures")
    assert queued.count() == 1
    delay = queued.get().run_after - timezone.now()
    assert datetime.timedelta(seconds=30) < delay <= datetime.timedelta(seconds=60)
    officer = client_for(world.users["kabupaten"])
    response = officer.get(page)
    assert october_d() == 4
    as_of = FiguresState.objects.get().refreshed_at
    assert as_of is not None
    shown = response.content.decode().split("angka per", 1)[1]  # the page says how far behind it is
    assert shown.split("<", 1)[0].strip().endswith(f"{timezone.localtime(as_of):%Y %H:%M}")
    # The worker's run: while another one runs it leaves the figures; one that started longer ago than
    # STUCK_AFTER died with its process, and the next run takes over.
    FiguresState.objects.filter(pk=1).update(running_since=timezone.now())
    assert refresh_stale_figures.call() == 0
    assert october_d() == 4
    FiguresState.objects.filter(pk=1).update(running_since=timezone.now() - actions.STUCK_AFTER)
    assert refresh_stale_figures.call() > 0
    assert october_d() == 6
    state = FiguresState.objects.get()
    assert state.running_since is None and state.refreshed_at is not None


def test_dashboard_shows_key_indicators_trends_and_ranked_regions(
    world: Any, month: Any, django_assert_num_queries: Any
) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    with django_assert_num_queries(17):  # 2: final/provisional badge; 1: figures' version (kept trend)
        response = client.get(reverse("home"), {"bulan": "2026-11"})
    context = response.context
    # November (still running), when the world's Budi (stunted, first weighing) came.
    assert context["month"] == datetime.date(2026, 11, 1)
    assert context["skdn"] == Skdn(s=6, k=5, d=1, b=1)
    assert (context["ratios"].ds, context["ratios"].nd) == (16.7, 0.0)
    assert (context["stunting"].cases, context["stunting"].measured, context["stunting"].pct) == (1, 1, 100.0)
    assert context["charts"]["skdn"]["series"][0]["data"][-1] == 66.7  # October's D/S: the trend ends there
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
    assert quality.problems() == []  # fewer than 10 measurements: shown, not judged


def test_posyandu_page_shows_its_data_quality(world: Any, month: Any, settings: Any) -> None:
    refresh()
    client = client_for(world.users["kader_a"])
    response = client.get(reverse("posyandu:detail", args=[world.posyandu_a.pk]))
    html = response.content.decode()
    assert 'data-testid="quality-card"' in html
    assert reverse("reports:posyandu", args=[world.posyandu_a.pk]) in html


@pytest.mark.parametrize(
    ("who", "code", "up"),
    [
        ("kabupaten", "64.74", None),  # the province is outside the officer's scope
        ("kabupaten", "64.74.01", "64.74"),
        ("kecamatan", "desa_a", "64.74.01"),
        ("desa_a", "desa_a", None),
        ("admin", "64", ""),  # up from a province: Indonesia
    ],
)
def test_the_area_above_is_one_the_user_may_see(world: Any, who: str, code: str, up: str | None) -> None:
    from reports.areas import area_for

    code = world.desa_a.code if code == "desa_a" else code
    assert area_for(world.users[who], code).up == up


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=5, values_only=True))


def test_skdn_excel_holds_every_level_below_the_area_with_the_pages_numbers(world: Any, month: Any) -> None:
    """A kota's workbook: its kecamatan, desa and posyandu, one sheet each, every row with the numbers of the
    SKDN page one level up, and the kota's total on each sheet."""
    refresh()
    client = client_for(world.users["kabupaten"])

    def page(code: str) -> Any:
        return client.get(reverse("reports:skdn") + f"?wilayah={code}&bulan=2026-10").context["table"]

    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:skdn") + "?wilayah=64.74&bulan=2026-10&format=xlsx").content)
    )
    assert book.sheetnames == ["Kecamatan", "Desa dan kelurahan", "Posyandu"]
    kota = page("64.74")
    kecamatan = [r.key for r in kota.rows]
    desa = [r.key for code in kecamatan for r in page(code).rows]
    expected = {
        "Kecamatan": [kota],
        "Desa dan kelurahan": [page(code) for code in kecamatan],
        "Posyandu": [page(code) for code in desa],
    }
    for name, tables in expected.items():
        rows = _sheet_rows(book[name])
        listed = [r for t in tables for r in t.rows]
        assert [r[0] for r in rows] == [r.name for r in listed] + ["Jumlah"]
        for got, row in zip(rows, [*listed, kota.total], strict=True):
            skdn = row.skdn
            assert got[1:10] == (skdn.s, skdn.k, skdn.d, skdn.n, skdn.t, skdn.o, skdn.b, skdn.bgm, skdn.two_t)
            ratios = skdn.ratios().as_dict()
            columns = ("ks", "ds", "dk", "nd", "ns", "bgm_d", "n_consecutive")
            assert got[10:17] == tuple(ratios[c] for c in columns)
    desa_rows = _sheet_rows(book["Desa dan kelurahan"])
    assert book["Desa dan kelurahan"]["T4"].value == "Kecamatan"
    assert desa_rows[0][0] == world.desa_a.display_name
    assert desa_rows[0][1:10] == (6, 5, 4, 1, 1, 1, 1, 1, 1)
    assert desa_rows[0][17:20] == ("sesuai", world.desa_a.code, "Kecamatan Bontang Utara")
    posyandu_rows = _sheet_rows(book["Posyandu"])
    assert [r[0] for r in posyandu_rows] == ["Posyandu Melati", "Posyandu Mawar", "Jumlah"]  # by desa
    assert posyandu_rows[0][17:21] == (
        "sesuai",
        world.desa_a.code,
        "Kecamatan Bontang Utara",
        "Kelurahan Bontang Kuala",
    )
    assert posyandu_rows[-1][:10] == ("Jumlah", 6, 5, 4, 1, 1, 1, 1, 1, 1)


def test_export_cells_are_inert() -> None:
    """Text that looks like a formula (a name typed as "=HYPERLINK(...)", a quoted cell of an imported sheet)
    stays text in the Excel file and in the CSV (OWASP "CSV injection"); numbers stay numbers."""
    from reports.exports import csv_response, xlsx_response

    values = ['=HYPERLINK("http://x","klik")', "+1", "-1", "@A1", -1.5, "Melati"]
    book = load_workbook(io.BytesIO(xlsx_response("x", "t", "s", ["a"], [[v] for v in values]).content))
    cells = [row[0] for row in book.active.iter_rows(min_row=5)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("http://x","klik")', "s"),
        ("+1", "s"),
        ("-1", "s"),
        ("@A1", "s"),
        (-1.5, "n"),
        ("Melati", "s"),
    ]
    body = csv_response("x", ["a"], [[v] for v in values]).content.decode("utf-8-sig")
    assert body.splitlines() == [
        "a",
        '"\'=HYPERLINK(""http://x"",""klik"")"',
        "'+1",
        "'-1",
        "'@A1",
        "-1.5",
        "Melati",
    ]


def test_prevalence_exports_to_excel_and_csv_with_the_pages_numbers(world: Any, month: Any) -> None:
    refresh()
    client = client_for(world.users["kabupaten"])
    url = reverse("reports:prevalence") + "?wilayah=64.74.01&bulan=2026-10&indikator=stunting"
    page = client.get(url)
    assert "format=xlsx" in page.content.decode() and "format=csv" in page.content.decode()
    on_page = [
        [
            r.name,
            r.key,
            p.measured,
            p.cases,
            p.pct,
            *(p.ci or (None, None)),
            p.coverage_pct,
            p.target_pct,
            p.gap,
        ]
        for r, p in page.context["rows"]
    ]
    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    assert sheet["A1"].value == "Prevalensi Stunting (TB/U < −2 SD) Kecamatan Bontang Utara"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0] == (
        "Wilayah", "Kode", "Diukur (n)", "Kasus", "Prevalensi (%)", "IK 95 % bawah (%)", "IK 95 % atas (%)",
        "Cakupan pengukuran (%)", "n kecil (< 30 diukur)", "Target (%)", "Selisih dengan target (poin)",
    )  # fmt: skip
    assert [[*r[:8], *r[9:]] for r in rows[1:-1]] == on_page
    assert rows[1] == (
        world.desa_a.display_name,
        world.desa_a.code,
        4,
        1,
        25.0,
        4.6,
        69.9,
        66.7,
        "ya",
        18.8,
        6.2,
    )
    assert rows[-1] == ("Jumlah", "64.74.01", 4, 1, 25.0, 4.6, 69.9, 66.7, "ya", 18.8, 6.2)
    csv_lines = client.get(url + "&format=csv").content.decode("utf-8-sig").splitlines()
    assert csv_lines[0].startswith("Wilayah,Kode,Diukur (n),Kasus,Prevalensi (%)")
    assert (
        csv_lines[1] == f"{world.desa_a.display_name},{world.desa_a.code},4,1,25.0,4.6,69.9,66.7,ya,18.8,6.2"
    )
    assert csv_lines[-1] == "Jumlah,64.74.01,4,1,25.0,4.6,69.9,66.7,ya,18.8,6.2"
    assert len(csv_lines) == len(rows)


def test_flagged_measurements_of_the_quality_page_open_as_a_list(world: Any, month: Any) -> None:
    """The data-quality ranking's flagged count of a posyandu links to those measurements: every flagged one
    of the three months the page sums (not each child's latest), inside the user's scope."""
    from visits.actions import record_visit

    admin = world.users["admin"]
    # Budi is 17 months old in October: 55 cm is far below anything WHO deems plausible (HAZ < −6).
    flagged_oct = record_visit(
        admin,
        world.child_a,
        datetime.date(2026, 10, 12),
        {"weight_kg": 9, "length_height_cm": 55, "position": "l"},
    )
    record_visit(  # July: before the window August–October
        admin,
        world.child_a,
        datetime.date(2026, 7, 12),
        {"weight_kg": 8, "length_height_cm": 50, "position": "l"},
    )
    assert flagged_oct.needs_remeasure
    refresh()
    client = client_for(world.users["kecamatan"])
    page = client.get(reverse("reports:quality") + "?wilayah=64.74.01&bulan=2026-10")
    row = next(r for r in page.context["rows"] if r.key == str(world.posyandu_a.pk))
    assert row.quality.flagged == 1
    link = (
        reverse("reports:children")
        + f"?wilayah=64.74.01&posyandu={world.posyandu_a.pk}&bulan=2026-10&indikator=flagged"
    )
    assert (
        f'<a class="small" data-testid="flagged-link" href="{link}">1 pengukuran</a>' in page.content.decode()
    )
    listed = client.get(link)
    assert [v.pk for v in listed.context["page"]] == [flagged_oct.pk]
    assert listed.context["label"] == "Pengukuran dengan z-score tidak wajar (perlu dicek ulang)"
    assert "Agustus 2026 s.d. Oktober 2026" in listed.content.decode()
    # Another kabupaten's officer sees none of them.
    other = client_for(world.users["other_kabupaten"])
    response = other.get(
        reverse("reports:children") + f"?posyandu={world.posyandu_a.pk}&bulan=2026-10&indikator=flagged"
    )
    assert response.status_code == 404


def test_the_drill_down_names_its_number_in_the_users_language(world: Any, month: Any) -> None:
    """The labels are translated when the page is shown, not once when the module is imported."""
    client = client_for(world.users["kecamatan"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:children") + "?wilayah=64.74.01&bulan=2026-10&indikator=s")
    assert "<h1>S: under-fives registered</h1>" in response.content.decode()


def test_monthly_figures_carry_the_days_a_posyandu_opened(world: Any) -> None:
    """The same days as strata and "aktif" count (visits.opening): the opening day, a campaign weighing;
    not a home visit."""
    from decimal import Decimal

    from visits import actions as visit_actions

    november = datetime.date(2026, 11, 1)
    refresh()
    assert MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=november).days_opened == 1
    admin = world.users["admin"]
    for day, place in ((5, "campaign"), (7, "home")):
        visit_actions.record_visit(
            admin, world.child_a, datetime.date(2026, 11, day), {"weight_kg": Decimal("9.0")}, place=place
        )
    actions.refresh_stale_figures(today=TODAY)
    assert MonthlyFigures.objects.get(posyandu=world.posyandu_a, month=november).days_opened == 2
    assert MonthlyFigures.objects.get(posyandu=world.posyandu_a2, month=november).days_opened == 0


def test_a_move_to_another_posyandu_recomputes_the_figures_of_both(world: Any) -> None:
    """The audit log marks figures stale by posyandu: a household or a person moving away is recorded at the
    posyandu left too, so its S stops counting them at the next refresh."""
    from people.actions import register_person, update_household, update_person

    nov = datetime.date(2026, 11, 1)
    admin = world.users["admin"]
    walk_in = register_person(
        admin, name="Rina Wati", sex="P", birth_date=datetime.date(2025, 2, 1), posyandu=world.posyandu_a
    )
    actions.refresh_all_figures(today=TODAY)

    def s_of_november() -> tuple[int, int]:
        rows = {f.posyandu_id: f.s for f in MonthlyFigures.objects.filter(month=nov)}
        return rows.get(world.posyandu_a.pk, 0), rows.get(world.posyandu_a2.pk, 0)

    at_a, at_a2 = s_of_november()
    update_household(admin, world.household_a, posyandu=world.posyandu_a2, unit=None)  # Budi and his mother
    actions.refresh_stale_figures(today=TODAY)
    assert s_of_november() == (at_a - 1, at_a2 + 1)
    update_person(admin, walk_in, posyandu=world.posyandu_a2)
    actions.refresh_stale_figures(today=TODAY)
    assert s_of_november() == (at_a - 2, at_a2 + 2)
    left = AuditEvent.objects.filter(posyandu_id=world.posyandu_a.pk)
    assert {"move_household_away", "move_person_away"} <= set(left.values_list("verb", flat=True))
