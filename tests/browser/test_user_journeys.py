"""A Pokja desa officer creates a kader's login on a phone, and the kader logs in with it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from audit.models import AuditEvent
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]

PASSWORD = "Melati-sore-77"


def test_officer_creates_a_kader_login_on_a_phone(phone: Page, live_server: Any, browser_world: Any) -> None:
    world = browser_world
    log_in(phone, live_server.url, "desa_a")
    phone.locator("details.menu summary").click()
    phone.get_by_role("link", name="Pengguna", exact=True).click()
    expect(phone.get_by_test_id("user-row")).to_have_count(3)
    phone.get_by_role("link", name="+ Buat akun pengguna").click()
    phone.get_by_label("Nama pengguna").fill("kader_nur")
    phone.get_by_label("Nama lengkap").fill("Nur Aini")
    phone.get_by_label("Peran").select_option("kader")
    phone.get_by_label("Posyandu (untuk kader)").select_option(str(world.posyandu_a.pk))
    phone.get_by_label("Kata sandi sementara").fill(PASSWORD)
    phone.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "user_create_360")
    phone.get_by_role("button", name="Buat akun").click()
    expect(phone.locator(".messages")).to_contain_text("Pengguna kader_nur telah dibuat.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "user_detail_360")
    user = User.objects.get(username="kader_nur")
    assert (user.role, user.posyandu_id, user.first_name, user.last_name) == (
        "kader",
        world.posyandu_a.pk,
        "Nur",
        "Aini",
    )
    assert AuditEvent.objects.filter(verb="create_user", object_key=f"accounts.user:{user.pk}").count() == 1

    phone.context.clear_cookies()
    log_in(phone, live_server.url, "kader_nur", PASSWORD)
    expect(phone.locator(".who")).to_contain_text("Nur Aini")
