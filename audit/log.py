"""Recording writes. Actions call `create`, `update` or `record` inside their transaction; nothing else
writes audit events.

The old and new values are JSON-safe snapshots of the model's own fields (foreign keys as ids, many-to-many
as sorted id lists), so a history page can show each change without the objects still existing.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from audit.models import AuditEvent, object_key

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=models.Model)

# Fields that change on every save and say nothing to a reader of the history.
_SKIPPED = {"id", "created_at", "updated_at", "password", "last_login"}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIPPED:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(str(pk) for pk in getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before = before or {}
    after = after or {}
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def validate(obj: models.Model) -> None:
    """`obj.full_clean()`, but a foreign key whose object the action holds is not looked up again: the caller
    read that row (through its access check) and the database's foreign key still refuses one that vanished
    since. On a campaign day this is four queries of each saved visit. A key with `limit_choices_to` is
    checked as Django does."""
    held = [
        field.name
        for field in obj._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and not field.remote_field.limit_choices_to
        and field.is_cached(obj)
        and getattr(obj, field.name) is not None
        and getattr(obj, field.name).pk is not None
    ]
    errors: dict[str, Any] = {}
    try:
        obj.clean_fields(exclude=held)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        obj.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    failed = set(errors)
    for check_rest in (obj.validate_unique, obj.validate_constraints):
        try:
            check_rest(exclude=failed)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def record(
    actor: User | None,
    verb: str,
    obj: models.Model,
    changes: dict[str, list[Any]],
    *,
    region_code: str,
    posyandu_id: int | None = None,
    subject: models.Model | None = None,
    client_uuid: uuid.UUID | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "system",
        verb=verb,
        object_key=object_key(obj),
        object_repr=str(obj)[:200],
        subject_key=object_key(subject) if subject is not None else "",
        region_code=region_code,
        posyandu_id=posyandu_id,
        changes=changes,
        client_uuid=client_uuid,
    )


def create(
    actor: User | None,
    verb: str,
    obj: M,
    *,
    region_code: str,
    posyandu_id: int | None = None,
    subject: models.Model | None = None,
    client_uuid: uuid.UUID | None = None,
    m2m: dict[str, Any] | None = None,
) -> M:
    """Validate, save and audit a new object (with its many-to-many values, if any)."""
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    record(
        actor,
        verb,
        obj,
        diff(None, snapshot(obj)),
        region_code=region_code,
        posyandu_id=posyandu_id,
        subject=subject,
        client_uuid=client_uuid,
    )
    return obj


def update(
    actor: User | None,
    verb: str,
    obj: M,
    fields: dict[str, Any],
    *,
    region_code: str,
    posyandu_id: int | None = None,
    subject: models.Model | None = None,
    client_uuid: uuid.UUID | None = None,
) -> M:
    """Apply `fields` (many-to-many included), validate, save and audit the difference.

    The object is re-read first: a bound ModelForm has already written its input onto the instance, and the
    history must show what the database held before."""
    obj.refresh_from_db()
    before = snapshot(obj)
    m2m_names = {f.name for f in obj._meta.many_to_many}
    for name, value in fields.items():
        if name not in m2m_names:
            setattr(obj, name, value)
    validate(obj)
    obj.save()
    for name, value in fields.items():
        if name in m2m_names:
            getattr(obj, name).set(value)
    record(
        actor,
        verb,
        obj,
        diff(before, snapshot(obj)),
        region_code=region_code,
        posyandu_id=posyandu_id,
        subject=subject,
        client_uuid=client_uuid,
    )
    return obj


def record_bulk(actor: User | None, verb: str, target: str, summary: dict[str, Any]) -> AuditEvent:
    """A bulk system write (loading the region list, importing boundaries, seeding demo data)."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "system",
        verb=verb,
        object_key=target,
        object_repr=target,
        changes=summary,
    )
