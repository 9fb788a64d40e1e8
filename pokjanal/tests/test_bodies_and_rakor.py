"""Bodies and members, the sector role map suggesting owners, and a rakor from its generated agenda to
decisions and actions, with the printable invitation and minutes."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from conftest import TODAY
from pokjanal import actions
from pokjanal.models import Action, Body, Decision, Member, Rakor, SectorRole
from pokjanal.tests.conftest import login, pdf_text


def uid() -> str:
    return str(uuid.uuid4())


@pytest.mark.django_db
def test_body_with_its_legal_basis_and_members(world: Any) -> None:
    client = login(world.users["kabupaten"])
    kecamatan = (
        world.desa_a2.parent.parent.children.exclude(code=world.desa_a.parent_id).order_by("code").first()
    )
    data = {
        "region": kecamatan.code,
        "name": "Tim Pembina Posyandu Kec. Bontang Selatan",
        "sk_number": "400.5/12/BS",
        "sk_date": "2025-04-01",
        "sk_signed_by": "Camat Bontang Selatan",
        "term_start": "2025-04-01",
        "term_end": "2030-03-31",
        "rakor_target_per_year": "3",
        "client_uuid": uid(),
    }
    response = client.post("/pokjanal/tim/baru/", data)
    body = Body.objects.get(region=kecamatan)
    assert response["Location"] == f"/pokjanal/tim/{body.pk}/"
    assert (body.sk_number, body.rakor_target_per_year, body.term_end) == (
        "400.5/12/BS",
        3,
        datetime.date(2030, 3, 31),
    )
    # One body per region.
    again = client.post("/pokjanal/tim/baru/", data | {"client_uuid": uid()})
    assert again.context["form"].errors["region"] == ["Wilayah ini sudah punya Tim Pembina."]
    member = {
        "name": "Ir. Hendra",
        "institution": "Puskesmas Bontang Selatan",
        "sector": "kesehatan",
        "role": "anggota",
        "phone": "0812",
        "user": "",
        "active": "on",
        "client_uuid": uid(),
    }
    assert client.post(f"/pokjanal/tim/{body.pk}/anggota/baru/", member).status_code == 302
    assert list(body.members.values_list("name", "institution", "sector")) == [
        ("Ir. Hendra", "Puskesmas Bontang Selatan", "kesehatan")
    ]
    # A kecamatan officer cannot create a body outside their kecamatan, nor a kabupaten body.
    kec = login(world.users["kecamatan"])
    refused = kec.post("/pokjanal/tim/baru/", data | {"region": "64.74", "client_uuid": uid()})
    assert "region" in refused.context["form"].errors
    assert login(world.users["kader_a"]).get("/pokjanal/tim/baru/").status_code == 403


@pytest.mark.django_db
def test_member_linked_to_a_user_account_and_history(world: Any) -> None:
    client = login(world.users["kabupaten"])
    member = world.pokjanal.member_kab
    data = {
        "name": "Bahtiar Mabe, S.Sos",
        "institution": "Dinas Sosial dan PM",
        "sector": "pmd",
        "role": "ketua",
        "phone": "",
        "user": world.users["kecamatan"].pk,
        "client_uuid": uid(),
    }
    assert client.post(f"/pokjanal/anggota/{member.pk}/ubah/", data).status_code == 302
    member.refresh_from_db()
    assert (member.name, member.role, member.user, member.active) == (
        "Bahtiar Mabe, S.Sos",
        "ketua",
        world.users["kecamatan"],
        False,  # the box was left unticked
    )
    event = AuditEvent.objects.get(verb="update_pokjanal_member")
    assert event.changes["role"] == ["sekretaris", "ketua"]
    history = client.get(f"/pokjanal/tim/{world.pokjanal.body_kab.pk}/riwayat/").content.decode()
    assert "update_pokjanal_member" in history


@pytest.mark.django_db
def test_sector_role_map_matrix_and_owner_suggestion(world: Any) -> None:
    body = world.pokjanal.body_kab
    admin = world.users["admin"]
    actions.set_sector_role(
        admin,
        body,
        sector="pmd",
        category="kelembagaan",
        programme="",
        is_lead=True,
        responsibility="SK pengurus dan Perdes LKD",
    )
    actions.set_sector_role(
        admin,
        body,
        sector="pkk",
        category="manusia",
        programme="gizi",
        is_lead=False,
        responsibility="Penyuluhan gizi oleh kader PKK",
    )
    # Kesehatan leads Bina Manusia (world), so it is suggested with its active member.
    assert actions.suggest_owner(body, "manusia") == ("kesehatan", body.members.get(sector="kesehatan"))
    assert actions.suggest_owner(body, "manusia", "gizi") == ("pkk", None)  # the programme's own sector
    assert actions.suggest_owner(body, "kelembagaan") == ("pmd", world.pokjanal.member_kab)
    assert actions.suggest_owner(body, "usaha") == ("", None)
    client = login(world.users["kabupaten"])
    # A new action of a category starts with the suggested owner, the map shown under it.
    form = client.get(f"/pokjanal/tim/{body.pk}/aksi/baru/?kategori=kelembagaan").context["form"]
    assert (form.initial["owner_sector"], form.initial["owner_member"]) == (
        "pmd",
        world.pokjanal.member_kab.pk,
    )
    assert (
        "Bina Kelembagaan: Pemberdayaan Masyarakat dan Desa (DPMD) *" in form.fields["owner_sector"].help_text
    )
    page = client.get(f"/pokjanal/tim/{body.pk}/peta-peran/")
    rows = {
        label: [[r.responsibility for r in cell] for cell in cells] for label, cells in page.context["rows"]
    }
    assert rows == {
        "Kesehatan (Dinas Kesehatan, Puskesmas)": [[], ["Pelatihan dan pendampingan kader"], [], []],
        "Pemberdayaan Masyarakat dan Desa (DPMD)": [["SK pengurus dan Perdes LKD"], [], [], []],
        "TP PKK": [[], ["Penyuluhan gizi oleh kader PKK"], [], []],
    }
    # The same cell again updates its responsibility; removing is logged.
    role = actions.set_sector_role(
        admin,
        body,
        sector="pmd",
        category="kelembagaan",
        programme="",
        is_lead=True,
        responsibility="Perbup LKD",
    )
    assert (
        SectorRole.objects.filter(body=body, sector="pmd").count() == 1
        and role.responsibility == "Perbup LKD"
    )
    assert client.post(f"/pokjanal/peta-peran/{role.pk}/hapus/", {"client_uuid": uid()}).status_code == 302
    assert not SectorRole.objects.filter(pk=role.pk).exists()
    assert AuditEvent.objects.get(verb="remove_sector_role").changes["responsibility"] == ["Perbup LKD", None]
    # The new-action form names the suggested owner of the problem's category.
    form = client.get(f"/pokjanal/tim/{body.pk}/aksi/baru/?kategori=manusia").context["form"]
    assert (form.initial["owner_sector"], form.initial["owner_member"]) == (
        "kesehatan",
        body.members.get(sector="kesehatan").pk,
    )


@pytest.mark.django_db
def test_rakor_from_generated_agenda_to_decisions_and_actions(world: Any) -> None:
    body = world.pokjanal.body_kab
    admin = world.users["admin"]
    actions.refresh_problems([world.posyandu_a.pk, world.posyandu_a2.pk], today=TODAY)
    late = actions.create_action(
        admin,
        world.pokjanal.body_kec,
        description="Pelatihan kader Bontang Utara",
        category="manusia",
        origin="rencana",
        owner_sector="kesehatan",
        due_date=datetime.date(2026, 10, 1),
    )
    client = login(world.users["kabupaten"])
    response = client.post(
        f"/pokjanal/tim/{body.pk}/rakor/baru/",
        {
            "title": "Rakor Pokjanal Posyandu Kota Bontang II",
            "theme": "Penguatan peran Pokja",
            "starts_at": "2026-11-30T09:00",
            "place": "Aula Setda",
            "invitation_number": "005/77/DSPM",
            "extra_agenda": "Persiapan Operasi Timbang Serentak",
            "client_uuid": uid(),
        },
    )
    rakor = Rakor.objects.get(title="Rakor Pokjanal Posyandu Kota Bontang II")
    assert response["Location"] == f"/pokjanal/rakor/{rakor.pk}/"
    agenda = client.get(f"/pokjanal/rakor/{rakor.pk}/").context["agenda"]
    assert [a["description"] for a in agenda["overdue_actions"]] == ["Pelatihan kader Bontang Utara"]
    assert [a["description"] for a in agenda["open_actions"]] == [
        "Pindahkan layanan ke balai RW selama musim hujan"
    ]
    assert [(p["kind"], p["count"], p["high"]) for p in agenda["problems"]] == [
        ("alat_esensial", 2, 0),
        ("hari_buka_kurang", 2, 2),
        ("kader_kurang", 2, 2),
        ("kompetensi_kosong", 2, 0),
        ("lainnya", 2, 0),  # by hand and at the supervision visit
    ]
    first = agenda["indicators"][0]
    assert (first["label"], first["value_pct"], first["target_pct"]) == (
        "Posyandu dengan ≥ 5 kader aktif",
        0.0,
        100.0,
    )
    stunting = next(i for i in agenda["indicators"] if i["label"] == "Prevalensi stunting")
    assert (stunting["value_pct"], stunting["target_pct"], stunting["worst_area"]) == (100.0, 18.8, "")
    assert agenda["extra"] == ["Persiapan Operasi Timbang Serentak"]
    # Held: attendance, minutes, agenda frozen.
    suryani = body.members.get(name="dr. Suryani")
    hold = {
        "held_on": "2026-11-20",
        "attendees": [suryani.pk],
        "guests": "Camat Bontang Utara",
        "minutes": "Dibahas aksi yang terlambat.",
        "client_uuid": uid(),
    }
    assert client.post(f"/pokjanal/rakor/{rakor.pk}/laksanakan/", hold).status_code == 302
    rakor.refresh_from_db()
    assert (rakor.status, rakor.held_on, list(rakor.attendees.all())) == (
        "held",
        datetime.date(2026, 11, 20),
        [suryani],
    )
    assert rakor.agenda["overdue_actions"][0]["id"] == late.pk
    # A decision with its action, owner suggested from the role map and chosen in the form.
    decision = {
        "text": "Latih kader di lima kelompok kompetensi",
        "category": "manusia",
        "make_action": "on",
        "owner_member": suryani.pk,
        "owner_sector": "kesehatan",
        "owner_partner": "",
        "due_date": "2027-03-31",
        "region": world.desa_a.parent_id,
        "posyandu": "",
        "client_uuid": uid(),
    }
    assert client.post(f"/pokjanal/rakor/{rakor.pk}/keputusan/baru/", decision).status_code == 302
    made = Decision.objects.get(rakor=rakor)
    action = Action.objects.get(decision=made)
    assert (
        action.origin,
        action.category,
        action.owner_member,
        action.region_id,
        action.due_date,
        action.status,
    ) == (
        "rakor",
        "manusia",
        suryani,
        world.desa_a.parent_id,
        datetime.date(2027, 3, 31),
        "planned",
    )
    # A decision needs an owner when it becomes an action.
    bad = client.post(
        f"/pokjanal/rakor/{rakor.pk}/keputusan/baru/",
        decision | {"owner_member": "", "owner_sector": "", "client_uuid": uid()},
    )
    assert bad.context["form"].non_field_errors() == ["Isi penanggung jawab: anggota, OPD/sektor atau mitra."]
    # A decision is published: a NIK typed into it is refused.
    named = decision | {"text": "Rujuk balita NIK 6474 0152 0580 0001 ke puskesmas", "client_uuid": uid()}
    refused = client.post(f"/pokjanal/rakor/{rakor.pk}/keputusan/baru/", named)
    assert refused.context["form"].errors["text"] == [
        "Teks ini tampil di halaman publik dan tampaknya memuat NIK atau No. KK. Hapus nomor itu."
    ]
    assert "Tampil di halaman publik: jangan menulis nama, NIK atau alamat warga." in refused.content.decode()
    assert Decision.objects.filter(rakor=rakor).count() == 1
    # Meetings held this year against the target.
    page = client.get(f"/pokjanal/tim/{body.pk}/")
    assert page.context["rakor_years"] == [(2026, 1)]
    assert "2026: 1/2" in page.content.decode()
    # Printable invitation and minutes.
    invitation = client.get(f"/pokjanal/rakor/{rakor.pk}/undangan.pdf")
    minutes = client.get(f"/pokjanal/rakor/{rakor.pk}/notulen.pdf")
    assert invitation["Content-Type"] == minutes["Content-Type"] == "application/pdf"
    invitation_text, minutes_text = pdf_text(invitation.content), pdf_text(minutes.content)
    assert "Nomor: 005/77/DSPM" in invitation_text and "Aula Setda" in invitation_text
    assert "Pelatihan kader Bontang Utara" in invitation_text  # the overdue action on the agenda
    assert "Notulen Rakor Pokjanal Posyandu Kota Bontang II" in minutes_text
    assert "Dibahas aksi yang terlambat." in minutes_text and "dr. Suryani" in minutes_text


@pytest.mark.django_db
def test_planned_rakor_has_no_minutes_and_cancelled_cannot_be_held(world: Any) -> None:
    rakor = world.pokjanal.rakor
    client = login(world.users["kabupaten"])
    response = client.get(f"/pokjanal/rakor/{rakor.pk}/notulen.pdf")
    assert response.status_code == 302
    assert client.post(f"/pokjanal/rakor/{rakor.pk}/batal/", {"client_uuid": uid()}).status_code == 302
    rakor.refresh_from_db()
    assert rakor.status == "cancelled"
    held = client.post(
        f"/pokjanal/rakor/{rakor.pk}/laksanakan/",
        {"held_on": "2026-11-20", "minutes": "x", "client_uuid": uid()},
    )
    assert held.context["form"].non_field_errors() == ["Rakor ini sudah dibatalkan."]


@pytest.mark.django_db
def test_index_query_count_does_not_grow_with_bodies(world: Any) -> None:
    admin = world.users["admin"]
    from regions.models import Region

    for desa in Region.objects.filter(code__startswith="64.74.", level=4).exclude(code=world.desa_a.code)[:8]:
        body = actions.create_body(admin, region=desa, name=f"Pokja {desa.name}")
        actions.add_member(admin, body, name="Ketua", institution="PKK", sector="pkk", role="ketua")
    client = login(world.users["kabupaten"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pokjanal/")
    assert len(response.context["bodies"]) == 11
    assert len(ctx.captured_queries) <= 6
    kab = next(b for b in response.context["bodies"] if b.region_id == "64.74")
    assert (kab.member_count, kab.rakor_held, kab.open_actions, kab.overdue_actions) == (2, 0, 1, 0)
    assert Member.objects.count() == 10
