"""The Tim Pembina's main journeys on a phone-sized screen: a kabupaten officer holds a rakor from its
generated agenda to decisions and actions; a kecamatan officer reports an action done with a photo; a desa
Pokja proposes a strata assessment that the kecamatan verifies and the kabupaten approves, after which it
cannot be edited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from conftest import JPEG_BYTES as PHOTO
from pokjanal.models import Action, Decision, Evidence, Rakor, StrataAssessment
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username)


def test_kabupaten_officer_holds_a_rakor_from_agenda_to_decisions(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    log_in(phone, live_server.url, "kabupaten")
    phone.goto(f"{live_server.url}/pokjanal/")
    phone.get_by_role("link", name="Tim Pembina Posyandu Kota Bontang").click()
    phone.get_by_role("link", name="+ Rencanakan rakor").click()
    expect(phone.get_by_label("Judul")).to_have_value("Rapat Koordinasi Tim Pembina Posyandu Kota Bontang")
    phone.get_by_label("Waktu").fill("2026-11-27T09:00")
    phone.get_by_label("Tempat").fill("Auditorium Taman 3 Dimensi")
    phone.get_by_label("Agenda tambahan").fill("Persiapan Operasi Timbang Serentak")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_test_id("rakor-status")).to_have_text("Direncanakan")
    # The generated agenda: the open action of the Pokja's area, the weakest indicators, the extra item.
    agenda = phone.get_by_test_id("agenda")
    expect(phone.get_by_test_id("agenda-open")).to_contain_text("Pindahkan layanan ke balai RW")
    expect(agenda).to_contain_text("Posyandu dengan ≥ 5 kader aktif")
    expect(agenda).to_contain_text("Persiapan Operasi Timbang Serentak")
    fits_the_phone(phone)
    # The indicator table shows one block per indicator on a phone, without its own sideways scrolling.
    assert agenda.locator(".table-wrap").evaluate("e => e.scrollWidth <= e.clientWidth")
    expect(agenda.locator("thead")).to_be_hidden()
    shot(phone, "pokjanal_rakor_agenda_360")
    phone.get_by_role("link", name="Catat pelaksanaan").click()
    phone.get_by_label("dr. Suryani").check()
    phone.get_by_label("Bahtiar Mabe").check()
    phone.get_by_label("Notulen").fill("Kecamatan melaporkan aksi nyata. Disepakati pelatihan kader.")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_test_id("rakor-status")).to_have_text("Terlaksana")
    expect(phone.get_by_test_id("attendee")).to_have_count(2)
    phone.get_by_role("link", name="+ Keputusan").click()
    phone.get_by_label("Keputusan").fill("Latih kader di lima kelompok kompetensi")
    phone.get_by_label("Kategori pembinaan").select_option("manusia")
    phone.get_by_label("Penanggung jawab (anggota)").select_option(label="dr. Suryani (Dinas Kesehatan)")
    phone.get_by_label("Tenggat aksi").fill("2027-03-31")
    shot(phone, "pokjanal_rakor_decision_form_360")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_test_id("decision")).to_contain_text("Latih kader di lima kelompok kompetensi")
    expect(phone.get_by_test_id("decision")).to_contain_text("dr. Suryani")
    fits_the_phone(phone)
    shot(phone, "pokjanal_rakor_held_360")
    rakor = Rakor.objects.get(place="Auditorium Taman 3 Dimensi", status="held", held_on__isnull=False)
    decision = Decision.objects.get(rakor=rakor)
    action = Action.objects.get(decision=decision)
    assert action.owner_member is not None
    assert (action.owner_member.name, str(action.due_date), action.status, action.origin) == (
        "dr. Suryani",
        "2027-03-31",
        "planned",
        "rakor",
    )
    assert rakor.agenda["extra"] == ["Persiapan Operasi Timbang Serentak"]
    assert sorted(rakor.attendees.values_list("name", flat=True)) == ["Bahtiar Mabe", "dr. Suryani"]
    # The minutes print as a PDF.
    response = phone.request.get(f"{live_server.url}/pokjanal/rakor/{rakor.pk}/notulen.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert world.pokjanal.rakor.pk != rakor.pk


def test_kecamatan_officer_reports_an_action_done_with_a_photo(
    phone: Page, live_server: Any, browser_world: Any, tmp_path: Path
) -> None:
    action = browser_world.pokjanal.action
    photo = tmp_path / "balai-rw-01.jpg"
    photo.write_bytes(PHOTO)
    log_in(phone, live_server.url, "kecamatan")
    phone.goto(f"{live_server.url}/pokjanal/aksi/")
    phone.get_by_role("link", name="Pindahkan layanan ke balai RW selama musim hujan").click()
    expect(phone.get_by_test_id("action-status")).to_have_text("Berjalan")
    phone.get_by_role("link", name="Catat tindak lanjut").click()
    phone.get_by_label("Status sekarang").select_option("done")
    phone.get_by_label("Tindak lanjut yang dilakukan").fill("Layanan sudah pindah ke balai RW 01")
    phone.get_by_label("Bukti (foto atau PDF)").set_input_files(str(photo))
    phone.get_by_label("Keterangan bukti").fill("Balai RW 01 saat hari buka")
    fits_the_phone(phone)
    shot(phone, "pokjanal_follow_up_form_360")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_test_id("action-status")).to_have_text("Selesai")
    image = phone.get_by_role("img", name="Balai RW 01 saat hari buka")
    expect(image).to_be_visible()
    handle = image.element_handle()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=handle)
    assert phone.evaluate("img => img.naturalWidth", handle) == 48  # the photo itself, decoded
    fits_the_phone(phone)
    shot(phone, "pokjanal_action_done_with_photo_360")
    action.refresh_from_db()
    assert (action.status, str(action.done_on)) == ("done", "2026-11-25")
    evidence = Evidence.objects.get(caption="Balai RW 01 saat hari buka")
    stored = Path(settings.MEDIA_ROOT) / evidence.path
    assert (evidence.original_name, evidence.content_type, evidence.size_bytes) == (
        "balai-rw-01.jpg",
        "image/jpeg",
        stored.stat().st_size,  # re-encoded without metadata, so not len(PHOTO)
    )
    # Another kabupaten's officer cannot fetch the photo.
    switch_user(phone, live_server.url, "other_kabupaten")
    response = phone.goto(f"{live_server.url}/pokjanal/bukti/{evidence.pk}/")
    assert response is not None and response.status == 404


def test_strata_proposed_by_desa_verified_by_kecamatan_approved_by_kabupaten(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    url = live_server.url
    assessment = browser_world.pokjanal.assessment
    log_in(phone, url, "desa_a")
    phone.goto(f"{url}/pokjanal/strata/?tahun=2026")
    row = phone.get_by_test_id("posyandu-strata-row").filter(has_text="Melati")
    row.get_by_role("link", name="Draf").click()
    expect(phone.get_by_test_id("stratum")).to_have_text("Pratama")
    expect(phone.get_by_test_id("held-back")).to_have_text("hari buka per tahun")
    phone.get_by_role("link", name="Isi data penilaian").click()
    phone.get_by_label("Bina Keluarga Balita (BKB)").check()
    phone.get_by_label("PAUD").check()
    phone.get_by_label("Jumlah KK di wilayah posyandu").fill("120")
    phone.get_by_label("KK peserta dana sehat").fill("70")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator(".messages")).to_contain_text("Data penilaian disimpan.")
    phone.get_by_role("button", name="Ajukan ke kecamatan").click()
    expect(phone.get_by_test_id("assessment-status")).to_have_text("Diajukan desa/kelurahan")
    shot(phone, "pokjanal_strata_proposed_360")

    switch_user(phone, url, "kecamatan")
    phone.goto(f"{url}/pokjanal/strata/?tahun=2026")
    phone.get_by_test_id("waiting").get_by_role("link", name="Melati").click()
    phone.get_by_role("button", name="Verifikasi").click()
    expect(phone.get_by_test_id("assessment-status")).to_have_text("Diverifikasi kecamatan")

    switch_user(phone, url, "kabupaten")
    phone.goto(f"{url}/pokjanal/strata/?tahun=2026")
    phone.get_by_test_id("waiting").get_by_role("link", name="Melati").click()
    phone.get_by_role("button", name="Setujui dan kunci").click()
    expect(phone.get_by_test_id("assessment-status")).to_have_text("Disetujui kabupaten/kota")
    expect(phone.get_by_test_id("locked")).to_be_visible()
    expect(phone.get_by_role("link", name="Isi data penilaian")).to_have_count(0)
    fits_the_phone(phone)
    shot(phone, "pokjanal_strata_approved_360")

    # Locked: the desa can no longer edit it.
    switch_user(phone, url, "desa_a")
    phone.goto(f"{url}/pokjanal/strata/{assessment.pk}/ubah/")
    expect(phone.locator(".messages")).to_contain_text("tidak dapat diubah")
    expect(phone.get_by_test_id("assessment-status")).to_have_text("Disetujui kabupaten/kota")
    expect(phone.get_by_role("button", name="Ajukan ke kecamatan")).to_have_count(0)
    shot(phone, "pokjanal_strata_locked_360")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.households, assessment.dana_sehat_households) == (
        "approved",
        120,
        70,
    )
    assert (
        assessment.proposed_by.username,
        assessment.verified_by.username,
        assessment.approved_by.username,
    ) == (
        "desa_a",
        "kecamatan",
        "kabupaten",
    )
    assert (
        StrataAssessment.objects.get(pk=assessment.pk).result["assessment"]["strata"]["stratum"] == "pratama"
    )


def test_pokjanal_pages_fit_the_phone(phone: Page, live_server: Any, browser_world: Any) -> None:
    pk = browser_world.pokjanal
    log_in(phone, live_server.url, "kabupaten")
    pages = {
        "index": "/pokjanal/",
        "body": f"/pokjanal/tim/{pk.body_kab.pk}/",
        "sector_map": f"/pokjanal/tim/{pk.body_kab.pk}/peta-peran/",
        "actions": "/pokjanal/aksi/",
        "problems": "/pokjanal/masalah/",
        "needs": "/pokjanal/kebutuhan/",
        "strata": "/pokjanal/strata/",
        "kader_capacity": "/pokjanal/kader/",
        "posyandu": f"/pokjanal/posyandu/{browser_world.posyandu_a.pk}/",
        "supervision_form": f"/pokjanal/posyandu/{browser_world.posyandu_a.pk}/kunjungan/baru/",
        "funding": f"/pokjanal/posyandu/{browser_world.posyandu_a.pk}/dana/",
    }
    for name, path in pages.items():
        response = phone.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        fits_the_phone(phone)
        shot(phone, f"pokjanal_{name}_360")
    # The menu leads there.
    phone.goto(f"{live_server.url}/")
    phone.get_by_text("Menu", exact=True).click()
    phone.get_by_role("link", name="Tim Pembina (Pokjanal)").click()
    expect(phone.get_by_test_id("body-row")).to_have_count(3)


def test_officer_sees_the_worst_problems_first_and_days_from_the_weighings(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    """Issue 10, defects 6 and 7: weighings entered without "Buka hari" are opening days, so the posyandu is
    not flagged for too few; the problem list opens on "Tinggi", not on "Rendah"."""
    import datetime
    from decimal import Decimal

    from pokjanal import actions as pokjanal_actions
    from visits import actions as visit_actions

    world = browser_world
    for month in range(3, 11):
        visit_actions.record_visit(
            world.users["admin"],
            world.child_a,
            datetime.date(2026, month, 10),
            {"weight_kg": Decimal("8.0") + Decimal(month) / 10},
            place="campaign" if month == 10 else "posyandu",
        )
    pokjanal_actions.refresh_problems([world.posyandu_a.pk, world.posyandu_a2.pk])
    log_in(phone, live_server.url, "kecamatan")
    phone.goto(f"{live_server.url}/pokjanal/masalah/")
    rows = phone.get_by_test_id("problem-row")
    levels = rows.locator(".badge").all_inner_texts()
    rank = {"Tinggi": 0, "Sedang": 1, "Rendah": 2}
    assert levels[0] == "Tinggi" and levels == sorted(levels, key=rank.__getitem__)
    # Only the posyandu that recorded nothing is short of opening days.
    expect(rows.filter(has_text="Hari buka kurang dari 8")).to_have_count(1)
    expect(rows.filter(has_text="Hari buka kurang dari 8")).to_contain_text(world.posyandu_a2.name)
    fits_the_phone(phone)
    shot(phone, "pokjanal_problems_by_severity_360")
    phone.goto(f"{live_server.url}/pokjanal/posyandu/{world.posyandu_a.pk}/")
    opening_days = phone.locator("dt", has_text="Hari buka").locator("xpath=following-sibling::dd[1]")
    expect(opening_days).to_have_text("9")
