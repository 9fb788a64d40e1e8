from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from posyandu import actions
from posyandu.models import EquipmentItem, Kader, KaderMembership, Posyandu, PosyanduEquipment


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posyandu_form(world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "code": "pa9",
        "name": "Kenanga",
        "desa": world.desa_a.code,
        "address": "Jl. Kenanga 3",
        "rw_rt_covered": "RW 03",
        "opening_day": "12",
        "opening_time": "07:30",
        "sk_number": "12/SK/2024",
        "sk_date": "2024-02-01",
        "spm_fields": ["kesehatan", "pendidikan"],
        "latitude": "0,1345",
        "longitude": "117,4987",
        "client_uuid": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_officer_registers_a_posyandu_once_even_if_the_form_is_resent(world: Any) -> None:
    client = login(world.users["kecamatan"])
    data = posyandu_form(world)
    first = client.post("/posyandu/baru/", data)
    again = client.post("/posyandu/baru/", data)  # a retry over a weak signal
    created = Posyandu.objects.get(code="PA9")
    assert first.status_code == 302 and again.status_code == 302
    assert first["Location"] == again["Location"] == f"/posyandu/{created.pk}/"
    assert Posyandu.objects.filter(name="Kenanga").count() == 1
    assert str(created.latitude) == "0.134500" and created.opening_day == 12
    assert created.opening_time == datetime.time(7, 30)
    assert "setiap tanggal 12, pukul 07.30" in client.get(first["Location"]).content.decode()
    assert sorted(created.spm_fields.values_list("code", flat=True)) == ["kesehatan", "pendidikan"]
    event = AuditEvent.objects.get(verb="register_posyandu", object_key=f"posyandu.posyandu:{created.pk}")
    assert event.actor == world.users["kecamatan"] and event.changes["name"] == [None, "Kenanga"]
    assert event.region_code == world.desa_a.code


@pytest.mark.django_db
def test_bad_input_gets_indonesian_messages_and_changes_nothing(world: Any) -> None:
    client = login(world.users["kabupaten"])
    before = Posyandu.objects.count()
    response = client.post(
        "/posyandu/baru/",
        posyandu_form(world, code="PA1", opening_day="40", opening_time="25:00", desa=world.desa_b.code)
        | {"sk_date": "2099-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["code"] == ["Kode posyandu ini sudah dipakai."]
    assert errors["desa"] == ["Desa/kelurahan tidak ditemukan di wilayah Anda."]
    assert errors["sk_date"] == ["Tanggal tidak boleh di masa depan."]
    assert "opening_day" in errors
    assert errors["opening_time"] == ["Masukkan waktu yang valid."]
    assert Posyandu.objects.count() == before


@pytest.mark.django_db
def test_kader_cannot_register_posyandu_and_viewer_cannot_write(world: Any) -> None:
    assert login(world.users["kader_a"]).post("/posyandu/baru/", posyandu_form(world)).status_code == 403
    assert login(world.users["kabupaten_viewer"]).get("/posyandu/baru/").status_code == 403
    assert not Posyandu.objects.filter(code="PA9").exists()


@pytest.mark.django_db
def test_edit_records_old_and_new_values_and_history_shows_them(world: Any) -> None:
    client = login(world.users["kabupaten"])
    p = world.posyandu_a
    data = posyandu_form(world, code=p.code, name="Melati Indah")
    assert client.post(f"/posyandu/{p.pk}/ubah/", data).status_code == 302
    event = AuditEvent.objects.get(verb="update_posyandu")
    assert event.changes["name"] == ["Melati", "Melati Indah"]
    assert event.changes["opening_day"] == [10, 12]
    assert "code" not in event.changes
    history = client.get(f"/posyandu/{p.pk}/riwayat/").content.decode()
    assert "Melati Indah" in history and "update_posyandu" in history


@pytest.mark.django_db
def test_deactivate_and_list_filters(world: Any) -> None:
    client = login(world.users["kabupaten"])
    assert client.post(f"/posyandu/{world.posyandu_a2.pk}/status/", {"status": "inactive"}).status_code == 302
    world.posyandu_a2.refresh_from_db()
    assert world.posyandu_a2.status == "inactive"
    active = client.get("/posyandu/").context["page"].object_list
    assert [p.code for p in active] == ["PA1"]
    everything = client.get("/posyandu/?status=all").context["page"].object_list
    assert sorted(p.code for p in everything) == ["PA1", "PA2"]
    by_desa = client.get(f"/posyandu/?status=all&wilayah={world.desa_a2.code}").context["page"].object_list
    assert [p.code for p in by_desa] == ["PA2"]
    assert [p.code for p in client.get("/posyandu/?q=melat").context["page"].object_list] == ["PA1"]
    csv = client.get("/posyandu/?status=all&format=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("kode,nama,kode_desa") and len(csv) == 3


@pytest.mark.django_db
def test_the_csv_link_keeps_the_search_as_one_encoded_value(world: Any) -> None:
    """A search holding "&" or "#" stays one value in the export link (written by hand, "a & b" became
    `q=a ` and a stray parameter)."""
    client = login(world.users["kabupaten"])
    html = client.get("/posyandu/", {"q": "Melati & Mawar #2", "status": "all"}).content.decode()
    assert 'href="?q=Melati+%26+Mawar+%232&amp;status=all&amp;format=csv"' in html


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(world: Any) -> None:
    admin = world.users["admin"]
    for i in range(30):
        actions.register_posyandu(admin, code=f"PX{i}", name=f"Px {i}", desa=world.desa_a)
    client = login(world.users["kabupaten"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/posyandu/").status_code == 200
    assert len(ctx.captured_queries) <= 8


@pytest.mark.django_db
def test_equipment_inventory(world: Any) -> None:
    client = login(world.users["kader_a"])
    items = list(EquipmentItem.objects.all())
    data: dict[str, Any] = {"client_uuid": str(uuid.uuid4())}
    for item in items:
        data[f"item{item.pk}-count"] = "2" if item.name == "Dacin" else "0"
        data[f"item{item.pk}-condition"] = "rusak_berat" if item.name == "Dacin" else "baik"
    assert client.post(f"/posyandu/{world.posyandu_a.pk}/alat/", data).status_code == 302
    line = PosyanduEquipment.objects.get(posyandu=world.posyandu_a)
    assert (line.item.name, line.count, line.condition) == ("Dacin", 2, "rusak_berat")
    detail = client.get(f"/posyandu/{world.posyandu_a.pk}/")
    assert "Kit antropometri" in [i.name for i in detail.context["missing_essential"]]
    data["item1-count"] = "-1"
    data["client_uuid"] = str(uuid.uuid4())
    assert client.post(f"/posyandu/{world.posyandu_a.pk}/alat/", data).status_code == 200
    assert PosyanduEquipment.objects.filter(posyandu=world.posyandu_a).count() == 1


@pytest.mark.django_db
def test_kader_registration_with_nik_checks(world: Any) -> None:
    client = login(world.users["kader_a"])
    base = {
        "name": "Nur Hidayah",
        "sex": "P",
        "birth_date": "1990-03-04",
        "desa": world.desa_a.code,
        "posyandu": world.posyandu_a.pk,
        "start_date": "2024-01-02",
        "board_role": "anggota",
        "spm_field": "kesehatan",
    }
    bad = client.post("/posyandu/kader/baru/", {**base, "nik": "6474014403"})
    assert bad.context["form"].errors["nik"] == ["NIK harus 16 digit angka."]
    duplicate = client.post("/posyandu/kader/baru/", {**base, "nik": world.kader_a.nik})
    assert duplicate.context["form"].errors["nik"] == [
        "NIK ini tidak dapat dipakai. Periksa kembali NIK atau hubungi petugas puskesmas/desa."
    ]
    # A wrong birth date is a warning: the kader is stored, the warning shown.
    response = client.post("/posyandu/kader/baru/", {**base, "nik": "6474014404900003"}, follow=True)
    kader = Kader.objects.get(name="Nur Hidayah")
    assert kader.nik == "6474014404900003"
    assert "Tanggal lahir tidak cocok dengan NIK." in response.content.decode()
    membership = KaderMembership.objects.get(kader=kader)
    assert (membership.posyandu, membership.board_role, membership.end_date) == (
        world.posyandu_a,
        "anggota",
        None,
    )
    # The kader of posyandu A cannot put someone into a posyandu they do not see.
    other = client.post("/posyandu/kader/baru/", {**base, "name": "X", "posyandu": world.posyandu_b.pk})
    assert "posyandu" in other.context["form"].errors


@pytest.mark.django_db
def test_memberships_training_and_lestari(world: Any) -> None:
    client = login(world.users["kecamatan"])
    kader = world.kader_a  # ketua of posyandu A since 2012-01-15
    response = client.post(
        f"/posyandu/keanggotaan/{world.membership_a.pk}/akhiri/", {"end_date": "2011-01-01"}
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert (
        client.post(
            f"/posyandu/kader/{kader.pk}/keanggotaan/baru/",
            {
                "posyandu": world.posyandu_a2.pk,
                "start_date": "2020-01-01",
                "board_role": "anggota",
                "spm_field": "sosial",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/posyandu/kader/{kader.pk}/pelatihan/baru/",
            {
                "competency_group": "ibu_hamil",
                "topic": "Kelas ibu hamil",
                "date": "2025-05-05",
                "organiser": "Puskesmas",
            },
        ).status_code
        == 302
    )
    assert kader.trainings.count() == 2
    lestari = client.get("/posyandu/kader/lestari/?tahun=2025")
    assert [r.kader.name for r in lestari.context["rows"]] == ["Siti Rahayu"]
    assert lestari.context["rows"][0].service.years == 13
    assert client.get("/posyandu/kader/lestari/?tahun=2021").context["rows"] == []  # 9 years then
    assert client.get("/posyandu/kader/lestari/?tahun=2025&minimal=20").context["rows"] == []


@pytest.mark.django_db
def test_nik_is_masked_and_each_full_view_is_logged(world: Any) -> None:
    client = login(world.users["kecamatan"])
    detail = client.get(f"/posyandu/kader/{world.kader_a.pk}/").content.decode()
    assert "6474********0001" in detail and "6474015205800001" not in detail
    listing = client.get("/posyandu/kader/").content.decode()
    assert "6474015205800001" not in listing
    assert client.get(f"/posyandu/kader/{world.kader_a.pk}/nik/").content.decode() == "6474015205800001"
    event = AuditEvent.objects.get(verb="view_nik")
    assert event.actor == world.users["kecamatan"]


@pytest.mark.django_db
def test_scopes_of_the_personas(world: Any) -> None:
    def codes(user: str) -> list[str]:
        return sorted(Posyandu.objects.visible_to(world.users[user]).values_list("code", flat=True))

    assert codes("admin") == ["PA1", "PA2", "PB1"]
    assert codes("kabupaten") == ["PA1", "PA2"]
    assert codes("kecamatan") == ["PA1", "PA2"]
    assert codes("desa_a") == ["PA1"]
    assert codes("bidan_a") == ["PA1"]
    assert codes("kader_a") == ["PA1"]
    assert codes("kader_b") == ["PB1"]
    assert codes("other_kabupaten") == ["PB1"]
    assert list(Kader.objects.visible_to(world.users["kader_b"])) == [world.kader_b]


def test_service_is_computed_from_memberships(world: Any) -> None:
    assert world.kader_a.service(datetime.date(2026, 1, 15)).years == 14


@pytest.mark.django_db
def test_equipment_list_holds_what_the_posyandu_day_measures(world: Any) -> None:
    """Blood pressure and blood glucose are measured at the ILP stations, so their instruments are on the
    inventory (issue 10); they are not "essential", which means the growth-monitoring kit (aktif-2021)."""
    listed = dict(EquipmentItem.objects.values_list("name", "is_essential"))
    assert listed["Tensimeter (alat ukur tekanan darah)"] is False
    assert listed["Glukometer (alat cek gula darah)"] is False
    page = login(world.users["kader_a"]).get(f"/posyandu/{world.posyandu_a.pk}/alat/").content.decode()
    assert "Tensimeter (alat ukur tekanan darah)" in page and "Glukometer (alat cek gula darah)" in page


@pytest.mark.django_db
def test_equipment_migration_adds_the_new_items_once() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("posyandu.migrations.0003_blood_pressure_meter_and_glucometer")
    EquipmentItem.objects.filter(name__startswith="Tensimeter").delete()
    EquipmentItem.objects.filter(name__startswith="Glukometer").delete()
    before = EquipmentItem.objects.count()
    for _run in range(2):
        migration.add_items(apps, None)
    assert EquipmentItem.objects.count() == before + 2
