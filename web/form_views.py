"""The skeleton every form page shares: parse, call one action, show its refusal next to the fields, redirect.

A view checks access and binds its form (`Form(request.POST or None, ...)`), then hands both to `form_view`
with the action to call. The action receives the valid form and returns what it wrote; a `ValidationError`
it raises is shown on the page (each field's message on that field, the rest above the form) and nothing is
redirected, so the user corrects the input where it was refused.

    return form_view(
        request,
        form,
        lambda form: actions.open_day(user, **form.cleaned_data),
        template="visits/day_form.html",
        context={"title": _("Buka hari posyandu")},
        redirect_to=lambda day: reverse("visits:day", args=[day.pk]),
        success_message=lambda day: _("Hari buka %(date)s dibuka.") % {"date": day.date},
    )

Any other exception of the action propagates: a view that turns one into a redirect catches it around
the call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

FormT = TypeVar("FormT", bound=BaseForm)
ResultT = TypeVar("ResultT")


def add_action_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put an action's refusal on the form: a message keyed by one of the form's visible fields on that field,
    every other message (unkeyed, `__all__`, or keyed by a field the form does not show or hides) above the
    form, where the page shows it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        shown = field != NON_FIELD_ERRORS and field in form.fields and not form[field].is_hidden
        form.add_error(field if shown else None, ValidationError(errors))


def form_view(
    request: HttpRequest,
    form: FormT,
    action: Callable[[FormT], ResultT],
    *,
    template: str,
    redirect_to: str | Callable[[ResultT], str],
    context: Mapping[str, Any] | None = None,
    success_message: str | Callable[[ResultT], str] | None = None,
) -> HttpResponse:
    """On a POST whose form is valid, call `action(form)`: if it succeeds, add `success_message` (built from
    the action's result when callable) and redirect to `redirect_to` (likewise); if it raises
    `ValidationError`, show it on the form (`add_action_errors`). Otherwise, and after a refusal, render
    `template` with `form` and `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            if success_message is not None:
                text = success_message(result) if callable(success_message) else success_message
                messages.success(request, text)
            return HttpResponseRedirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    return render(request, template, {**(context or {}), "form": form})
