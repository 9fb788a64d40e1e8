"""Refusals that must not tell a user more than they may know (issue 11, "no enumeration").

A NIK registered to someone outside the user's area, to a merged record or to another person in the area
gets one neutral message, in forms and in campaign sheets alike, so trying NIKs one by one does not reveal
who is registered where. Each refusal is logged with the user and a keyed hash of the NIK (never the NIK:
16 structured digits are easy to recover from a plain hash), so repeated probing can be seen in the logs."""

from __future__ import annotations

import logging

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

NIK_UNUSABLE = _("NIK ini tidak dapat dipakai. Periksa kembali NIK atau hubungi petugas puskesmas/desa.")


def nik_fingerprint(nik: str) -> str:
    """The same NIK gives the same fingerprint on one installation (keyed by SECRET_KEY)."""
    return salted_hmac("audit.refusals.nik", nik).hexdigest()[:16]


def refuse_nik(user_id: int | None, nik: str, *, where: str) -> str:
    """Log a refused NIK and return the neutral message to show."""
    logger.warning("NIK refused: user=%s where=%s nik_hmac=%s", user_id, where, nik_fingerprint(nik))
    return str(NIK_UNUSABLE)
