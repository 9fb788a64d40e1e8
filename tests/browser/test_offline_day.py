"""The posyandu day without signal on a 360 × 740 phone (issue 14): the kader prepares her posyandu while
online, loses the signal, reloads and serves ten visitors (a child with 2T, one with T, a stunted child, a
child below the red line, a schoolgirl, a man with high blood pressure, a pregnant woman and two walk-ins
registered on the phone, one of whose weight she first types as 76), seeing each result at once. Meanwhile
the bidan merges a record the phone has a visit for. Back online the records are sent: the server holds each
once with the results the phone showed, the merged one waits on the phone with the server's message and
blocks nothing (a send the server fails is tried again), and sending again changes nothing."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from campaigns.actions import create_campaign
from conftest import TODAY
from people import actions as people
from people.models import Person
from tests.browser.conftest import log_in, shot
from visits import actions as visits
from visits.models import OpeningDay, Visit

pytestmark = [pytest.mark.browser]


def _citra(world: Any) -> Any:
    """A baby weighed in September and October; October's gain (+100 g) was below the KBM: T."""
    admin = world.users["admin"]
    citra = people.register_person(
        admin, name="Citra Ayu", sex="P", birth_date=datetime.date(2026, 2, 10), household=world.household_a
    )
    visits.record_visit(admin, citra, datetime.date(2026, 9, 25), {"weight_kg": Decimal("7.40")})
    assert (
        visits.record_visit(
            admin, citra, datetime.date(2026, 10, 25), {"weight_kg": Decimal("7.50")}
        ).weight_gain
        == "T"
    )
    return citra


def _serve(page: Page, name: str, group: str, fields: dict[str, str], expected: str) -> None:
    page.locator("#offline-q").fill(name[:5])
    page.locator("#matches .visitor", has_text=name).get_by_role("button", name="Layani").click()
    for field, value in fields.items():
        page.locator(f"#id_{group}_{field}").fill(value)
    page.get_by_role("button", name="Lihat hasil").click()
    expect(page.locator("#result-findings")).to_contain_text(expected)
    page.get_by_role("button", name="Simpan").click()


def _stored(page: Page) -> list[dict[str, Any]]:
    """What the phone keeps of each record the server saved: what it showed, and the server's result."""
    kept: list[dict[str, Any]] = page.evaluate(
        """async (user) => {
            const { openStore } = await import("/static/js/offline/store.js");
            const store = await openStore(user);
            return await store.results();
        }""",
        page.evaluate("JSON.parse(document.getElementById('offline-config').textContent).user"),
    )
    return kept


def test_a_day_without_signal_is_recorded_and_synced_once(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    world = browser_world
    citra = _citra(world)
    admin = world.users["admin"]

    def person(name: str, sex: str, born: datetime.date) -> Any:
        return people.register_person(admin, name=name, sex=sex, birth_date=born, household=world.household_a)

    fajar = person("Fajar Nugroho", "L", datetime.date(2024, 11, 20))
    dodi = person("Dodi Pratama", "L", datetime.date(2026, 8, 20))
    hadi = person("Hadi Susanto", "L", datetime.date(1981, 1, 15))
    eka = person("Eka Putri", "P", datetime.date(2023, 7, 1))
    eka_again = person("Eka Putri Lestari", "P", datetime.date(2023, 7, 1))
    gita = person("Gita Lestari", "P", datetime.date(2018, 4, 3))
    tono = person("Tono Wijaya", "L", datetime.date(2025, 3, 14))
    visits.record_visit(admin, tono, datetime.date(2026, 10, 20), {"weight_kg": Decimal("9.00")})
    campaign = create_campaign(
        admin,
        name="Bulan Penimbangan November",
        kind="bulan_penimbangan",
        region=world.posyandu_a.desa,
        start_date=TODAY - datetime.timedelta(days=5),
        end_date=TODAY + datetime.timedelta(days=5),
        target_groups=["balita"],
    )
    base = live_server.url
    phone.clock.set_fixed_time(datetime.datetime.combine(TODAY, datetime.time(9, 0)))
    log_in(phone, base, "kader_a")

    # Online: opening the offline day prepares the register; a reload lets the service worker keep the page.
    phone.goto(f"{base}/offline/hari/")
    expect(phone.locator("#prepared-state")).to_contain_text("warga")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    expect(phone.locator("body")).to_have_attribute("data-offline-ready", "1")

    phone.context.set_offline(True)
    phone.reload()
    # The kader on duty, and the campaign running today: the children's weighings count in it.
    phone.get_by_label("Siti Rahayu").check()
    phone.get_by_role("button", name="Simpan kader bertugas").click()
    expect(phone.locator("#outbox-state")).to_have_attribute("data-waiting", "1")
    phone.locator("#campaign").select_option(label=campaign.name)
    expect(phone.locator("body")).to_have_attribute("data-offline-ready", "1")
    expect(phone.locator("#net-state")).to_contain_text("Tidak ada sinyal")

    # Citra: a second T in a row, 2T, referred.
    phone.locator("#offline-q").fill("Citra")
    phone.locator("#matches .visitor", has_text="Citra Ayu").get_by_role("button", name="Layani").click()
    # Her KMS chart, drawn from the stored WHO tables and her stored weighings; back to her form.
    phone.get_by_role("button", name="KMS", exact=True).click()
    expect(phone.locator("#kms-chart")).to_be_visible()
    points = phone.evaluate("Chart.getChart('kms-chart').data.datasets.at(-1).data.map((p) => [p.x, p.y])")
    assert sorted(points) == [[7, 7.4], [8, 7.5]]
    phone.locator("#kms").get_by_role("button", name="Kembali").click()
    phone.locator("#id_anak_weight_kg").fill("7,5")
    phone.locator("#id_anak_length_height_cm").fill("68,0")
    phone.get_by_role("button", name="Lihat hasil").click()
    expect(phone.locator("#result-gain")).to_have_text("2T")
    expect(phone.locator("#result-refer")).to_be_visible()
    shot(phone, "offline_result_2t_360")
    phone.get_by_role("button", name="Simpan").click()
    _serve(phone, "Fajar Nugroho", "anak", {"weight_kg": "9,6", "length_height_cm": "76,5"}, "Sangat pendek")
    _serve(phone, "Dodi Pratama", "anak", {"weight_kg": "3,5"}, "Di bawah garis merah (BGM)")
    _serve(phone, "Hadi Susanto", "dewasa", {"systolic_mmhg": "150", "diastolic_mmhg": "95"}, "150/95 mmHg")
    mother = world.mother_a.name
    _serve(phone, mother, "ibu_hamil", {"weight_kg": "52", "muac_cm": "22"}, "Risiko KEK")
    _serve(phone, "Eka Putri Lestari", "anak", {"weight_kg": "14,5"}, "Berat badan")
    _serve(phone, "Tono Wijaya", "anak", {"weight_kg": "9,0"}, "Tidak naik (T)")
    _serve(phone, "Gita Lestari", "usia_sekolah", {"weight_kg": "30", "length_height_cm": "140"}, "IMT/U")

    # A walk-in with no household, whose weight is first typed without its comma.
    phone.get_by_role("button", name="Belum terdaftar? Daftarkan di sini").click()
    phone.locator("#reg-name").fill("Rina Walk-in")
    phone.get_by_label("Perempuan").check()
    phone.locator("#reg-birth").fill("2025-06-01")
    phone.get_by_role("button", name="Daftarkan").click()
    phone.locator("#id_anak_weight_kg").fill("76")
    phone.get_by_role("button", name="Lihat hasil").click()
    expect(phone.locator("#visit-errors")).to_contain_text("Maksud Anda 7,6 kg?")
    phone.locator("#id_anak_weight_kg").fill("7,6")
    phone.get_by_role("button", name="Lihat hasil").click()
    expect(phone.locator("#result-findings")).to_contain_text("Baru pertama kali ditimbang")
    phone.get_by_role("button", name="Simpan").click()

    # A second walk-in, a man whose blood pressure is normal.
    phone.get_by_role("button", name="Belum terdaftar? Daftarkan di sini").click()
    phone.locator("#reg-name").fill("Joko Walk-in")
    phone.get_by_label("Laki-laki").check()
    phone.locator("#reg-birth").fill("1990-02-02")
    phone.get_by_role("button", name="Daftarkan").click()
    phone.locator("#id_dewasa_systolic_mmhg").fill("118")
    phone.locator("#id_dewasa_diastolic_mmhg").fill("76")
    phone.get_by_role("button", name="Lihat hasil").click()
    expect(phone.locator("#result-findings")).to_contain_text("118/76 mmHg")
    phone.get_by_role("button", name="Simpan").click()

    # Closing and opening the page keeps the records: an opening day, two registrations and ten visits.
    expect(phone.locator("#outbox-state")).to_have_attribute("data-waiting", "13")  # the last one is stored
    phone.reload()
    expect(phone.locator("#outbox-state")).to_have_attribute("data-waiting", "13")
    assert not Visit.objects.filter(date=TODAY).exists()
    # Meanwhile the bidan finds Eka's two records and merges them.
    people.merge_people(admin, eka, eka_again)

    # Back online, the phone sends them by itself; the first send meets a server restarting (502) and keeps
    # everything, the next check sends again.
    refused_sends: list[str] = []

    def restarting_once(route: Any) -> None:
        if refused_sends:
            route.continue_()
        else:
            refused_sends.append(route.request.method)
            route.fulfill(status=502, body="Bad Gateway")

    phone.route("**/offline/sinkron/", restarting_once)
    phone.context.set_offline(False)
    expect(phone.locator("#sync-state")).to_contain_text("Belum bisa mengirim: 502")
    expect(phone.locator("#outbox-state")).to_have_attribute("data-waiting", "0", timeout=30000)
    assert refused_sends == ["POST"]
    expect(phone.locator("#outbox-state")).to_have_attribute("data-refused", "1", timeout=30000)
    refused = phone.locator("#outbox-list [data-status=refused]")
    expect(refused).to_contain_text("Eka Putri Lestari")
    expect(refused).to_contain_text("digabungkan")
    shot(phone, "offline_merged_conflict_360")
    day = OpeningDay.objects.get(posyandu=world.posyandu_a, date=TODAY)
    assert list(day.kader_on_duty.all()) == [world.kader_a]
    assert {v.opening_day_id for v in Visit.objects.filter(date=TODAY)} == {day.pk}
    rina = Person.objects.get(name="Rina Walk-in")
    joko = Person.objects.get(name="Joko Walk-in")
    assert rina.household is None and rina.posyandu == world.posyandu_a and joko.household is None
    stored = {v.person_id: v for v in Visit.objects.filter(date=TODAY)}
    served = {citra.pk, fajar.pk, dodi.pk, hadi.pk, world.mother_a.pk, rina.pk, joko.pk, tono.pk, gita.pk}
    assert set(stored) == served
    assert (stored[tono.pk].weight_gain, stored[tono.pk].is_2t) == ("T", False)
    assert (stored[citra.pk].weight_gain, stored[citra.pk].is_2t) == ("T", True)
    assert "lhfa_severely_stunted" in [f["code"] for f in stored[fajar.pk].findings]
    assert stored[dodi.pk].is_bgm
    assert [f["code"] for f in stored[hadi.pk].findings if f["refer"]] == ["hypertension"]
    assert "kek" in [f["code"] for f in stored[world.mother_a.pk].findings]
    assert (stored[rina.pk].weight_kg, stored[rina.pk].weight_gain) == (Decimal("7.60"), "B")
    in_campaign = {pk for pk, visit in stored.items() if visit.campaign_id == campaign.pk}
    assert in_campaign == {citra.pk, fajar.pk, dodi.pk, rina.pk, tono.pk}

    # The phone showed what the server stored, field by field.
    visits_kept = [r for r in _stored(phone) if r["kind"] == "record_visit"]
    assert len(visits_kept) == 9
    for kept in visits_kept:
        shown, result = kept["shown"], kept["result"]
        assert shown["z"] == {k: v for k, v in result["z"].items() if k in shown["z"]}
        assert (shown["weight_gain"], shown["is_2t"], shown["is_bgm"]) == (
            result["weight_gain"],
            result["is_2t"],
            result["is_bgm"],
        )
        assert [(f["code"], f["label"], f["detail"], f["refer"]) for f in shown["findings"]] == [
            (f["code"], f["label"], f["detail"], f["refer"]) for f in result["findings"]
        ]
    shot(phone, "offline_synced_360")

    # Sending the same records again (a phone that lost the answers) stores nothing new.
    count = Visit.objects.count(), Person.objects.count()
    again = phone.evaluate(
        """async (records) => {
            const { csrfToken } = await import("/static/js/offline/sync.js");
            const items = records.map((r) => ({ client_uuid: r.client_uuid, kind: r.kind, data: r.data }));
            const response = await fetch("/offline/sinkron/", {
                method: "POST", credentials: "same-origin",
                headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
                body: JSON.stringify({ items: items }),
            });
            return (await response.json()).items.map((a) => [a.client_uuid, a.status, a.id]);
        }""",
        _stored(phone),
    )
    assert sorted(again) == sorted([r["client_uuid"], "saved", r["id"]] for r in _stored(phone))
    assert (Visit.objects.count(), Person.objects.count()) == count

    # Logging out with the refused record still on the phone warns first; declining keeps the user in, and
    # logging out keeps the record for her next login.
    messages: list[str] = []

    def decline(dialog: Dialog) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    phone.once("dialog", decline)
    phone.get_by_role("button", name="Keluar").click()
    expect(phone.locator("#outbox-list [data-status=refused]")).to_contain_text("Eka Putri Lestari")
    assert messages and "1 catatan" in messages[0]
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Keluar").click()
    expect(phone).to_have_url(re.compile(r"/masuk/"))
    log_in(phone, base, "kader_a")
    phone.goto(f"{base}/offline/hari/")
    expect(phone.locator("#outbox-list [data-status=refused]")).to_contain_text("Eka Putri Lestari")

    # Another user of the same phone sees none of it.
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Keluar").click()
    expect(phone).to_have_url(re.compile(r"/masuk/"))
    log_in(phone, base, "kader_b")
    phone.goto(f"{base}/offline/hari/")
    expect(phone.locator("#outbox-state")).to_have_attribute("data-refused", "0")
    expect(phone.locator("#outbox-list")).not_to_contain_text("Eka Putri Lestari")
