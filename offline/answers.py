"""What the sync answers for each item (docs/offline.md "Sync"): saved with what the server stored, or
refused with the errors by field, an Indonesian message and what the item conflicts with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from monthly.locks import MESSAGE as LOCKED_MESSAGE
from people.templatetags.people import finding_detail, finding_label
from rules.assessment import INDEX_NAMES
from visits.models import Immunisation, Referral, Visit

SAVED = "saved"
REFUSED = "refused"


@dataclass
class Answer:
    client_uuid: str | None
    status: str
    id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""
    result: dict[str, Any] | None = None
    conflict: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "client_uuid": self.client_uuid,
            "status": self.status,
            "id": self.id,
            "errors": self.errors,
            "message": self.message,
            "result": self.result,
            "conflict": self.conflict,
        }


class Refused(Exception):
    """An item the server does not store: its errors by field, a message, and what it conflicts with."""

    def __init__(
        self,
        message: str = "",
        *,
        errors: Mapping[str, Iterable[Any]] | None = None,  # a form's ErrorDict too
        conflict: dict[str, Any] | None = None,
        result: dict[str, Any] | None = None,
    ) -> None:
        self.errors = {name: [str(m) for m in messages] for name, messages in (errors or {}).items()}
        self.message = message or " ".join(m for messages in self.errors.values() for m in messages)
        self.conflict = conflict
        self.result = result
        super().__init__(self.message)


def invalid(client_uuid: str | None, exc: ValidationError) -> Answer:
    if getattr(exc, "code", None) == "resubmitted":
        message = _(
            "Catatan dengan kode ini sudah tersimpan dengan isi yang lain. Periksa data di server; simpan "
            "perubahan sebagai catatan baru."
        )
        return Answer(client_uuid, REFUSED, message=message, conflict={"kind": "resubmitted"})
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    refused = Refused(errors=errors)
    locked = any(m == str(LOCKED_MESSAGE) for messages in errors.values() for m in messages)
    return Answer(
        client_uuid,
        REFUSED,
        errors=refused.errors,
        message=refused.message,
        conflict={"kind": "locked"} if locked else None,
    )


def already_recorded(client_uuid: str | None, visit: Visit) -> Answer:
    message = _(
        "Kunjungan %(name)s pada %(date)s sudah tercatat (mungkin oleh kader lain); yang tersimpan di server "
        "ditampilkan."
    ) % {"name": visit.person.name, "date": f"{visit.date:%d-%m-%Y}"}
    return Answer(
        client_uuid,
        REFUSED,
        message=message,
        result=visit_result(visit),
        conflict={"kind": "visit_exists", "visit_id": visit.pk},
    )


# The indices a category finding's code starts with, longest first (`bfa_5_18_normal` is of `bfa_5_18`).
_INDICES = sorted(INDEX_NAMES, key=len, reverse=True)


def visit_result(visit: Visit) -> dict[str, Any]:
    """What the server computed and stored for a visit, which the phone shows instead of its own result."""
    referral = Referral.objects.filter(visit=visit).first()
    categories = {}
    for finding in visit.findings:
        index = next((i for i in _INDICES if str(finding["code"]).startswith(f"{i}_")), None)
        if index is not None:
            categories[index] = str(finding["code"])[len(index) + 1 :]
    return {
        "id": visit.pk,
        "person": visit.person_id,
        "opening_day": visit.opening_day_id,
        "campaign": visit.campaign_id,
        "date": visit.date.isoformat(),
        "age_days": visit.age_days,
        "life_stage": visit.life_stage,
        "z": {name: getattr(visit, name) for name in ("waz", "haz", "whz", "baz", "hcz", "acz")},
        "flagged": visit.flagged,
        "needs_remeasure": visit.needs_remeasure,
        "categories": categories,
        "weight_gain": visit.weight_gain,
        "is_2t": visit.is_2t,
        "is_bgm": visit.is_bgm,
        "check_status": visit.check_status,
        "findings": [
            {
                "code": f["code"],
                "label": finding_label(str(f["label"])),
                "detail": finding_detail(str(f["detail"])),
                "refer": f["refer"],
                "level": f["level"],
            }
            for f in visit.findings
        ],
        "refer": any(f["refer"] for f in visit.findings),
        "referral": (
            {"id": referral.pk, "reasons": referral.reasons, "urgency": referral.urgency}
            if referral is not None
            else None
        ),
        "services": sorted(visit.services.values_list("kind", flat=True)),
        "vaccines": sorted(Immunisation.objects.filter(visit=visit).values_list("vaccine", flat=True)),
        "rule_version": visit.rule_version,
    }
