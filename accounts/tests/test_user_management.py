"""Users are managed in the app (issue 11, point 4): who sees which logins, the level rule of every role,
nobody grants more than they hold, every change audited, and every user's own password."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts import actions
from accounts.models import ROLE_REGION_LEVEL, Role, User
from audit.models import AuditEvent
from regions.models import Region

NEW_PASSWORD = "Melati-sore-77"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """Every login with its scope and password hash, the bidan's desa, and the number of audit events."""
    users = list(
        User.objects.order_by("pk").values_list(
            "pk", "username", "password", "role", "region_id", "posyandu_id", "read_only", "is_active",
            "first_name", "is_staff", "is_superuser",
        )
    )  # fmt: skip
    coverage = list(User.desa_coverage.through.objects.order_by("pk").values_list("user_id", "region_id"))
    return users, coverage, AuditEvent.objects.count()


def visible_names(actor: Any) -> list[str]:
    return sorted(User.objects.visible_to(actor).values_list("username", flat=True))


def new_user_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "username": "kader_baru",
        "full_name": "Nur Aini",
        "phone": "081234567890",
        "role": "kader",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "client_uuid": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_each_officer_sees_the_logins_whose_scope_lies_within_their_region(world: Any) -> None:
    u = world.users
    # A bidan whose desa span two kecamatan belongs to the kabupaten, not to either kecamatan.
    other_kecamatan_desa = Region.objects.filter(code__startswith="64.74.02.", level=4).order_by("code")[0]
    actions.create_user(
        None, username="bidan_2kec", password="x", role=Role.BIDAN, desa=[world.desa_a, other_kecamatan_desa]
    )
    assert visible_names(u["desa_a"]) == ["bidan_a", "desa_a", "kader_a"]
    assert visible_names(u["kecamatan"]) == ["bidan_a", "desa_a", "kader_a", "kecamatan"]
    assert visible_names(u["kabupaten"]) == [
        "bidan_2kec",
        "bidan_a",
        "desa_a",
        "kabupaten",
        "kabupaten_viewer",
        "kader_a",
        "kecamatan",
    ]
    assert visible_names(u["other_kabupaten"]) == ["kader_b", "other_kabupaten"]
    assert len(visible_names(u["admin"])) == User.objects.count()
    assert visible_names(u["kader_a"]) == [] and visible_names(u["bidan_a"]) == []


@pytest.mark.django_db
def test_the_user_list_shows_the_officer_s_logins_and_is_linked_from_the_menu(world: Any) -> None:
    client = login(world.users["kecamatan"])
    home = client.get("/")
    assert 'href="/pengguna/"' in home.content.decode()
    page = client.get("/pengguna/")
    assert page.status_code == 200
    rows = [u.username for u in page.context["page"].object_list]
    assert rows == ["bidan_a", "desa_a", "kader_a", "kecamatan"]
    assert "Melati — Kelurahan" in page.content.decode()  # the kader's posyandu and desa
    filtered = client.get("/pengguna/", {"peran": "kader", "q": "kader"})
    assert [u.username for u in filtered.context["page"].object_list] == ["kader_a"]
    # Kader, bidan and read-only officers neither see the link nor the page.
    for persona in ("kader_a", "bidan_a", "kabupaten_viewer"):
        other = login(world.users[persona])
        assert 'href="/pengguna/"' not in other.get("/").content.decode()
        assert other.get("/pengguna/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_a_role_is_given_only_an_area_of_the_level_it_needs(world: Any, role: Role) -> None:
    admin = world.users["admin"]
    by_level = {
        level: Region.objects.filter(code__startswith="64.74", level=level).order_by("code")[0]
        for level in (2, 3, 4)
    }
    by_level[1] = Region.objects.get(code="64")
    for level, region in sorted(by_level.items()):
        name = f"u_{role}_{level}"
        kwargs: dict[str, Any] = {"region": region, "desa": [region], "posyandu": None}
        if role == Role.KADER:
            kwargs["posyandu"] = world.posyandu_a if level == 4 else None
        expected_ok = {
            Role.KADER: level == 4,  # with a posyandu; without one it is refused
            Role.BIDAN: level == 4,  # a bidan's set holds desa only
            Role.ADMIN: True,  # an administrator needs no area (and keeps none)
        }.get(role, ROLE_REGION_LEVEL.get(role) == level)
        if expected_ok:
            user = actions.create_user(admin, username=name, password=NEW_PASSWORD, role=role, **kwargs)
            assert user.role == role
            assert user.region_id == (region.code if role in ROLE_REGION_LEVEL else None)
            assert user.posyandu_id == (world.posyandu_a.pk if role == Role.KADER else None)
            assert sorted(user.desa_coverage.values_list("code", flat=True)) == (
                [region.code] if role == Role.BIDAN else []
            )
            assert user.is_superuser == user.is_staff == (role == Role.ADMIN)
        else:
            before = state()
            with pytest.raises(ValidationError) as refused:
                actions.create_user(admin, username=name, password=NEW_PASSWORD, role=role, **kwargs)
            assert set(refused.value.message_dict) <= {"region", "posyandu", "desa"}
            assert state() == before


@pytest.mark.django_db
def test_officers_grant_no_role_above_their_own_and_no_area_outside_theirs(world: Any) -> None:
    kecamatan = world.users["kecamatan"]
    kota = Region.objects.get(code="64.74")
    other_kecamatan = Region.objects.get(code="64.74.02")
    before = state()
    attempts: list[tuple[dict[str, Any], str]] = [
        ({"role": Role.POKJANAL_KABKOTA, "region": kota}, "role"),
        ({"role": Role.ADMIN}, "role"),
        ({"role": Role.POKJANAL_KECAMATAN, "region": other_kecamatan}, "region"),
        ({"role": Role.POKJA_DESA, "region": world.desa_b}, "region"),
        ({"role": Role.KADER, "posyandu": world.posyandu_b}, "posyandu"),
        ({"role": Role.BIDAN, "desa": [world.desa_a, world.desa_b]}, "desa"),
    ]
    for kwargs, field in attempts:
        with pytest.raises(ValidationError) as refused:
            actions.create_user(kecamatan, username="naik", password=NEW_PASSWORD, **kwargs)
        assert list(refused.value.message_dict) == [field], kwargs
    assert state() == before
    # At and below their own level, inside their area, it is allowed.
    peer = actions.create_user(
        kecamatan,
        username="rekan",
        password=NEW_PASSWORD,
        role=Role.POKJANAL_KECAMATAN,
        region=world.desa_a.parent,
    )
    assert peer.region_id == "64.74.01"
    # Read-only officers, kader and bidan manage nobody.
    for persona in ("kabupaten_viewer", "kader_a", "bidan_a"):
        with pytest.raises(PermissionDenied):
            actions.create_user(
                world.users[persona],
                username="x1",
                password=NEW_PASSWORD,
                role=Role.KADER,
                posyandu=world.posyandu_a,
            )


@pytest.mark.django_db
def test_refusals_on_the_page_say_why_and_change_nothing(world: Any) -> None:
    client = login(world.users["kecamatan"])
    before = state()
    kota = Region.objects.get(code="64.74")
    response = client.post("/pengguna/baru/", new_user_form(role="pokjanal_kabkota", region=kota.code))
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Anda tidak dapat memberikan peran yang lebih tinggi dari peran Anda."
    ]
    response = client.post("/pengguna/baru/", new_user_form(role="pokja_desa", region=world.desa_b.code))
    assert response.context["form"].errors["region"] == ["Wilayah tidak ditemukan di wilayah Anda."]
    response = client.post("/pengguna/baru/", new_user_form(role="pokja_desa", region="64.74.01"))
    assert response.context["form"].errors["region"] == [
        "Peran Pokja desa/kelurahan memerlukan wilayah tingkat Desa/Kelurahan."
    ]
    response = client.post(
        "/pengguna/baru/",
        new_user_form(posyandu=world.posyandu_a.pk, password="posyandu2026", password_again="posyandu2026"),
    )
    assert response.context["form"].errors["password"] == [
        "Kata sandi ini mudah ditebak: jangan hanya kata seperti 'posyandu' ditambah angka."
    ]
    response = client.post(
        "/pengguna/baru/", new_user_form(posyandu=world.posyandu_a.pk, password_again="lain")
    )
    assert response.context["form"].errors["password_again"] == ["Kedua kata sandi tidak sama."]
    assert state() == before


@pytest.mark.django_db
def test_an_officer_creates_a_kader_login_and_the_kader_logs_in(world: Any) -> None:
    officer = world.users["desa_a"]
    client = login(officer)
    data = new_user_form(posyandu=world.posyandu_a.pk)
    response = client.post("/pengguna/baru/", data)
    user = User.objects.get(username="kader_baru")
    assert response.status_code == 302 and response["Location"] == f"/pengguna/{user.pk}/"
    assert client.post("/pengguna/baru/", data)["Location"] == f"/pengguna/{user.pk}/"  # a retry: one login
    assert (user.role, user.posyandu_id, user.region_id, user.first_name, user.last_name, user.phone) == (
        "kader",
        world.posyandu_a.pk,
        None,
        "Nur",
        "Aini",
        "081234567890",
    )
    event = AuditEvent.objects.get(verb="create_user", object_key=f"accounts.user:{user.pk}")
    assert event.actor == officer and event.region_code == world.desa_a.code
    assert event.changes["posyandu"] == [None, world.posyandu_a.pk] and "password" not in event.changes

    kader = Client()
    assert kader.post("/masuk/", {"username": "kader_baru", "password": NEW_PASSWORD})["Location"] == "/"
    assert kader.get("/").context["user"].username == "kader_baru"


@pytest.mark.django_db
def test_edit_role_area_and_flags_and_every_change_is_audited(world: Any) -> None:
    officer = world.users["kabupaten"]
    target = world.users["desa_a"]
    client = login(officer)
    edit = client.get(f"/pengguna/{target.pk}/ubah/")
    assert edit.status_code == 200 and edit.context["form"].initial["region"] == world.desa_a.code
    response = client.post(
        f"/pengguna/{target.pk}/ubah/",
        {"full_name": "Hj. Ratna Sari", "role": "bidan", "desa": [world.desa_a.code, world.desa_a2.code],
         "read_only": "on", "phone": ""},
    )  # fmt: skip
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.region_id, target.read_only, target.first_name, target.last_name) == (
        "bidan",
        None,
        True,
        "Hj.",
        "Ratna Sari",
    )
    assert sorted(target.desa_coverage.values_list("code", flat=True)) == [
        world.desa_a.code,
        world.desa_a2.code,
    ]
    event = AuditEvent.objects.get(verb="update_user", object_key=f"accounts.user:{target.pk}")
    assert event.changes["role"] == ["pokja_desa", "bidan"]
    assert event.changes["region"] == [world.desa_a.code, None]
    assert event.changes["desa_coverage"] == [[], [world.desa_a.code, world.desa_a2.code]]
    assert event.changes["read_only"] == [False, True]
    assert event.region_code == world.desa_a.parent_id  # the kecamatan holding both desa

    assert client.post(f"/pengguna/{target.pk}/status/", {"aktif": "0"}).status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert Client().post("/masuk/", {"username": "desa_a", "password": "x"}).status_code == 200  # refused
    assert client.post(f"/pengguna/{target.pk}/status/", {"aktif": "1"}).status_code == 302
    target.refresh_from_db()
    assert target.is_active is True

    assert (
        client.post(
            f"/pengguna/{target.pk}/kata-sandi/", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        ).status_code
        == 302
    )
    target.refresh_from_db()
    assert check_password(NEW_PASSWORD, target.password)

    verbs = list(
        AuditEvent.objects.filter(object_key=f"accounts.user:{target.pk}")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs[-4:] == ["update_user", "deactivate_user", "reactivate_user", "reset_password"]
    assert AuditEvent.objects.get(verb="deactivate_user").changes == {"is_active": [True, False]}
    assert AuditEvent.objects.get(verb="reset_password").changes == {}
    dumped = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert "password" not in dumped and target.password not in dumped
    history = client.get(f"/pengguna/{target.pk}/riwayat/")
    assert history.status_code == 200 and len(history.context["page"].object_list) == 5


@pytest.mark.django_db
def test_nobody_edits_themselves_into_a_wider_scope(world: Any) -> None:
    kecamatan = world.users["kecamatan"]
    client = login(kecamatan)
    before = state()
    for data, field in [
        ({"role": "pokjanal_kabkota", "region": "64.74"}, "role"),
        ({"role": "pokjanal_kecamatan", "region": "64.74.02"}, "region"),
    ]:
        response = client.post(f"/pengguna/{kecamatan.pk}/ubah/", {"full_name": "Camat", **data})
        assert response.status_code == 200 and field in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        actions.update_user(
            kecamatan,
            kecamatan,
            role=Role.POKJANAL_KABKOTA,
            full_name="Camat",
            region=Region.objects.get(code="64.74"),
        )
    assert refused.value.message_dict == {
        "role": ["Anda tidak dapat memberikan peran yang lebih tinggi dari peran Anda."]
    }
    response = client.post(f"/pengguna/{kecamatan.pk}/status/", {"aktif": "0"}, follow=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    with pytest.raises(ValidationError):
        actions.reset_password(kecamatan, kecamatan, password=NEW_PASSWORD)
    assert state() == before
    # Narrowing one's own scope is allowed.
    actions.update_user(kecamatan, kecamatan, role=Role.POKJA_DESA, full_name="Camat", region=world.desa_a)
    kecamatan.refresh_from_db()
    assert kecamatan.region_id == world.desa_a.code


@pytest.mark.django_db
def test_logins_outside_the_area_are_404_and_read_only_officers_get_403(world: Any) -> None:
    kader_b = world.users["kader_b"]
    kabupaten = world.users["kabupaten"]
    before = state()
    outsider = login(world.users["kecamatan"])
    for url in (
        f"/pengguna/{kader_b.pk}/",
        f"/pengguna/{kader_b.pk}/ubah/",
        f"/pengguna/{kabupaten.pk}/ubah/",
        f"/pengguna/{world.users['admin'].pk}/kata-sandi/",
    ):
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"full_name": "x", "role": "kader"}).status_code in {404, 405}
    assert outsider.post(f"/pengguna/{kader_b.pk}/status/", {"aktif": "0"}).status_code == 404
    with pytest.raises(ValidationError):
        actions.set_user_active(world.users["kecamatan"], kader_b, active=False)
    viewer = login(world.users["kabupaten_viewer"])
    kader_a = world.users["kader_a"]
    assert viewer.get(f"/pengguna/{kader_a.pk}/ubah/").status_code == 403
    assert viewer.post(f"/pengguna/{kader_a.pk}/status/", {"aktif": "0"}).status_code == 403
    assert viewer.get("/pengguna/baru/").status_code == 403
    assert state() == before


@pytest.mark.django_db
def test_every_user_changes_their_own_password(world: Any) -> None:
    kader = world.users["kader_a"]
    client = login(kader)
    page = client.get("/pengguna/kata-sandi/")
    assert page.status_code == 200 and 'href="/pengguna/kata-sandi/"' in page.content.decode()
    before = state()
    wrong = client.post(
        "/pengguna/kata-sandi/",
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    weak = client.post(
        "/pengguna/kata-sandi/",
        {"old_password": "x", "new_password1": "kader2026", "new_password2": "kader2026"},
    )
    assert weak.status_code == 200 and "new_password2" in weak.context["form"].errors
    assert state() == before
    done = client.post(
        "/pengguna/kata-sandi/",
        {"old_password": "x", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200  # still logged in
    event = AuditEvent.objects.get(verb="change_password")
    assert event.actor == kader and event.object_key == f"accounts.user:{kader.pk}" and event.changes == {}
    assert Client().post("/masuk/", {"username": "kader_a", "password": "x"}).status_code == 200  # refused
    assert Client().post("/masuk/", {"username": "kader_a", "password": NEW_PASSWORD})["Location"] == "/"


@pytest.mark.django_db
def test_the_first_superuser_is_an_application_administrator_and_the_admin_only_shows_logins(
    world: Any,
) -> None:
    root = User.objects.create_superuser("root", password=NEW_PASSWORD)
    assert root.role == Role.ADMIN and root.can_manage_users
    client = login(root)
    kader = world.users["kader_a"]
    before = state()
    assert client.get(f"/admin/accounts/user/{kader.pk}/change/").status_code == 200  # shown, read only
    refused = client.post(
        f"/admin/accounts/user/{kader.pk}/change/", {"username": "kader_a", "role": "admin"}
    )
    assert refused.status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert state() == before
    assert client.get("/pengguna/").status_code == 200


@pytest.mark.django_db
def test_the_user_list_costs_the_same_queries_for_more_logins(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users["kabupaten"])
    with CaptureQueriesContext(connection) as few:
        client.get("/pengguna/", {"status": "semua"})
    for n in range(6):
        actions.create_user(None, username=f"bidan{n}", password="x", role=Role.BIDAN, desa=[world.desa_a2])
        actions.create_user(
            None, username=f"kader{n}", password="x", role=Role.KADER, posyandu=world.posyandu_a2
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/pengguna/", {"status": "semua"})
    assert page.context["page"].paginator.count == 6 + 12
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_reset_password_works_at_once_for_a_locked_user_name(world: Any, settings: Any) -> None:
    from axes.models import AccessAttempt

    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post("/masuk/", {"username": "kader_a", "password": "lupa"})
    assert AccessAttempt.objects.filter(username="kader_a").exists()
    kader_client = Client(REMOTE_ADDR="10.0.3.3")
    assert kader_client.post("/masuk/", {"username": "kader_a", "password": "x"}).status_code == 429
    actions.reset_password(world.users["desa_a"], world.users["kader_a"], password=NEW_PASSWORD)
    assert not AccessAttempt.objects.filter(username="kader_a").exists()
    response = kader_client.post("/masuk/", {"username": "kader_a", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
