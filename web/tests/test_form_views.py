"""The form-view skeleton: one behaviour per test, with a real form, a real template and real messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from web.form_views import add_action_errors, form_view


class NameForm(forms.Form):
    name = forms.CharField()
    count = forms.IntegerField()


@pytest.fixture(autouse=True)
def _page(settings: Any, tmp_path: Path) -> None:
    """A one-line template, so the tests read what the page shows without the site's layout."""
    (tmp_path / "page.html").write_text(
        "{{ title }}|{{ form.non_field_errors|join:';' }}|{{ form.name.errors|join:';' }}"
        "|{{ form.count.errors|join:';' }}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]


def _request(data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/", data) if data is not None else factory.get("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]  # what MessageMiddleware sets
    return request


def _view(request: HttpRequest, action: Any, **kwargs: Any) -> Any:
    form = NameForm(request.POST or None)
    options: dict[str, Any] = {"template": "page.html", "redirect_to": "/done/", "context": {"title": "T"}}
    return form_view(request, form, action, **{**options, **kwargs})


def _refuse(error: ValidationError) -> Any:
    def action(form: NameForm) -> None:
        raise error

    return action


def test_get_renders_the_template_without_calling_the_action() -> None:
    called: list[NameForm] = []
    response = _view(_request(), called.append)
    assert (response.status_code, response.content.decode(), called) == (200, "T|||", [])


def test_valid_post_calls_the_action_with_the_form_and_redirects() -> None:
    seen: list[dict[str, Any]] = []

    def action(form: NameForm) -> int:
        seen.append(form.cleaned_data)
        return 7

    response = _view(_request({"name": "Sari", "count": "3"}), action, redirect_to=lambda n: f"/item/{n}/")
    assert (response.status_code, response["Location"], seen) == (
        302,
        "/item/7/",
        [{"name": "Sari", "count": 3}],
    )


def test_success_message_is_built_from_the_result() -> None:
    request = _request({"name": "Sari", "count": "3"})
    _view(request, lambda form: "Sari", success_message=lambda name: f"{name} disimpan.")
    assert [str(m) for m in get_messages(request)] == ["Sari disimpan."]


def test_fixed_success_message_and_no_message() -> None:
    request = _request({"name": "Sari", "count": "3"})
    _view(request, lambda form: None, success_message="Tersimpan.")
    quiet = _request({"name": "Sari", "count": "3"})
    _view(quiet, lambda form: None)
    assert ([str(m) for m in get_messages(request)], list(get_messages(quiet))) == (["Tersimpan."], [])


def test_invalid_form_is_shown_and_the_action_not_called() -> None:
    called: list[NameForm] = []
    response = _view(_request({"name": "Sari", "count": "tiga"}), called.append)
    assert (response.status_code, response.content.decode(), called) == (
        200,
        "T|||Masukkan keseluruhan angka bilangan.",
        [],
    )


def test_field_errors_of_the_action_go_on_their_fields_the_rest_above() -> None:
    error = ValidationError(
        {"name": "Nama sudah dipakai.", "count": ["Terlalu banyak.", "Harus genap."], "x": "Lain."}
    )
    response = _view(_request({"name": "Sari", "count": "3"}), _refuse(error))
    page = "T|Lain.|Nama sudah dipakai.|Terlalu banyak.;Harus genap."
    assert (response.status_code, response.content.decode()) == (200, page)


def test_a_plain_refusal_goes_above_the_form_and_nothing_is_said() -> None:
    request = _request({"name": "Sari", "count": "3"})
    response = _view(
        request, _refuse(ValidationError("Hari ini sudah ditutup.")), success_message="Tersimpan."
    )
    assert (response.content.decode(), list(get_messages(request))) == ("T|Hari ini sudah ditutup.||", [])


def test_other_exceptions_of_the_action_propagate() -> None:
    def action(form: NameForm) -> None:
        raise LookupError("gone")

    with pytest.raises(LookupError):
        _view(_request({"name": "Sari", "count": "3"}), action)


def test_add_action_errors_keeps_the_code_and_puts_all_above_the_form() -> None:
    form = NameForm({"name": "Sari", "count": "3"})
    form.is_valid()
    add_action_errors(form, ValidationError({"__all__": "Umum.", "name": ValidationError("Nama?", code="x")}))
    assert (list(form.non_field_errors()), list(form.errors["name"]), form.has_error("name", "x")) == (
        ["Umum."],
        ["Nama?"],
        True,
    )


def test_an_error_on_a_hidden_field_goes_above_the_form() -> None:
    form = NameForm({"name": "Sari", "count": "3"})
    form.fields["count"].widget = forms.HiddenInput()
    form.is_valid()
    add_action_errors(form, ValidationError({"count": "Ibu harus lahir sebelum anaknya."}))
    assert (list(form.non_field_errors()), "count" in form.errors) == (
        ["Ibu harus lahir sebelum anaknya."],
        False,
    )
