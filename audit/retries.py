"""A retry is a retry, and only a retry: the one check every action with a `client_uuid` goes through.

A form carries a client-generated UUID, so a submission sent twice (a lost response, a double tap, an
offline client syncing again) is stored once. The UUID alone is not enough: after the browser's Back button
the same form, with the same UUID, may be corrected and sent again, and that is a new submission. So the audit
event a submission writes keeps, beside its UUID and actor, a hash of the submission
(`AuditEvent.submission_hash`): the action's name, the objects it was called on, and the data the form sent
(every field but the CSRF token, the UUID and passwords, uploaded files by their content). An action called
without a form (an import, a test) hashes all its arguments but a password instead. When the UUID comes again:

- same actor and same hash: a retry. The action does not run again; the caller gets the object the first
  submission wrote, and may report it saved, because it was.
- anything else (other data, another object, another action, another user): refused with `Resubmitted`,
  a ValidationError the form shows ("Formulir ini sudah dikirim; muat ulang halaman."). Nothing is written.
  Applying it as a new write instead would also be honest, but the user sent it believing it was the form
  they had filled in, over data that may have changed since; a fresh page shows them what is stored now.

The form's data is hashed as sent rather than as cleaned: a form's fields may depend on what the first
sending stored (the doses not yet given, the vaccines due today), so an identical retry can clean to other
values.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import inspect
import json
import uuid
from collections.abc import Callable, Collection, Mapping
from typing import Any, ParamSpec, TypeVar, overload

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent, object_key

P = ParamSpec("P")
R = TypeVar("R")


class Resubmitted(ValidationError):
    """The client UUID was used before for another submission."""

    def __init__(self) -> None:
        super().__init__(_("Formulir ini sudah dikirim; muat ulang halaman."), code="resubmitted")


def _canonical(value: Any) -> Any:
    """A JSON-safe value that is equal for equal submissions, whatever container or instance holds them."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, models.Model):
        return object_key(value)
    if isinstance(value, models.QuerySet):
        return sorted(str(pk) for pk in value.values_list("pk", flat=True))
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, File):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return [value.name, digest.hexdigest()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    # A new kind of argument must be taught here rather than hashed by its repr, which may hold memory
    # addresses and would make every retry look like new data.
    raise TypeError(f"cannot hash a submitted {type(value).__name__}")


def _digest(payload: Any) -> str:
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(encoded.encode()).hexdigest()


class Submission(uuid.UUID):
    """A client UUID as a form received it, with the hash of the data sent with it (`form_data_hash`)."""

    data_hash: str

    def __init__(self, value: uuid.UUID, data_hash: str) -> None:
        super().__init__(int=value.int)
        object.__setattr__(self, "data_hash", data_hash)  # a UUID refuses attribute assignment


def form_data_hash(data: Mapping[str, Any], files: Mapping[str, Any], skip: Collection[str]) -> str:
    """sha256 of a form's submitted data without the CSRF token and the fields in `skip` (the UUID, and
    passwords: a fast hash of a password must not sit in the audit log beside the slow one in the login)."""

    def values(source: Mapping[str, Any], key: str) -> list[Any]:
        getlist = getattr(source, "getlist", None)
        return list(getlist(key)) if getlist is not None else [source[key]]

    ignored = {"csrfmiddlewaretoken", *skip}
    return _digest(
        {
            "data": {k: _canonical(values(data, k)) for k in data if k not in ignored},
            "files": {k: _canonical(values(files, k)) for k in files},
        }
    )


def submission_hash(action: Callable[..., Any], arguments: Mapping[str, Any]) -> str:
    """sha256 of the action's name and the submission: the objects it is called on and the form's data when
    the UUID came from a form, else every argument (the client UUID aside)."""
    client_uuid = arguments.get("client_uuid")
    rest = {k: v for k, v in arguments.items() if k not in ("client_uuid", "password")}
    if isinstance(client_uuid, Submission):
        sent: Any = {
            "objects": {k: _canonical(v) for k, v in rest.items() if isinstance(v, models.Model)},
            "form": client_uuid.data_hash,
        }
    else:
        sent = {"arguments": {k: _canonical(v) for k, v in rest.items()}}
    return _digest({"action": f"{action.__module__}.{action.__qualname__}", **sent})


def _stored_object(event: AuditEvent) -> models.Model | None:
    label, _sep, pk = event.object_key.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    stored: models.Model | None = model._default_manager.filter(pk=pk).first()
    return stored


@overload
def idempotent(action: Callable[P, R]) -> Callable[P, R]: ...
@overload
def idempotent(*, replay: Callable[..., Any]) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
def idempotent(action: Callable[P, R] | None = None, *, replay: Callable[..., Any] | None = None) -> Any:
    """Make an action safe to retry with its `client_uuid` keyword argument (see the module docstring).

    The action's first argument is the actor. On a retry the action returns the object the first
    submission's audit event names, or what `replay` (called with the action's arguments) returns when the
    action returns something else. Place it under `@transaction.atomic`, so the check, the write and the
    stored hash are one transaction."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            client_uuid = kwargs.get("client_uuid")
            if not isinstance(client_uuid, uuid.UUID):
                return func(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            actor = next(iter(bound.arguments.values()))
            digest = submission_hash(func, bound.arguments)

            def retried(earlier: AuditEvent) -> R:
                if earlier.actor_id != getattr(actor, "pk", None) or earlier.submission_hash != digest:
                    raise Resubmitted
                if replay is not None:
                    return replay(*args, **kwargs)  # type: ignore[no-any-return]  # as the action returns
                return _stored_object(earlier)  # type: ignore[return-value]  # the object the action wrote

            if (earlier := AuditEvent.objects.filter(client_uuid=client_uuid).first()) is not None:
                return retried(earlier)
            try:
                with transaction.atomic():  # a savepoint: on a clash the outer transaction can still read
                    result = func(*args, **kwargs)
            except IntegrityError:
                # The same submission twice at one moment (a double tap on a slow line): both passed the check
                # above, the other stored the UUID first, and this one waited for it. Once the other has
                # committed, this one is its retry.
                if (earlier := AuditEvent.objects.filter(client_uuid=client_uuid).first()) is None:
                    raise
                return retried(earlier)
            # Set after the action, so that an action calling another idempotent action with the same UUID
            # stores the hash of the outer one, which is what the client will send again.
            AuditEvent.objects.filter(client_uuid=client_uuid).update(submission_hash=digest)
            return result

        wrapper.retry_checked = True  # type: ignore[attr-defined]  # found by the test that enumerates actions
        return wrapper

    return decorate(action) if action is not None else decorate
