"""The desa's commitments (issue 17, point 4): a Pokja desa records its Perdes, SK and APBDes with their
documents, a rakor decision asks a commitment of every desa of the area, and the kecamatan and kabupaten see
per area how many desa have each one and which are late, down to the desa behind every number."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from conftest import JPEG_BYTES, TODAY
from pokjanal import actions
from pokjanal.commitments import counts_by_area
from pokjanal.models import Commitment, CommitmentDocument, Decision
from pokjanal.tests.conftest import login
from regions.codes import within_q
from regions.models import Region

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def uid() -> str:
    return str(uuid.uuid4())


def desa_in(code: str) -> list[Region]:
    return list(Region.objects.filter(within_q("code", code), level=4).order_by("code"))


def page(world: Any, desa: Region) -> str:
    return f"/pokjanal/komitmen/desa/{desa.code}/"


def perdes(status: str = "ada", **extra: Any) -> dict[str, Any]:
    data = {
        "kind": "perdes_lkd",
        "status": status,
        "document_number": "Perdes No. 4 Tahun 2025",
        "signed_on": "2025-07-14",
        "client_uuid": uid(),
    }
    return data | extra


def record(world: Any, desa: Region, kind: str, status: str, **terms: Any) -> Commitment:
    defaults: dict[str, Any] = (
        {"document_number": "No. 1/2025", "signed_on": datetime.date(2025, 1, 2)} if status == "ada" else {}
    )
    return actions.record_commitment(
        world.users["admin"],
        desa,
        kind=kind,
        year=terms.pop("year", None),
        title=terms.pop("title", ""),
        terms=actions.CommitmentTerms(status=status, **(defaults | terms)),
    )


def held_decision(world: Any, text: str = "Setiap desa menetapkan Perdes posyandu sebagai LKD") -> Decision:
    """A decision of a held rakor of the Kota Bontang body."""
    from django.utils import timezone

    body = world.pokjanal.body_kab
    admin = world.users["admin"]
    rakor = actions.plan_rakor(
        admin,
        body,
        title="Rakor Pokjanal Posyandu November",
        place="Kantor Wali Kota",
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0)),
    )
    actions.hold_rakor(
        admin, rakor, held_on=datetime.date(2026, 11, 20), attendees=[], guests="", minutes="Rakor", agenda={}
    )
    return actions.add_decision(admin, rakor, text=text, category="kelembagaan")


@pytest.mark.django_db
def test_pokja_desa_records_a_perdes_with_its_pdf(world: Any) -> None:
    client = login(world.users["desa_a"])
    upload = SimpleUploadedFile("Perdes Posyandu LKD.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(page(world, world.desa_a), perdes(document_files=[upload]))
    assert response.status_code == 302, response.context["form"].errors
    commitment = Commitment.objects.get(desa=world.desa_a)
    assert (commitment.kind, commitment.status, commitment.document_number, commitment.signed_on) == (
        "perdes_lkd",
        "ada",
        "Perdes No. 4 Tahun 2025",
        datetime.date(2025, 7, 14),
    )
    document = commitment.documents.get()
    stored = Path(settings.MEDIA_ROOT) / document.path
    assert stored.read_bytes() == PDF_BYTES
    assert document.path.startswith("pokjanal/komitmen/2026/11/") and "Perdes" not in document.path
    assert AuditEvent.objects.filter(verb="record_commitment", region_code=world.desa_a.code).count() == 1
    assert AuditEvent.objects.filter(verb="add_commitment_document").count() == 1

    shown = client.get(page(world, world.desa_a)).content.decode()
    link = f"/pokjanal/komitmen/desa/{world.desa_a.code}/dokumen/?id={document.pk}"
    assert link in shown and "Perdes No. 4 Tahun 2025" in shown
    served = client.get(link)
    assert served.status_code == 200 and served.getvalue() == PDF_BYTES
    assert served["Content-Type"] == "application/pdf"
    # The same document through another desa's URL, or by an officer of another kabupaten: nothing.
    assert (
        client.get(f"/pokjanal/komitmen/desa/{world.desa_a2.code}/dokumen/?id={document.pk}").status_code
        == 404
    )
    assert login(world.users["other_kabupaten"]).get(link).status_code == 404

    # Recording the Perdes again updates the one record (a desa has one Perdes), and the history says so.
    again = client.post(page(world, world.desa_a), perdes(document_number="Perdes No. 5 Tahun 2025"))
    assert again.status_code == 302
    assert Commitment.objects.get(desa=world.desa_a).document_number == "Perdes No. 5 Tahun 2025"
    assert AuditEvent.objects.filter(verb="update_commitment").count() == 1


@pytest.mark.django_db
def test_an_apbdes_allocation_needs_its_year_and_amount(world: Any) -> None:
    client = login(world.users["desa_a"])
    data = {"kind": "apbdes", "status": "ada", "document_number": "APBDes 2026", "signed_on": "2025-12-30"}
    refused = client.post(page(world, world.desa_a), data | {"client_uuid": uid()})
    assert refused.status_code == 200
    assert refused.context["form"].errors["year"] == ["Pilih tahun anggaran APBDes."]
    no_amount = client.post(page(world, world.desa_a), data | {"year": "2026", "client_uuid": uid()})
    assert no_amount.context["form"].errors["amount_rp"] == ["Isi jumlah alokasi APBDes untuk posyandu."]
    assert not Commitment.objects.exists()
    saved = client.post(
        page(world, world.desa_a), data | {"year": "2026", "amount_rp": "Rp 15.000.000", "client_uuid": uid()}
    )
    assert saved.status_code == 302
    assert Commitment.objects.values_list("key", "year", "amount_rp").get() == (
        "apbdes:2026",
        2026,
        15_000_000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("perdes.pdf", b"Perdes No. 4 Tahun 2025 (teks biasa, bukan PDF)"),
        ("sk.png", b"GIF89a\x01\x00\x01\x00"),
        ("foto.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
    ],
)
def test_a_file_that_is_no_pdf_jpg_or_png_is_refused_and_nothing_saved(
    world: Any, name: str, content: bytes
) -> None:
    client = login(world.users["desa_a"])
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(page(world, world.desa_a), perdes(document_files=[upload]))
    assert response.status_code == 200
    assert response.context["form"].errors["document_files"] == [
        "Dokumen harus berupa berkas PDF, JPG atau PNG."
    ]
    assert not Commitment.objects.exists() and not CommitmentDocument.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "pokjanal" / "komitmen").exists()


@pytest.mark.django_db
def test_a_photo_of_the_sk_is_accepted(world: Any) -> None:
    client = login(world.users["desa_a"])
    upload = SimpleUploadedFile("sk-kades.jpg", JPEG_BYTES, content_type="image/jpeg")
    data = perdes(kind="sk_pengurus", document_number="SK Kades 141/07/2025", document_files=[upload])
    assert client.post(page(world, world.desa_a), data).status_code == 302
    assert Commitment.objects.get().documents.get().content_type == "image/jpeg"


@pytest.mark.django_db
def test_overdue_is_open_and_past_its_due_date_on_the_frozen_today(world: Any) -> None:
    late = record(world, world.desa_a, "perdes_lkd", "proses", due_date=TODAY - datetime.timedelta(days=1))
    due_today = record(world, world.desa_a2, "perdes_lkd", "belum", due_date=TODAY)
    done_late = record(
        world, world.desa_a, "sk_pengurus", "ada", due_date=TODAY - datetime.timedelta(days=30)
    )
    assert [c.is_overdue(TODAY) for c in (late, due_today, done_late)] == [True, False, False]
    assert list(Commitment.objects.overdue(TODAY)) == [late]
    counts = counts_by_area(world.desa_a.parent_id, TODAY)
    assert counts.total.cell("perdes_lkd").overdue == 1
    assert counts.total.cell("sk_pengurus").overdue == 0
    assert counts.total.overdue_desa == 1
    shown = login(world.users["desa_a"]).get(page(world, world.desa_a)).content.decode()
    assert shown.count('data-testid="overdue"') == 1


@pytest.mark.django_db
def test_kecamatan_overview_counts_and_the_desa_behind_each_number(world: Any) -> None:
    kecamatan = world.desa_a.parent
    desa = desa_in(kecamatan.code)
    other = desa[-1]
    assert other.code not in {world.desa_a.code, world.desa_a2.code}
    record(world, world.desa_a, "perdes_lkd", "ada")
    record(world, world.desa_a2, "perdes_lkd", "proses", due_date=TODAY - datetime.timedelta(days=10))
    record(world, other, "sk_pengurus", "ada")
    record(world, other, "apbdes", "ada", year=TODAY.year, amount_rp=20_000_000)
    record(world, world.desa_a, "apbdes", "ada", year=TODAY.year - 1, amount_rp=9_000_000)  # last year's

    client = login(world.users["kecamatan"])
    response = client.get("/pokjanal/komitmen/")
    counts = response.context["counts"]
    assert counts.region_code == kecamatan.code
    assert counts.total.desa == len(desa) and [a.code for a in counts.areas] == [d.code for d in desa]
    total = counts.total
    apbdes = f"apbdes:{TODAY.year}"
    assert (total.cell("perdes_lkd").have, total.cell("perdes_lkd").overdue) == (1, 1)
    assert (total.cell("sk_pengurus").have, total.cell(apbdes).have) == (1, 1)
    html = response.content.decode()
    assert f"komitmen={apbdes.replace(':', '%3A')}" in html

    def behind(key: str, state: str) -> list[str]:
        listed = client.get(
            "/pokjanal/komitmen/", {"wilayah": kecamatan.code, "komitmen": key, "keadaan": state}
        )
        return [row.desa.code for row in listed.context["behind"]]

    assert behind("perdes_lkd", "ada") == [world.desa_a.code]
    assert behind("perdes_lkd", "terlambat") == [world.desa_a2.code]
    assert behind("perdes_lkd", "belum") == [d.code for d in desa if d.code != world.desa_a.code]
    assert behind(apbdes, "ada") == [other.code]
    listed = client.get(
        "/pokjanal/komitmen/", {"wilayah": kecamatan.code, "komitmen": "perdes_lkd", "keadaan": "ada"}
    )
    assert f"/pokjanal/komitmen/desa/{world.desa_a.code}/" in listed.content.decode()

    # The kabupaten sees the same desa counted in their kecamatan's row.
    kab = login(world.users["kabupaten"]).get("/pokjanal/komitmen/").context["counts"]
    row = next(a for a in kab.areas if a.code == kecamatan.code)
    assert (row.desa, row.cell("perdes_lkd").have, row.overdue_desa) == (len(desa), 1, 1)
    assert kab.total.desa == len(desa_in("64.74"))


@pytest.mark.django_db
def test_a_rakor_decision_asks_every_desa_of_the_area_once(world: Any) -> None:
    decision = held_decision(world)
    record(world, world.desa_a, "perdes_lkd", "ada")  # already has it: kept as recorded
    client = login(world.users["kabupaten"])
    url = f"/pokjanal/rakor/{decision.rakor_id}/komitmen/"
    form = client.get(url, {"keputusan": decision.pk})
    assert form.status_code == 200 and form.context["form"].initial["decision"] == decision.pk
    data = {"decision": decision.pk, "kind": "perdes_lkd", "due_date": "2027-03-31"}
    response = client.post(url, data | {"client_uuid": uid()}, follow=True)
    kota_desa = desa_in("64.74")
    created = Commitment.objects.filter(decision=decision)
    assert created.count() == len(kota_desa) - 1
    assert {c.due_date for c in created} == {datetime.date(2027, 3, 31)}
    assert Commitment.objects.get(desa=world.desa_a).status == "ada"
    assert AuditEvent.objects.filter(verb="commitment_from_decision").count() == len(kota_desa) - 1
    assert f"{len(kota_desa) - 1} komitmen desa/kelurahan dibuat; 1 desa/kelurahan sudah memilikinya" in (
        response.content.decode()
    )
    assert "desa/kelurahan</div>" in response.content.decode()  # the decision shows its commitments
    # Sent again: nothing more.
    client.post(url, data | {"client_uuid": uid()})
    assert Commitment.objects.count() == len(kota_desa)
    assert not Commitment.objects.filter(within_q("desa_id", "64.07")).exists()

    # Another commitment of the seed's rakor, with a title: its own column in the overview.
    title = {"kind": "lainnya", "title": "Sosialisasi  Posyandu Sahabat Keluarga", "due_date": "2026-11-01"}
    client.post(url, {"decision": decision.pk} | title | {"client_uuid": uid()})
    counts = client.get("/pokjanal/komitmen/").context["counts"]
    column = next(c for c in counts.columns if c.key.startswith("lainnya:"))
    assert column.label == "Sosialisasi Posyandu Sahabat Keluarga"
    assert counts.total.cell(column.key).overdue == len(kota_desa)
    assert counts.total.overdue_desa == len(kota_desa)


@pytest.mark.django_db
def test_an_officer_of_another_kabupaten_gets_404(world: Any) -> None:
    commitment = record(world, world.desa_a, "perdes_lkd", "ada")
    decision = held_decision(world)
    outsider = login(world.users["other_kabupaten"])
    assert outsider.get(page(world, world.desa_a)).status_code == 404
    assert outsider.post(page(world, world.desa_a), perdes()).status_code == 404
    assert outsider.get(f"/pokjanal/rakor/{decision.rakor_id}/komitmen/").status_code == 404
    assert (
        outsider.post(
            f"/pokjanal/rakor/{decision.rakor_id}/komitmen/",
            {"decision": decision.pk, "kind": "sk_pengurus", "due_date": "2027-01-01", "client_uuid": uid()},
        ).status_code
        == 404
    )
    overview = outsider.get("/pokjanal/komitmen/", {"wilayah": world.desa_a.parent_id})
    assert overview.context["counts"].region_code == "64.07"
    assert world.desa_a.name not in overview.content.decode()
    assert Commitment.objects.get() == commitment and commitment.status == "ada"


@pytest.mark.django_db
def test_a_read_only_user_or_a_kader_may_only_read(world: Any) -> None:
    record(world, world.desa_a, "perdes_lkd", "proses")
    decision = held_decision(world)
    viewer = login(world.users["kabupaten_viewer"])
    shown = viewer.get(page(world, world.desa_a))
    assert shown.status_code == 200 and "Catat atau perbarui komitmen" not in shown.content.decode()
    assert viewer.post(page(world, world.desa_a), perdes()).status_code == 403
    assert (
        viewer.post(
            f"/pokjanal/rakor/{decision.rakor_id}/komitmen/",
            {"decision": decision.pk, "kind": "sk_pengurus", "due_date": "2027-01-01", "client_uuid": uid()},
        ).status_code
        == 403
    )
    assert login(world.users["kader_a"]).post(page(world, world.desa_a), perdes()).status_code == 403
    assert Commitment.objects.get().status == "proses"


@pytest.mark.django_db
def test_the_rakor_agenda_shows_the_weakest_areas(world: Any) -> None:
    kecamatan = [r for r in Region.objects.filter(parent_id="64.74").order_by("code")]
    assert len(kecamatan) >= 3
    weakest = next(k for k in kecamatan if k.code != world.desa_a.parent_id)
    for k in kecamatan:
        if k == weakest:
            record(world, desa_in(k.code)[0], "perdes_lkd", "ada")  # a Perdes in one desa, no SK anywhere
            continue
        for d in desa_in(k.code):
            record(world, d, "perdes_lkd", "ada")
            record(world, d, "sk_pengurus", "ada")
    record(
        world,
        world.desa_a,
        "lainnya",
        "belum",
        title="Rakor rutin",
        due_date=TODAY - datetime.timedelta(days=3),
    )
    html = login(world.users["kabupaten"]).get(f"/pokjanal/rakor/{world.pokjanal.rakor.pk}/").content.decode()
    weak = html.split('data-testid="agenda-commitment-weak"')
    assert len(weak) == 4  # three areas
    share = f"{100 / len(desa_in(weakest.code)):.1f}".replace(".", ",")  # one desa of the kecamatan
    assert weakest.name in weak[1] and f"Perdes LKD {share} %, SK pengurus 0,0 %" in weak[1]
    late = html.split('data-testid="agenda-commitment-overdue"')
    assert len(late) == 2 and world.desa_a.parent.name in late[1] and "1 desa dengan komitmen" in late[1]


@pytest.mark.django_db
def test_the_pokja_desa_brings_a_rakor_commitment_up_to_date(world: Any) -> None:
    decision = held_decision(world)
    actions.commitments_from_decision(
        world.users["admin"], decision, kind="sk_pengurus", due_date=TODAY - datetime.timedelta(days=5)
    )
    asked = Commitment.objects.get(desa=world.desa_a)
    client = login(world.users["desa_a"])
    assert client.get("/pokjanal/komitmen/").context["counts"].total.cell("sk_pengurus").overdue == 1
    form = client.get(page(world, world.desa_a), {"ubah": asked.pk}).context["form"]
    assert (form.initial["kind"], form.initial["due_date"]) == ("sk_pengurus", asked.due_date)
    upload = SimpleUploadedFile("sk.pdf", PDF_BYTES, content_type="application/pdf")
    data = perdes(kind="sk_pengurus", document_number="SK Kades 141/07/2026", document_files=[upload])
    assert client.post(page(world, world.desa_a), data).status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.due_date, asked.decision_id) == (
        "ada",
        TODAY - datetime.timedelta(days=5),
        decision.pk,
    )
    assert asked.documents.count() == 1
    assert client.get("/pokjanal/komitmen/").context["counts"].total.cell("sk_pengurus").overdue == 0


@pytest.mark.django_db
def test_the_invitation_lists_the_areas_weakest_in_commitments(world: Any) -> None:
    from pokjanal.tests.conftest import pdf_text

    record(world, world.desa_a, "perdes_lkd", "belum", due_date=TODAY - datetime.timedelta(days=1))
    response = login(world.users["kabupaten"]).get(f"/pokjanal/rakor/{world.pokjanal.rakor.pk}/undangan.pdf")
    text = pdf_text(response.content)
    assert "Komitmen desa/kelurahan: wilayah terlemah" in text
    assert world.desa_a.parent.name in text
