"""`{% if user|may_see_satusehat %}`: whether a page shows its link to the SATUSEHAT pages
(exchange.satusehat.access)."""

from __future__ import annotations

from typing import Any

from django import template

from exchange.satusehat.access import may_see_submissions

register = template.Library()


@register.filter
def may_see_satusehat(user: Any) -> bool:
    return may_see_submissions(user)
