import uuid
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.retries import Submission, form_data_hash
from rules.personal_data import SENSITIVE_FIELDS, masked


def submission(form: forms.BaseForm) -> uuid.UUID | None:
    """A form's cleaned client UUID, carrying the hash of the data sent with it (audit.retries)."""
    value = form.cleaned_data.get("client_uuid")
    if value is None:
        return None
    passwords = [name for name, field in form.fields.items() if isinstance(field.widget, forms.PasswordInput)]
    skip = [form.add_prefix(name) for name in ["client_uuid", *passwords]]
    return Submission(value, form_data_hash(form.data, form.files, skip))


class IdempotentForm(forms.Form):
    """Carries the client-generated UUID of a submission, so a retried POST is stored once
    (`audit.retries.idempotent` decides what a UUID sent again means)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def clean_client_uuid(self) -> uuid.UUID | None:
        return submission(self)


class IdempotentModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for ModelForms of any model
    """Also keeps stored NIK, No. KK and phone numbers (`rules.personal_data.SENSITIVE_FIELDS`) out of edit
    forms: such a field starts empty, its help text shows the stored value masked, and an empty submission
    keeps the stored value while a new one replaces it. Editing a number never shows the old one in full."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def clean_client_uuid(self) -> uuid.UUID | None:
        return submission(self)

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
