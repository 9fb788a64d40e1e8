"""The posyandu day on a 360 × 740 phone: a kader opens the day and serves visitors of every life stage
(a stunted child and a child with 2T among them), the bidan of the desa follows up the referrals, and a kader
of another desa can open none of these records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import TODAY
from people import actions as people
from tests.browser.conftest import log_in, shot
from visits import actions as visits
from visits.models import Referral, Visit

pytestmark = [pytest.mark.browser]


def _register_area(world: Any) -> dict[str, Any]:
    admin = world.users["admin"]

    def person(name: str, sex: str, born: datetime.date, **more: Any) -> Any:
        return people.register_person(
            admin, name=name, sex=sex, birth_date=born, household=world.household_a, **more
        )

    mother = world.mother_a
    citra = person("Citra Ayu", "P", datetime.date(2026, 2, 10), mother=mother)
    # Weighed in September and October; October's gain (+100 g) was below the KBM of 300 g: T.
    visits.record_visit(admin, citra, datetime.date(2026, 9, 25), {"weight_kg": Decimal("7.40")})
    october = visits.record_visit(admin, citra, datetime.date(2026, 10, 25), {"weight_kg": Decimal("7.50")})
    assert october.weight_gain == "T"
    return {
        "citra": citra,
        "fajar": person("Fajar Nugroho", "L", datetime.date(2024, 11, 20), mother=mother),
        "dodi": person("Dodi Pratama", "L", datetime.date(2026, 8, 20), mother=mother),
        "eka": person("Eka Putri", "P", datetime.date(2023, 7, 1), mother=mother),
        "gita": person("Gita Lestari", "P", datetime.date(2012, 4, 3), mother=mother),
        "joni": person("Joni Saputra", "L", datetime.date(2019, 6, 9), mother=mother),
        "hadi": person("Hadi Susanto", "L", datetime.date(1981, 1, 15)),
        "kiki": person("Kiki Amelia", "P", datetime.date(1998, 9, 9)),
        "ijah": person("Ijah Maryati", "P", datetime.date(1954, 5, 5)),
    }


def _serve(page: Page, name: str, fields: dict[str, str], expected: str, screenshot: str = "") -> None:
    page.get_by_label("Cari nama atau NIK").fill(name[:5])
    page.locator(".visitor", has_text=name).get_by_role("link", name="Layani").click()
    expect(page.locator("h1")).to_have_text(name)
    for field, value in fields.items():
        if value == "check":
            page.locator(f"#id_{field}").check()
        else:
            page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Simpan dan lihat hasil").click()
    expect(page.get_by_test_id("findings")).to_contain_text(expected)
    if screenshot:
        shot(page, screenshot)
    page.get_by_role("link", name="Pengunjung berikutnya").click()


def test_kader_runs_the_posyandu_day_and_bidan_follows_up(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    area = _register_area(world)
    base = live_server.url
    log_in(phone, base, "kader_a")

    phone.goto(f"{base}/layanan/hari-buka/baru/")
    phone.get_by_label("Siti Rahayu").check()
    phone.get_by_label("Tenaga kesehatan yang hadir").fill("Bidan Sari")
    shot(phone, "day_open_360")
    phone.get_by_role("button", name="Buka hari posyandu").click()
    expect(phone.locator("h1")).to_contain_text("Melati")

    _serve(phone, "Citra Ayu", {"weight_kg": "7,5", "length_height_cm": "68,0"}, "2T", "visit_2t_result_360")
    _serve(
        phone,
        "Fajar Nugroho",
        {"weight_kg": "9,6", "length_height_cm": "76,5", "position_0": "check"},
        "Sangat pendek",
        "visit_stunted_result_360",
    )
    _serve(
        phone, "Dodi Pratama", {"weight_kg": "6,2", "length_height_cm": "61,0"}, "Baru pertama kali ditimbang"
    )
    _serve(
        phone,
        "Eka Putri",
        {"weight_kg": "14,5", "length_height_cm": "97,0", "position_1": "check", "muac_cm": "15,0"},
        "Normal",
    )
    _serve(
        phone,
        "Dewi Lestari",
        {"weight_kg": "58,0", "muac_cm": "22,5", "systolic_mmhg": "120", "diastolic_mmhg": "80"},
        "Risiko KEK",
    )
    _serve(
        phone, "Gita Lestari", {"weight_kg": "40,0", "length_height_cm": "150,0", "hb_g_dl": "10,8"}, "Anemia"
    )
    _serve(phone, "Joni Saputra", {"weight_kg": "22,0", "length_height_cm": "120,0"}, "IMT/U")
    _serve(
        phone,
        "Hadi Susanto",
        {
            "weight_kg": "80,0",
            "length_height_cm": "165,0",
            "waist_cm": "98,0",
            "systolic_mmhg": "150",
            "diastolic_mmhg": "95",
            "glucose_mg_dl": "130",
        },
        "hipertensi",
        "visit_adult_result_360",
    )
    _serve(
        phone,
        "Kiki Amelia",
        {"weight_kg": "52,0", "length_height_cm": "155,0", "kb_method": "Suntik 3 bulan"},
        "Normal",
    )
    _serve(
        phone,
        "Ijah Maryati",
        {
            "weight_kg": "45,0",
            "length_height_cm": "148,0",
            "skilas_3": "check",
            "systolic_mmhg": "130",
            "diastolic_mmhg": "85",
        },
        "penglihatan",
    )

    # Someone not yet registered: registered on the spot, then served.
    phone.get_by_role("link", name="Belum terdaftar? Daftarkan di sini").click()
    phone.get_by_label("Nama lengkap").fill("Lina Marlina")
    phone.get_by_label("Jenis kelamin").select_option("P")
    phone.get_by_label("Tanggal lahir").fill("2001-03-14")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator("h1")).to_have_text("Lina Marlina")
    phone.locator("#id_weight_kg").fill("50,0")
    phone.locator("#id_length_height_cm").fill("156,0")
    phone.get_by_role("button", name="Simpan dan lihat hasil").click()
    expect(phone.get_by_test_id("findings")).to_contain_text("Normal")
    phone.get_by_role("link", name="Pengunjung berikutnya").click()
    expect(phone.get_by_role("heading", name="11 pengunjung tercatat")).to_be_visible()
    listed = phone.get_by_test_id("visitor-list").locator(".visitor")
    expect(listed).to_have_count(10)  # the latest ten; the page stays short however long the day
    expect(listed.first).to_contain_text("Lina Marlina")
    phone.get_by_test_id("all-visitors").click()
    expect(listed).to_have_count(11)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "day_visitors_360")

    day_visits = Visit.objects.filter(opening_day__date=TODAY, posyandu=world.posyandu_a)
    assert day_visits.count() == 11
    assert {v.life_stage for v in day_visits} == {
        "bayi",
        "balita",
        "usia_sekolah",
        "remaja",
        "dewasa",
        "lansia",
    }
    citra = day_visits.get(person=area["citra"])
    assert (citra.weight_gain, citra.is_2t) == ("T", True)
    fajar = day_visits.get(person=area["fajar"])
    assert fajar.haz is not None and fajar.haz < -2

    # The child's KMS-style chart: WHO SD lines and her points, readable on the phone.
    phone.goto(f"{base}/warga/{area['citra'].pk}/grafik/")
    expect(phone.locator("#chart-wfa")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "growth_chart_360")

    # The bidan of the desa sees both children on the referral list and records a follow-up.
    phone.get_by_role("button", name="Keluar").click()
    log_in(phone, base, "bidan_a")
    phone.goto(f"{base}/layanan/rujukan/")
    expect(phone.locator("table")).to_contain_text("Citra Ayu")
    expect(phone.locator("table")).to_contain_text("Fajar Nugroho")
    shot(phone, "referral_list_bidan_360")
    phone.get_by_role("link", name="Fajar Nugroho").click()
    phone.get_by_label("Status tindak lanjut").select_option("examined")
    phone.get_by_label("Fasilitas rujukan").fill("Puskesmas Bontang Utara I")
    phone.get_by_label("Catatan tindak lanjut").fill("Diukur ulang, konseling gizi dan PMT.")
    phone.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(phone.locator(".messages")).to_contain_text("Tindak lanjut rujukan disimpan.")
    referral = Referral.objects.get(visit=fajar)
    assert (referral.status, referral.facility) == ("examined", "Puskesmas Bontang Utara I")

    # A kader of another desa can open none of these records.
    phone.get_by_role("button", name="Keluar").click()
    log_in(phone, base, "kader_b")
    for path in (
        f"/warga/{area['citra'].pk}/",
        f"/layanan/kunjungan/{citra.pk}/",
        f"/layanan/rujukan/{referral.pk}/",
        f"/layanan/hari-buka/{citra.opening_day_id}/",
        f"/warga/{area['fajar'].pk}/grafik/",
    ):
        response = phone.goto(f"{base}{path}")
        assert response is not None and response.status == 404, path
    phone.goto(f"{base}/layanan/rujukan/")
    expect(phone.locator("main")).not_to_contain_text("Fajar")
