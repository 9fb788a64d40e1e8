"""Password rules beyond Django's own validators, and how passwords are stored.

Guessing attacks start with the words of the place: the application's name, the roles printed on the
login page and the year (`posyandu2026`, `Kader123`). Django's common-password list is English-centric and
misses them, so a password that is only such a word with digits or punctuation around it is refused
(OWASP ASVS 2.1.7: check against words specific to the service).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.hashers import Argon2PasswordHasher
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


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with the OWASP Password Storage Cheat Sheet's first configuration: 19 MiB of memory, 2
    passes, 1 lane. Memory-hard, so a guesser's GPU gains little, and cheap enough in CPU (~50 ms here) that
    200 kader logging in at the start of a campaign morning do not hold a two-core server for minutes, as
    Django's PBKDF2 with a million rounds (~0.7 s each) did. A password stored with other parameters (or
    with PBKDF2, before this hasher) is stored again with these at its owner's next login."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
