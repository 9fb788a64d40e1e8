import uuid

from django import forms


class IdempotentForm(forms.Form):
    """Carries the client-generated UUID of a submission, so a retried POST is stored once."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class IdempotentModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for ModelForms of any model
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def model_fields(self) -> dict[str, object]:
        """The cleaned values of the model's own fields, for an action."""
        return {k: v for k, v in self.cleaned_data.items() if k != "client_uuid" and k in self._meta.fields}
