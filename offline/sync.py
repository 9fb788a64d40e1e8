"""The records a phone made offline, applied (docs/offline.md "Sync"): each item (`offline.items`) through
the form and the action of the online page (the same validation, audit and `client_uuid` retry rule), in
its own transaction, answered item by item (`offline.answers`), so that one refusal blocks nothing else."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from offline.answers import REFUSED, Answer, Refused, already_recorded, invalid
from offline.items import HANDLERS
from visits import actions as visit_actions
from web import queue

if TYPE_CHECKING:
    from accounts.models import User

# Items per request: a batch is applied within one request, and 100 visits take a few seconds on a small
# server. The phone sends the rest in the next batch.
MAX_ITEMS = 100


def apply(user: User, items: list[Any]) -> list[dict[str, Any]]:
    """Apply the items in order (a later item may refer to an earlier one) and answer each; the background
    refreshes the writes ask for are queued once for the batch."""
    with queue.together():
        return [apply_item(user, item).as_json() for item in items]


def apply_item(user: User, item: Any) -> Answer:
    raw_uuid = item.get("client_uuid") if isinstance(item, dict) else None
    shown_uuid = raw_uuid if isinstance(raw_uuid, str) else None
    try:
        client_uuid, handler, data = _parse(item)
        with transaction.atomic():
            return handler(user, client_uuid, data)
    except Refused as refused:
        return Answer(
            shown_uuid,
            REFUSED,
            errors=refused.errors,
            message=refused.message,
            conflict=refused.conflict,
            result=refused.result,
        )
    except visit_actions.VisitAlreadyRecorded as exc:
        return already_recorded(shown_uuid, exc.visit)
    except ValidationError as exc:
        return invalid(shown_uuid, exc)
    except PermissionDenied:
        message = _("Anda tidak berhak mencatat ini.")
        return Answer(shown_uuid, REFUSED, message=message, conflict={"kind": "no_access"})
    except Http404:
        message = _("Tidak ditemukan di wilayah Anda (mungkin sudah dihapus atau pindah).")
        return Answer(shown_uuid, REFUSED, message=message, conflict={"kind": "not_found"})


def _parse(
    item: Any,
) -> tuple[uuid.UUID, Callable[[User, uuid.UUID, dict[str, Any]], Answer], dict[str, Any]]:
    if not isinstance(item, dict):
        raise Refused(_("Catatan tidak terbaca."))
    try:
        client_uuid = uuid.UUID(str(item.get("client_uuid")))
    except ValueError:
        raise Refused(errors={"client_uuid": [_("Kode catatan (client_uuid) tidak valid.")]}) from None
    handler = HANDLERS.get(str(item.get("kind")))
    if handler is None:
        raise Refused(_("Jenis catatan tidak dikenal: %(kind)s") % {"kind": item.get("kind")})
    data = item.get("data")
    if not isinstance(data, dict):
        raise Refused(_("Catatan tanpa isi (data)."))
    return client_uuid, handler, data
