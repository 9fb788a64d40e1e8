"""Who sees what is sent to SATUSEHAT: a bidan (the visits of her desa), an officer (those of the area) and an
administrator. A kader records the visits and sees none of the sending. The pages check it
(`views._ensure_may_see`), the menu and the report pages show their links by it (`satusehat_access` tags)."""

from __future__ import annotations

from typing import Any


def may_see_submissions(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.is_bidan or user.is_officer))
