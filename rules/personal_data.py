"""Masking of identity and contact numbers wherever they are shown (UU 27/2022 on personal data protection).

A NIK or No. KK keeps its first four digits (province and kabupaten/kota: where a number was issued, not
whose it is) and its last four, `6474********0001`, enough to tell two people apart on a list. A phone
number keeps its last three digits behind a fixed run of stars, so neither the operator prefix nor the
length is shown. The full value is shown only by a logged reveal (`view_<field>` audit events).

`SENSITIVE_FIELDS` names the stored fields that hold such numbers; the history pages, the template filter
and the edit forms all mask by this one list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

HIDDEN = "****"


def mask_number(number: str) -> str:
    """A 16-digit NIK or No. KK as `6474********0001`; anything else as `****`."""
    if len(number) != 16:
        return HIDDEN
    return f"{number[:4]}********{number[-4:]}"


def mask_phone(phone: str) -> str:
    """A phone number as `********801` (its last three digits); a shorter value as `****`."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 6:
        return HIDDEN
    return f"********{digits[-3:]}"


IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{16}(?!\d)")


def holds_identity_number(text: str) -> bool:
    """Whether `text` holds a run of 16 digits (a NIK or No. KK), spaces and dots ignored: a text that is
    published (a rakor decision, a commitment's title) must not."""
    return IDENTITY_NUMBER.search(re.sub(r"(?<=\d)[ .](?=\d)", "", text)) is not None


SENSITIVE_FIELDS: dict[str, Callable[[str], str]] = {
    "nik": mask_number,
    "kk_number": mask_number,
    "mother_nik": mask_number,
    "phone": mask_phone,
}


def masked(field: str, value: object) -> object:
    """`value` masked if `field` holds a sensitive number; other fields and empty values unchanged."""
    mask = SENSITIVE_FIELDS.get(field)
    if mask is None or value is None or value == "":
        return value
    return mask(str(value))
