"""The token secret: 32 random bytes as URL-safe text behind a fixed marker, and its sha256, the only form
stored. A sha256 suffices (no slow hash): the secret is random, not a password a person chose."""

from __future__ import annotations

import hashlib
import secrets

MARKER = "psy_"  # lets a secret scanner recognise a leaked token
PREFIX_LENGTH = len(MARKER) + 6


def new_secret() -> str:
    return MARKER + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str:
    return secret[:PREFIX_LENGTH]
