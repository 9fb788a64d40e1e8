import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.log import replayed
from rules.personal_data import SENSITIVE_FIELDS, masked

M = TypeVar("M", bound=models.Model)


class IdempotentForm(forms.Form):
    """Carries the client-generated UUID of a submission, so a retried POST is stored once."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class IdempotentModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for ModelForms of any model
    """Also keeps stored NIK, No. KK and phone numbers (`rules.personal_data.SENSITIVE_FIELDS`) out of edit
    forms: such a field starts empty, its help text shows the stored value masked, and an empty submission
    keeps the stored value while a new one replaces it. Editing a number never shows the old one in full."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_secrets: dict[str, Any] = {}
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            stored = getattr(self.instance, name, None) if name in SENSITIVE_FIELDS else None
            if not stored:
                continue
            self.stored_secrets[name] = stored
            self.initial[name] = ""
            field.required = False
            note = _("%(label)s tersimpan: %(value)s — kosongkan bila tidak diubah.") % {
                "label": capfirst(str(field.label)),
                "value": masked(name, stored),
            }
            field.help_text = f"{note} {field.help_text}" if field.help_text else note

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        for name, stored in self.stored_secrets.items():
            if name in data and not data[name]:
                data[name] = stored
        return data

    def model_fields(self) -> dict[str, object]:
        """The cleaned values of the model's own fields, for an action."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k != "client_uuid" and k in (self._meta.fields or ())
        }


def earlier_result(data: Mapping[str, Any], queryset: models.QuerySet[M]) -> M | None:
    """What an earlier submission with the same client UUID created, if the user can see it.

    A create form re-sent after a lost response would fail its own uniqueness checks (the first attempt
    already stored the code or NIK), so create views ask this before validating."""
    try:
        client_uuid = uuid.UUID(str(data.get("client_uuid", "")))
    except ValueError:
        return None
    earlier = replayed(client_uuid, queryset.model)
    if earlier is None:
        return None
    return queryset.filter(pk=earlier.pk).first()
