"""Actions: from a problem (owner suggested), follow-up with a photo as evidence served only through an
access check, aksi nyata rolling up to the higher body, overdue actions standing out."""

from __future__ import annotations

import datetime
import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from conftest import JPEG_BYTES
from pokjanal import actions
from pokjanal.models import Action, ActionUpdate, Evidence, Problem
from pokjanal.tests.conftest import login


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


PNG_BYTES = _png()


def uid() -> str:
    return str(uuid.uuid4())


@pytest.mark.django_db
def test_action_from_a_problem_marks_it_handled(world: Any) -> None:
    body = world.pokjanal.body_kec
    admin = world.users["admin"]
    member = actions.add_member(
        admin, body, name="Sri Wahyuni", institution="TP PKK Kec.", sector="pkk", role="ketua"
    )
    actions.set_sector_role(
        admin,
        body,
        sector="pkk",
        category="usaha",
        programme="",
        is_lead=True,
        responsibility="Dana sehat",
    )
    problem = actions.record_problem(
        admin,
        world.posyandu_a2,
        kind="lainnya",
        category="usaha",
        severity="sedang",
        description="Tidak ada dana operasional",
    )
    client = login(world.users["kecamatan"])
    form = client.get(f"/pokjanal/tim/{body.pk}/aksi/baru/?masalah={problem.pk}").context["form"]
    assert form.initial == {
        "description": "Tidak ada dana operasional",
        "category": "usaha",
        "posyandu": world.posyandu_a2.pk,
        "owner_sector": "pkk",
        "owner_member": member.pk,
    }
    data = {
        "description": "Usulkan dana operasional di Musrenbangdes",
        "category": "usaha",
        "owner_member": member.pk,
        "owner_sector": "pkk",
        "owner_partner": "",
        "due_date": "2027-01-31",
        "region": "",
        "posyandu": world.posyandu_a2.pk,
        "problem": problem.pk,
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/tim/{body.pk}/aksi/baru/?masalah={problem.pk}", data)
    action = Action.objects.get(problem=problem)
    assert response["Location"] == f"/pokjanal/aksi/{action.pk}/"
    assert (action.origin, action.body, action.region_id, action.posyandu, action.created_on) == (
        "masalah",
        body,
        world.desa_a2.code,
        world.posyandu_a2,
        datetime.date(2026, 11, 25),
    )
    problem.refresh_from_db()
    assert problem.status == "handled"
    # Outside the body's region: refused.
    outside = client.post(
        f"/pokjanal/tim/{body.pk}/aksi/baru/",
        data | {"posyandu": "", "region": "64.74", "client_uuid": uid()},
    )
    assert "region" in outside.context["form"].errors


@pytest.mark.django_db
def test_follow_up_with_a_photo_and_the_evidence_is_access_checked(world: Any) -> None:
    action = world.pokjanal.action
    client = login(world.users["kecamatan"])
    photo = SimpleUploadedFile("posyandu-baru.jpg", JPEG_BYTES, content_type="image/jpeg")
    data = {
        "status": "done",
        "note": "Layanan pindah ke balai RW 01",
        "date": "2026-11-24",
        "caption": "Balai RW 01",
        "evidence_files": [photo],
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/aksi/{action.pk}/tindak-lanjut/", data)
    assert response["Location"] == f"/pokjanal/aksi/{action.pk}/"
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("done", datetime.date(2026, 11, 24))
    update = ActionUpdate.objects.get(action=action, status="done")
    evidence = Evidence.objects.get(update=update)
    stored = Path(settings.MEDIA_ROOT) / evidence.path
    stored_bytes = stored.read_bytes()  # re-encoded without metadata (test_evidence_photo_loses_its_exif)
    assert (evidence.original_name, evidence.content_type, evidence.caption, evidence.size_bytes) == (
        "posyandu-baru.jpg",
        "image/jpeg",
        "Balai RW 01",
        len(stored_bytes),
    )
    assert Image.open(stored).size == Image.open(io.BytesIO(JPEG_BYTES)).size
    assert evidence.path.startswith("pokjanal/bukti/2026/11/") and "posyandu-baru" not in evidence.path
    served = client.get(f"/pokjanal/bukti/{evidence.pk}/")
    assert served.status_code == 200 and served.getvalue() == stored_bytes
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    assert login(world.users["other_kabupaten"]).get(f"/pokjanal/bukti/{evidence.pk}/").status_code == 404
    assert login(world.users["kader_b"]).get(f"/pokjanal/bukti/{evidence.pk}/").status_code == 404
    # Done: no more follow-up.
    again = client.post(
        f"/pokjanal/aksi/{action.pk}/tindak-lanjut/", data | {"client_uuid": uid(), "evidence_files": []}
    )
    assert again.context["form"].non_field_errors() == [
        "Aksi yang sudah selesai atau batal tidak dapat ditindaklanjuti lagi."
    ]
    detail = client.get(f"/pokjanal/aksi/{action.pk}/").content.decode()
    assert f"/pokjanal/bukti/{evidence.pk}/" in detail and "Layanan pindah ke balai RW 01" in detail


def _photo_with_gps(orientation: int) -> bytes:
    """A 40x20 JPEG as a phone writes it: EXIF with a GPS position, an orientation tag and an XMP packet."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825).update(  # GPSInfo
        {1: "S", 2: (0.0, 7.0, 30.0), 3: "E", 4: (117.0, 29.0, 0.0)}
    )
    out = io.BytesIO()
    picture = Image.new("RGB", (40, 20), (200, 30, 30))
    picture.paste((20, 20, 220), (0, 0, 10, 20))  # a blue band on the left shows the turn
    picture.save(out, "JPEG", exif=exif.tobytes(), xmp=b"<x:xmpmeta>lokasi rumah</x:xmpmeta>")
    return out.getvalue()


@pytest.mark.django_db
def test_evidence_photo_loses_its_exif(world: Any) -> None:
    action = world.pokjanal.action
    client = login(world.users["kecamatan"])
    photo_bytes = _photo_with_gps(orientation=6)  # 6: the camera was turned; show rotated 90° clockwise
    assert b"Exif" in photo_bytes and Image.open(io.BytesIO(photo_bytes)).getexif().get_ifd(0x8825)
    data = {
        "status": "running",
        "note": "Foto rumah sasaran",
        "date": "2026-11-24",
        "evidence_files": [SimpleUploadedFile("rumah.jpg", photo_bytes, content_type="image/jpeg")],
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/aksi/{action.pk}/tindak-lanjut/", data)
    assert response.status_code == 302
    evidence = Evidence.objects.get(update__note="Foto rumah sasaran")
    stored = Path(settings.MEDIA_ROOT) / evidence.path
    stored_bytes = stored.read_bytes()
    assert (
        b"Exif" not in stored_bytes and b"xmpmeta" not in stored_bytes and b"PhoneMaker" not in stored_bytes
    )
    with Image.open(stored) as clean:
        assert dict(clean.getexif()) == {} and clean.format == "JPEG"
        assert clean.size == (20, 40)  # turned upright before the orientation tag was dropped
        top_right, bottom_left = clean.getpixel((15, 3)), clean.getpixel((3, 36))
    assert isinstance(top_right, tuple) and isinstance(bottom_left, tuple)
    assert top_right[2] > 150 and top_right[0] < 100  # the blue band is now at the top
    assert bottom_left[0] > 150 and bottom_left[2] < 100
    assert evidence.size_bytes == len(stored_bytes)


@pytest.mark.django_db
def test_evidence_photo_that_does_not_decode_is_refused(world: Any) -> None:
    action = world.pokjanal.action
    client = login(world.users["kabupaten"])
    broken = SimpleUploadedFile("foto.jpg", JPEG_BYTES[:40], content_type="image/jpeg")
    data = {
        "status": "running",
        "note": "x",
        "date": "2026-11-24",
        "evidence_files": [broken],
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/aksi/{action.pk}/tindak-lanjut/", data)
    assert response.context["form"].errors["evidence_files"] == ["Foto ini rusak atau tidak dapat dibaca."]
    assert Evidence.objects.count() == 1 and ActionUpdate.objects.count() == 1


@pytest.mark.django_db
def test_evidence_must_be_a_photo_or_pdf(world: Any) -> None:
    action = world.pokjanal.action
    client = login(world.users["kabupaten"])
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    data = {
        "status": "running",
        "note": "x",
        "date": "2026-11-24",
        "evidence_files": [fake],
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/aksi/{action.pk}/tindak-lanjut/", data)
    assert response.context["form"].errors["evidence_files"] == [
        "Bukti harus berupa foto (JPG, PNG, WEBP) atau PDF."
    ]
    assert Evidence.objects.count() == 1 and ActionUpdate.objects.count() == 1
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "pokjanal" / "bukti").rglob("*.*")) == [
        Path(world.pokjanal.evidence.path).name
    ]


@pytest.mark.django_db
def test_real_action_of_a_lower_body_rolls_up(world: Any) -> None:
    client = login(world.users["kecamatan"])
    body = world.pokjanal.body_kec
    data = {
        "description": "Penggerakan sasaran oleh RT di Bontang Kuala",
        "category": "lingkungan",
        "owner_member": "",
        "owner_sector": "pemerintahan",
        "owner_partner": "",
        "region": "",
        "posyandu": world.posyandu_a.pk,
        "done_on": "2026-11-21",
        "evidence_files": [SimpleUploadedFile("rt.png", PNG_BYTES, content_type="image/png")],
        "client_uuid": uid(),
    }
    response = client.post(f"/pokjanal/tim/{body.pk}/aksi-nyata/baru/", data)
    action = Action.objects.get(origin="aksi_nyata")
    assert response["Location"] == f"/pokjanal/aksi/{action.pk}/"
    assert (action.status, action.done_on, action.due_date, action.body) == (
        "done",
        datetime.date(2026, 11, 21),
        datetime.date(2026, 11, 21),
        body,
    )
    assert action.evidence.get().content_type == "image/png"
    kab = login(world.users["kabupaten"]).get(f"/pokjanal/tim/{world.pokjanal.body_kab.pk}/")
    assert [a.description for a in kab.context["real_actions"]] == [
        "Penggerakan sasaran oleh RT di Bontang Kuala"
    ]
    assert kab.context["summary"] == {"open": 1, "overdue": 0, "done_this_year": 1}
    assert login(world.users["other_kabupaten"]).get(f"/pokjanal/aksi/{action.pk}/").status_code == 404


@pytest.mark.django_db
def test_overdue_actions_stand_out_and_list_query_count_is_fixed(world: Any) -> None:
    admin = world.users["admin"]
    for i in range(30):
        actions.create_action(
            admin,
            world.pokjanal.body_kab,
            description=f"Aksi {i}",
            category="kelembagaan",
            origin="rencana",
            owner_member=world.pokjanal.member_kab,
            due_date=datetime.date(2026, 11, 1 + i % 28),
        )
    client = login(world.users["kabupaten"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pokjanal/aksi/?status=terlambat")
    assert len(ctx.captured_queries) <= 8
    overdue = response.context["page"].paginator.count
    assert overdue == Action.objects.filter(due_date__lt=datetime.date(2026, 11, 25)).count() == 26
    assert response.content.decode().count('class="row-overdue"') == 25  # the first page of 25 rows
    everything = client.get("/pokjanal/aksi/").context["page"].paginator.count
    assert everything == 31
    assert Problem.objects.get(pk=world.pokjanal.problem.pk).status == "handled"


def test_actions_take_their_data_as_typed_keyword_arguments() -> None:
    """Issue 13: no action takes a `dict[str, Any]` of model fields, which mypy cannot check; the only dicts
    left are JSON values stored as they are (a rakor's frozen agenda, a proposed strata result)."""
    import inspect

    json_values = {("hold_rakor", "agenda"), ("move_assessment", "result")}
    untyped = [
        (name, parameter.name)
        for name in actions.__all__
        if inspect.isfunction(function := getattr(actions, name))
        for parameter in inspect.signature(function).parameters.values()
        if "dict[str, Any]" in str(parameter.annotation) and (name, parameter.name) not in json_values
    ]
    assert untyped == []
    record_problem = inspect.signature(actions.record_problem).parameters
    assert [p.name for p in record_problem.values() if p.kind is not inspect.Parameter.KEYWORD_ONLY] == [
        "actor",
        "posyandu",
    ]
