import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.db import models

from audit.log import replayed

M = TypeVar("M", bound=models.Model)


class IdempotentForm(forms.Form):
    """Carries the client-generated UUID of a submission, so a retried POST is stored once."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class IdempotentModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for ModelForms of any model
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

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
