import uuid
from typing import Any

from django import forms

from audit.models import AuditEvent
from audit.retries import Submission, form_data_hash


def submission(form: forms.BaseForm) -> uuid.UUID | None:
    """A form's cleaned client UUID, carrying the hash of the data sent with it (audit.retries)."""
    value = form.cleaned_data.get("client_uuid")
    if value is None:
        return None
    return Submission(value, form_data_hash(form.data, form.files, form.add_prefix("client_uuid")))


class IdempotentForm(forms.Form):
    """Carries the client-generated UUID of a submission, so a retried POST is stored once
    (`audit.retries.idempotent` decides what a UUID sent again means)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def clean_client_uuid(self) -> uuid.UUID | None:
        return submission(self)


class IdempotentModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for ModelForms of any model
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def clean_client_uuid(self) -> uuid.UUID | None:
        return submission(self)

    def model_fields(self) -> dict[str, object]:
        """The cleaned values of the model's own fields, for an action."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k != "client_uuid" and k in (self._meta.fields or ())
        }

    def retried_pk(self) -> Any:
        """The primary key of the object an earlier sending of this create form (same client UUID) stored.

        A create form sent again after a lost response would otherwise fail its own uniqueness checks (the
        first sending stored the code or NIK), so those checks leave that object out; the action then
        decides whether the sending is a retry or a refused resubmission."""
        if self.instance.pk is not None or not self.is_bound:
            return None
        try:
            client_uuid = uuid.UUID(str(self.data.get(self.add_prefix("client_uuid"), "")))
        except ValueError:
            return None
        key = AuditEvent.objects.filter(client_uuid=client_uuid).values_list("object_key", flat=True).first()
        label, _sep, pk = (key or "").partition(":")
        model = self._meta.model
        return model._meta.pk.to_python(pk) if label == model._meta.label_lower else None

    def saved_pk(self) -> Any:
        """The object this form writes: the one edited, or the one an earlier sending created."""
        return self.instance.pk if self.instance.pk is not None else self.retried_pk()

    def _post_clean(self) -> None:
        # Django's ModelForm hook that validates the instance and its unique fields and constraints: for a
        # retried create form they are checked as for an edit of the object the first sending stored.
        retried = self.retried_pk()
        if retried is None:
            super()._post_clean()  # type: ignore[misc]  # django-stubs do not declare this hook
            return
        self.instance.pk, self.instance._state.adding = retried, False
        try:
            super()._post_clean()  # type: ignore[misc]  # django-stubs do not declare this hook
        finally:
            self.instance.pk, self.instance._state.adding = None, True
