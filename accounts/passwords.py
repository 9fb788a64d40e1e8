"""Password rules beyond Django's own validators.

Guessing attacks start with the words of the place: the application's name, the roles printed on the
login page and the year (`posyandu2026`, `Kader123`). Django's common-password list is English-centric and
misses them, so a password that is only such a word with digits or punctuation around it is refused
(OWASP ASVS 2.1.7: check against words specific to the service).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Lower-case words a guesser tries first here; a password must be more than one of them padded with digits.
CONTEXT_WORDS = (
    "posyandu",
    "pokjanal",
    "puskesmas",
    "kader",
    "bidan",
    "desa",
    "kelurahan",
    "kecamatan",
    "indonesia",
    "bontang",
    "sandi",
    "katasandi",
    "password",
    "rahasia",
    "admin",
)
_PADDING = re.compile(r"[\d\W_]*")


class ContextWordsValidator:
    """Refuse a password that is a service word (or the reverse) with nothing but digits or symbols added."""

    def validate(self, password: str, user: Any = None) -> None:
        core = _PADDING.sub("", password.lower())
        if core in CONTEXT_WORDS or core[::-1] in CONTEXT_WORDS:
            raise ValidationError(
                _("Kata sandi ini mudah ditebak: jangan hanya kata seperti '%(word)s' ditambah angka.")
                % {"word": core},
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Kata sandi tidak boleh hanya nama layanan atau peran (posyandu, kader, ...) ditambah angka."
        )
