"""A sheet's check, kept for the import that follows it.

The import must rest on the register as it is when the import runs, and checking a 50,000-row sheet again
takes seconds. So the check's result is kept (as JSON of plain data next to the uploaded file, in private
storage: loading it runs no code, unlike a pickle) and the
import reuses it only when the check would come out the same: the same user, the same day, the same rules,
and no audited write the check could not see to anything it reads (people, posyandu, users and their areas,
campaigns and their imports, the monthly reports that lock months, bulk loads). "Could not see" means
written after the check began, or written in a transaction still open then: every relevant event from
`OPEN_WRITES` before the check began counts, except those already committed when it began. Otherwise the
import checks the sheet again."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent, object_key
from campaigns.imports.check import Checked
from campaigns.imports.match import Row
from campaigns.imports.parse import ParsedRow
from rules import assessment
from visits.actions import rules

if TYPE_CHECKING:
    from campaigns.models import ImportJob

# The longest a write's transaction stays open after its audit event is made (an import writes its event
# last, a second before it commits); generous, since counting too much only costs a second check.
OPEN_WRITES = datetime.timedelta(minutes=10)
# Raised when what is kept changes shape (check.Checked, match.Row, parse.ParsedRow): results kept by
# an older version are then checked again.
FORMAT = 4  # 3: JSON instead of pickle; 4: a dataclass as the list of its fields' values
# What the check reads: by the audit log's object keys (`app_label.model:pk`; `…:*` for a bulk load).
_READ_BY_THE_CHECK = ("people.", "posyandu.", "accounts.", "campaigns.", "monthly.")


@dataclass
class Watch:
    """Taken just before a check reads anything."""

    began: datetime.datetime
    seen: frozenset[int]  # relevant events already committed then


def _relevant(since: datetime.datetime) -> Any:
    read = Q(object_key__endswith=":*")
    for prefix in _READ_BY_THE_CHECK:
        read |= Q(object_key__startswith=prefix)
    return AuditEvent.objects.writes().filter(read, at__gte=since - OPEN_WRITES).order_by()


def watch() -> Watch:
    began = timezone.now()
    return Watch(began, frozenset(_relevant(began).values_list("pk", flat=True)))


def _path(job: ImportJob) -> str:
    return f"{job.stored_file}.job{job.pk}.checked"


def _rule_version() -> str:
    return assessment.rule_version(rules())


def _tagged(value: Any) -> Any:
    """What JSON lacks, for `json.dumps(default=…)`: tagged so that `_decoded` restores it exactly. A
    dataclass the check keeps becomes the list of its fields' values, in their order, tagged by its name (the
    names of 47,000 rows' fields would be most of a large sheet's JSON). JSON writes a tuple as a list: the
    tuples a check holds are made again by `_REBUILT`."""
    kind: type = type(value)
    if kind in _REBUILT:
        return {f"${kind.__name__}": [getattr(value, name) for name in _field_names(kind)]}
    if isinstance(value, set | frozenset):
        return {"$set": sorted(value)}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(f"cannot keep {type(value).__name__}")


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _tuples(pairs: list[list[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(pair) for pair in pairs]


def _row(values: list[Any]) -> Row:
    row = Row(*values)
    row.new_key = None if row.new_key is None else tuple(row.new_key)
    return row


def _parsed_row(values: list[Any]) -> ParsedRow:
    parsed = ParsedRow(*values)
    parsed.errors = _tuples(parsed.errors)  # type: ignore[arg-type]
    return parsed


def _checked(values: list[Any]) -> Checked:
    checked = Checked(*values)
    checked.issues, checked.warnings = _tuples(checked.issues), _tuples(checked.warnings)  # type: ignore[arg-type]
    checked.error_lines = set(checked.error_lines)
    return checked


# The dataclasses a kept check holds, each built again from its fields' values (nothing else is called).
_REBUILT: dict[type, Any] = {Checked: _checked, Row: _row, ParsedRow: _parsed_row}
_TAGS: dict[str, Any] = {
    "$set": frozenset,
    "$datetime": datetime.datetime.fromisoformat,
    "$date": datetime.date.fromisoformat,
    "$decimal": Decimal,
} | {f"${kind.__name__}": rebuild for kind, rebuild in _REBUILT.items()}


def _decoded(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and (tag := next(iter(obj))) in _TAGS:
        return _TAGS[tag](obj[tag])
    return obj


def keep(job: ImportJob, checked: Checked, watched: Watch, actor_id: int, today: datetime.date) -> None:
    """Keep `checked` (read under `watched`) for `job`'s import."""
    state = {
        "format": FORMAT,
        "checked": checked,
        "watch": {"began": watched.began, "seen": watched.seen},
        "actor": actor_id,
        "today": today,
        "rules": _rule_version(),
    }
    discard(job)
    default_storage.save(_path(job), ContentFile(json.dumps(state, default=_tagged).encode()))
    discard_stale()


def take(job: ImportJob, actor_id: int, today: datetime.date) -> Checked | None:
    """The kept check of `job` if it still holds for an import by `actor_id` on `today`, else None. A kept
    check serves one import: it is removed either way."""
    path = _path(job)
    if not default_storage.exists(path):
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            state = json.loads(handle.read(), object_hook=_decoded)
        if (state.get("format"), state["actor"], state["today"], state["rules"]) != (
            FORMAT,
            actor_id,
            today,
            _rule_version(),
        ):
            return None
        seen = Watch(state["watch"]["began"], frozenset(state["watch"]["seen"]))
        checked = state["checked"]
        if type(checked) is not Checked:
            raise TypeError("not a kept check")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidOperation):
        return None  # unreadable, or kept by an older version of the code (a pickle included): check again
    finally:
        discard(job)
    now = set(_relevant(seen.began).exclude(object_key=object_key(job)).values_list("pk", flat=True))
    return None if now - seen.seen else checked


def discard(job: ImportJob) -> None:
    path = _path(job)
    if default_storage.exists(path):
        default_storage.delete(path)


def discard_stale(folder: str = "campaigns") -> int:
    """Remove results kept more than a day ago: `take` wants the same day, so they can never serve again,
    and they hold personal data (sheets never imported nor cancelled leave theirs behind)."""
    removed = 0
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    old = timezone.now() - datetime.timedelta(days=1)
    for name in files:
        path = f"{folder}/{name}"
        if name.endswith(".checked") and default_storage.get_modified_time(path) < old:
            default_storage.delete(path)
            removed += 1
    return removed + sum(discard_stale(f"{folder}/{sub}") for sub in folders)
