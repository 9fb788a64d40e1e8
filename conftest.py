"""Shared fixtures: the region list of the seed areas and a world of named personas built with the real
actions (no factories of half-valid rows)."""

from __future__ import annotations

import base64
import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests judge results, never speed: on a loaded 2-core machine Hypothesis's own timing checks (the
# per-example deadline, "data generation is slow") failed tests whose properties held.
hypothesis_settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("project")

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the fixtures are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ages, months and "not in the future" checks all ask `timezone.localdate()`: freeze it."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value: Any = None, timezone: Any = None) -> datetime.date:
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request with the English cookie leaves English active in the thread (Django's locale middleware
    does not switch back): every test starts in the default language, whatever ran before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Pages keep what they computed under keys of the data's state (the figures' version, the last audited
    write); a rolled-back test's ids come again in the next, so no test reads what another kept."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Writes find their posyandu's problems again minutes later in production; at once, in every request of
    # every test, they took half the browser suite's time. The tests of that refresh turn it on.
    settings.PROBLEMS_REFRESH_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """PBKDF2 costs ~0.3 s per password by design; the personas need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded files (evidence photos) go to a fresh folder per test, never to the project's media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


# A campaign sheet of two rows in the world's first posyandu (the by-name-by-address layout).
WORLD_SHEET = (
    "Kode posyandu,NIK anak,Nama anak,Jenis kelamin (L/P),Tanggal lahir (dd-mm-yyyy),Nama ibu,"
    "Tanggal ukur (dd-mm-yyyy),Berat badan (kg),Panjang/tinggi badan (cm),Cara ukur (Berbaring/Berdiri)\n"
    'PA1,,Budi Santoso,L,03-02-2025,Rina,12-08-2026,"9,6","76,5",Berbaring\n'
    'PA1,,Sari Dewi,P,20-11-2023,Wati,12-08-2026,"11,2","88,0",Berdiri\n'
)


def load_seed_regions() -> None:
    from regions.actions import official_regions, sync_regions

    rows: dict[str, str] = {}
    for code in ("64.74", "64.07"):
        rows.update(official_regions(code))
    sync_regions(None, sorted(rows.items()))


@dataclass
class World:
    """Personas shaped like the regions of the seed articles.

    Kota Bontang (64.74): kecamatan Bontang Utara (64.74.01) with kelurahan A (the first) and A2 (the
    second); Kabupaten Kutai Barat (64.07) is "elsewhere"."""

    desa_a: Any
    desa_a2: Any
    desa_b: Any
    posyandu_a: Any
    posyandu_a2: Any
    posyandu_b: Any
    kader_a: Any  # a Kader record serving posyandu_a
    kader_b: Any
    membership_a: Any
    training_a: Any
    unit_a: Any
    users: dict[str, Any]
    rt_a: Any = None  # an RT below unit_a (RW 01)
    household_a: Any = None
    mother_a: Any = None  # Dewi, pregnant again
    child_a: Any = None  # Budi, 18 months, stunted (on the referral list)
    pregnancy_a: Any = None
    day_a: Any = None  # posyandu_a's opening day on TODAY − 15 days
    visit_a: Any = None  # Budi's visit that day
    referral_a: Any = None
    pokjanal: Any = None  # PokjanalWorld
    campaign: Any = None
    import_job: Any = None
    monthly_report: Any = None  # posyandu_a's October 2026 report, saved as a draft (nothing locked)


@dataclass
class PokjanalWorld:
    """The Tim Pembina's work in Kota Bontang: the kota body (with a member who is the kabupaten login), the
    Bontang Utara body and the Pokja of kelurahan A; a planned rakor, an action with a photo as evidence, a
    hand-recorded problem, a supervision visit, a need, funding and a draft strata assessment."""

    body_kab: Any
    body_kec: Any
    body_desa: Any
    member_kab: Any
    sector_role: Any
    rakor: Any
    action: Any
    evidence: Any
    problem: Any
    visit: Any
    need: Any
    assessment: Any


# A 48 × 32 photo (green with a white band): a real JPEG, recognised by its content and shown by browsers.
JPEG_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxO"
    "UlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09P"
    "T09PT09PT0//wAARCAAgADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUF"
    "BAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW"
    "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi"
    "4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAEC"
    "AxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm"
    "Z2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq"
    "8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDDor1D/hE9C/58f/Ir/wDxVH/CJ6F/z4/+RX/+KqbHmfU6ndHl9Feof8InoX/Pj/5Ff/4q"
    "j/hE9C/58f8AyK//AMVRYPqdTujy+ivUP+ET0L/nx/8AIr//ABVH/CJ6F/z4/wDkV/8A4qiwfU6ndGJ/wn3/AFC//Jj/AOxo/wCE"
    "+/6hf/kx/wDY1xVFFyPrVXv+R2v/AAn3/UL/APJj/wCxo/4T7/qF/wDkx/8AY1xVFFw+tVe/5Ha/8J9/1C//ACY/+xo/4T7/AKhf"
    "/kx/9jXFUUXD61V7/kf/2Q=="
)


def build_pokjanal_world(admin: Any, users: dict[str, Any], posyandu_a: Any, desa_a: Any) -> PokjanalWorld:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from pokjanal import actions as pk
    from regions.models import Region

    kab = users["kabupaten"]
    body_kab = pk.create_body(
        admin,
        region=Region.objects.get(code="64.74"),
        name="Tim Pembina Posyandu Kota Bontang",
        sk_number="188.45/112/DSPM",
        sk_date=datetime.date(2025, 3, 3),
        sk_signed_by="Wali Kota Bontang",
        term_start=datetime.date(2025, 3, 3),
        term_end=datetime.date(2030, 3, 2),
    )
    body_kec = pk.create_body(admin, region=desa_a.parent, name="Tim Pembina Posyandu Kec. Bontang Utara")
    body_desa = pk.create_body(admin, region=desa_a, name=f"Pokja Posyandu {desa_a.name}")
    member_kab = pk.add_member(
        admin,
        body_kab,
        name="Bahtiar Mabe",
        institution="Dinas Sosial dan PM",
        sector="pmd",
        role="sekretaris",
        user=kab,
    )
    pk.add_member(
        admin,
        body_kab,
        name="dr. Suryani",
        institution="Dinas Kesehatan",
        sector="kesehatan",
        role="anggota",
    )
    sector_role = pk.set_sector_role(
        admin,
        body_kab,
        sector="kesehatan",
        category="manusia",
        programme="",
        is_lead=True,
        responsibility="Pelatihan dan pendampingan kader",
    )
    rakor = pk.plan_rakor(
        admin,
        body_kab,
        title="Rakor Pokjanal Posyandu Kota Bontang",
        place="Auditorium Taman 3 Dimensi",
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 0)),
    )
    problem = pk.record_problem(
        admin,
        posyandu_a,
        kind="lainnya",
        category="lingkungan",
        severity="sedang",
        description="Tempat pelayanan sering tergenang saat hujan",
        found_on=datetime.date(2026, 10, 5),
    )
    action = pk.create_action(
        admin,
        body_kab,
        description="Pindahkan layanan ke balai RW selama musim hujan",
        category="lingkungan",
        origin="masalah",
        problem=problem,
        owner_member=member_kab,
        posyandu=posyandu_a,
        due_date=datetime.date(2026, 11, 30),
    )
    photo = SimpleUploadedFile("balai-rw.jpg", JPEG_BYTES, content_type="image/jpeg")
    update = pk.follow_up_action(admin, action, status="running", note="Balai RW disiapkan", files=[photo])
    visit = pk.record_supervision_visit(
        admin,
        posyandu_a,
        date=datetime.date(2026, 9, 14),
        visitors="Tim Pembina Kec. Bontang Utara",
        body=body_kec,
        answers={"jadwal_rutin": "ya", "dana_operasional": "tidak"},
    )
    need = pk.request_need(
        users["kader_a"],
        posyandu_a,
        kind="alat",
        description="Timbangan bayi digital",
        priority="tinggi",
        estimated_cost_rp=1_500_000,
    )
    pk.set_funding(admin, posyandu_a, year=2026, source="apbdes", amount_rp=12_000_000)
    assessment = pk.open_assessment(admin, posyandu_a, 2026)
    return PokjanalWorld(
        body_kab=body_kab,
        body_kec=body_kec,
        body_desa=body_desa,
        member_kab=member_kab,
        sector_role=sector_role,
        rakor=rakor,
        action=action,
        evidence=update.evidence.get(),
        problem=problem,
        visit=visit,
        need=need,
        assessment=assessment,
    )


def build_world() -> World:
    from accounts.actions import create_user
    from accounts.models import Role
    from posyandu import actions as p
    from posyandu.models import EquipmentItem, SpmField
    from posyandu.reference_lists import ensure_reference_lists
    from regions.actions import create_local_unit
    from regions.models import Region

    ensure_reference_lists(SpmField, EquipmentItem)  # a transactional test's flush empties them
    load_seed_regions()
    admin = create_user(None, username="admin", password="x-admin-123", role=Role.ADMIN)
    desa_a, desa_a2 = Region.objects.filter(parent_id="64.74.01").order_by("code")[:2]
    desa_b = Region.objects.filter(code__startswith="64.07.", level=4).order_by("code").first()
    assert desa_b is not None

    def posyandu(code: str, name: str, desa: Any) -> Any:
        return p.register_posyandu(
            admin, code=code, name=name, desa=desa, opening_day=10, spm_fields=["kesehatan"]
        )

    posyandu_a = posyandu("PA1", "Melati", desa_a)
    posyandu_a2 = posyandu("PA2", "Mawar", desa_a2)
    posyandu_b = posyandu("PB1", "Anggrek", desa_b)

    def kader(name: str, nik: str, post: Any, start: datetime.date) -> Any:
        return p.register_kader(
            admin,
            name=name,
            nik=nik,
            sex="P",
            birth_date=datetime.date(1980, 5, 12),
            desa=post.desa,
            membership=p.FirstMembership(
                posyandu=post, start_date=start, board_role="ketua", spm_field_id="kesehatan"
            ),
        )

    kader_a = kader("Siti Rahayu", "6474015205800001", posyandu_a, datetime.date(2012, 1, 15))
    kader_b = kader("Yuli Helda", "6407015205800002", posyandu_b, datetime.date(2020, 3, 1))
    training_a = p.add_training(
        admin,
        kader_a,
        competency_group="bayi_balita",
        topic="Antropometri",
        date=datetime.date(2024, 2, 1),
    )
    unit_a = create_local_unit(admin, desa_a, "rw", "01", None)
    users = {
        "admin": admin,
        "kader_a": create_user(None, username="kader_a", password="x", role=Role.KADER, posyandu=posyandu_a),
        "kader_b": create_user(None, username="kader_b", password="x", role=Role.KADER, posyandu=posyandu_b),
        "bidan_a": create_user(None, username="bidan_a", password="x", role=Role.BIDAN, desa=[desa_a]),
        "desa_a": create_user(None, username="desa_a", password="x", role=Role.POKJA_DESA, region=desa_a),
        "kecamatan": create_user(
            None, username="kecamatan", password="x", role=Role.POKJANAL_KECAMATAN, region=desa_a.parent
        ),
        "kabupaten": create_user(
            None,
            username="kabupaten",
            password="x",
            role=Role.POKJANAL_KABKOTA,
            region=Region.objects.get(code="64.74"),
        ),
        "kabupaten_viewer": create_user(
            None,
            username="kabupaten_viewer",
            password="x",
            role=Role.POKJANAL_KABKOTA,
            region=Region.objects.get(code="64.74"),
            read_only=True,
        ),
        "other_kabupaten": create_user(
            None,
            username="other_kabupaten",
            password="x",
            role=Role.POKJANAL_KABKOTA,
            region=Region.objects.get(code="64.07"),
        ),
    }
    pokjanal = build_pokjanal_world(admin, users, posyandu_a, desa_a)
    from campaigns.actions import create_campaign, upload_sheet
    from reports.models import PrevalenceTarget
    from reports.targets import ensure_national_defaults

    ensure_national_defaults(PrevalenceTarget)  # a transactional test's flush empties them
    campaign = create_campaign(
        admin,
        name="Operasi Timbang Kota Bontang",
        kind="operasi_timbang",
        region=Region.objects.get(code="64.74"),
        start_date=datetime.date(2026, 8, 1),
        end_date=datetime.date(2026, 8, 31),
        target_groups=["balita"],
    )
    import_job = upload_sheet(users["kabupaten"], campaign, name="timbang.csv", content=WORLD_SHEET.encode())
    world = World(
        desa_a=desa_a,
        desa_a2=desa_a2,
        desa_b=desa_b,
        posyandu_a=posyandu_a,
        posyandu_a2=posyandu_a2,
        posyandu_b=posyandu_b,
        kader_a=kader_a,
        kader_b=kader_b,
        membership_a=kader_a.memberships.get(),
        training_a=training_a,
        unit_a=unit_a,
        users=users,
        pokjanal=pokjanal,
        campaign=campaign,
        import_job=import_job,
    )
    build_register(world)
    from monthly.actions import PosyanduInputs, save_report

    world.monthly_report = save_report(
        users["kader_a"], posyandu_a, datetime.date(2026, 10, 1), inputs=PosyanduInputs(kader_present=5)
    )
    return world


def build_register(world: World) -> None:
    """A household of posyandu_a with a mother and a stunted child, an opening day and the child's visit."""
    from people import actions as people
    from regions.actions import create_local_unit
    from visits import actions as visits

    admin = world.users["admin"]
    world.rt_a = create_local_unit(admin, world.desa_a, "rt", "03", world.unit_a)
    world.household_a = people.register_household(
        admin,
        head_name="Ahmad Fauzi",
        kk_number="6474010101200001",
        address="Jl. Melati 3",
        posyandu=world.posyandu_a,
        unit=world.rt_a,
    )
    world.mother_a = people.register_person(
        admin,
        name="Dewi Lestari",
        nik="6474015505950001",
        sex="P",
        birth_date=datetime.date(1995, 5, 15),
        household=world.household_a,
    )
    world.child_a = people.register_person(
        admin,
        name="Budi Santoso",
        sex="L",
        birth_date=TODAY - datetime.timedelta(days=15 + 548),
        household=world.household_a,
        mother=world.mother_a,
        has_kia_book=True,
    )
    world.pregnancy_a = people.register_pregnancy(
        admin, world.mother_a, lmp_date=TODAY - datetime.timedelta(weeks=20), gravida=2, para=1
    )
    world.day_a = visits.open_day(
        admin, world.posyandu_a, TODAY - datetime.timedelta(days=15), [world.kader_a], "Bidan Sari"
    )
    # 18 months, 9.0 kg, 74.0 cm lying: length-for-age about −2.9 (stunted).
    world.visit_a = visits.record_visit(
        admin,
        world.child_a,
        world.day_a.date,
        {"weight_kg": Decimal("9.0"), "length_height_cm": Decimal("74.0"), "position": "l"},
        opening_day=world.day_a,
    )
    world.referral_a = world.visit_a.referral


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
