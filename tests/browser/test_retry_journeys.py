"""A retry is a retry, and only a retry, in a real browser: after saving, Back shows the form with a new
client UUID, so a correction is saved as a new write; a form whose UUID was already used with other data is
refused on the form, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from audit.models import AuditEvent, object_key
from people.models import Person
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser]


def test_back_then_correct_saves_and_a_used_uuid_is_refused(
    phone: Page, live_server: Any, browser_world: Any
) -> None:
    child = browser_world.child_a
    edit = f"{live_server.url}/warga/{child.pk}/ubah/"
    log_in(phone, live_server.url, "kader_a")
    phone.goto(edit)
    first_uuid = phone.locator("input[name=client_uuid]").input_value()
    phone.get_by_label("Nama lengkap").fill("Budi S.")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_text("Data Budi S. telah disimpan.")).to_be_visible()

    phone.go_back()  # the form again, with a new UUID
    expect(phone.get_by_label("Nama lengkap")).to_have_value("Budi S.")
    assert phone.locator("input[name=client_uuid]").input_value() != first_uuid
    phone.get_by_label("Nama lengkap").fill("Budi Santoso Putra")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_text("Data Budi Santoso Putra telah disimpan.")).to_be_visible()
    assert Person.objects.get(pk=child.pk).name == "Budi Santoso Putra"

    # A page that kept the first UUID (a copy of the old page, an offline client) sends other data with it.
    phone.goto(edit)
    phone.locator("input[name=client_uuid]").evaluate("(input, value) => input.value = value", first_uuid)
    phone.get_by_label("Nama lengkap").fill("Budi Lain")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_text("Formulir ini sudah dikirim; muat ulang halaman.")).to_be_visible()
    expect(phone.get_by_text("telah disimpan")).to_have_count(0)
    shot(phone, "retry_refused_360")
    assert Person.objects.get(pk=child.pk).name == "Budi Santoso Putra"
    assert AuditEvent.objects.filter(object_key=object_key(child), verb="update_person").count() == 2
