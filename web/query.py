"""Query parameters read with a fallback and a visible notice.

A list, report or export page reads `?bulan=`, `?wilayah=`, `?page=` and the like only through these
functions. A value the page cannot use (malformed, out of range, outside the user's scope, an id the user
cannot see) is never a server error and never ignored silently: the page falls back to its default and
`templates/query_notices.html` (included by base.html) shows what was not understood and what is shown
instead, e.g. "Bulan “9999-12” tidak dikenali; menampilkan November 2026." A page with nowhere to show a
notice (a CSV or PDF export) answers 400 with the notices instead (`refusal`).

The notices live on the request (`request.query_notices`), so they belong to this response only, unlike
the messages framework's, which a fragment or a file download would leave for the next page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from regions.filters import selected_region_code
from rules.months import parse_month

T = TypeVar("T")
M = TypeVar("M", bound=Model)

SHOWN_CHARACTERS = 30  # of a rejected value in the notice: enough to recognise it, not a page of text


@dataclass(frozen=True)
class QueryNotice:
    name: str  # the query parameter
    text: str


def notices(request: HttpRequest) -> list[QueryNotice]:
    return getattr(request, "query_notices", [])


def note(request: HttpRequest, name: str, label: str, raw: str, shown: str) -> None:
    """Record that `?name=raw` was not understood and `shown` is displayed instead."""
    value = raw if len(raw) <= SHOWN_CHARACTERS else raw[:SHOWN_CHARACTERS] + "…"
    text = _("%(label)s “%(value)s” tidak dikenali; menampilkan %(shown)s.") % {
        "label": label,
        "value": value,
        "shown": shown,
    }
    # The notices belong to this response only, so they travel on its request (HttpRequest declares no such
    # attribute).
    request.query_notices = [*notices(request), QueryNotice(name, text)]  # type: ignore[attr-defined]


def refusal(request: HttpRequest) -> HttpResponse | None:
    """For a page that cannot show a notice (a file): a 400 naming what was not understood, else None."""
    found = notices(request)
    if not found:
        return None
    return HttpResponse(
        "\n".join(n.text for n in found), status=400, content_type="text/plain; charset=utf-8"
    )


def raw(request: HttpRequest, name: str) -> str:
    """The stripped value of `?name=`, "" when absent."""
    return request.GET.get(name, "").strip()


def text(request: HttpRequest, name: str) -> str:
    """Free text (a search): any value is a value."""
    return raw(request, name)


def _resolve(default: T | Callable[[], T]) -> T:
    return default() if callable(default) else default


def choice(
    request: HttpRequest,
    name: str,
    label: str,
    choices: Iterable[str],
    default: str,
    shown: str | None = None,
) -> str:
    """One of `choices` (include "" where an empty value means "all"); absent gives `default`, anything else
    falls back to `default` (named in the notice as `shown`, else the default itself, else "semua")."""
    if name not in request.GET:
        return default
    value = raw(request, name)
    if value in set(choices):
        return value
    if value:
        note(request, name, label, value, shown or default or _("semua"))
    return default


def flag(request: HttpRequest, name: str, label: str) -> bool:
    """`?name=1` is on; absent or empty is off; anything else is off with a notice."""
    value = raw(request, name)
    if value in ("", "1"):
        return value == "1"
    note(request, name, label, value, _("tidak"))
    return False


def integer(request: HttpRequest, name: str, label: str, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high`; anything else falls back to `default`."""
    value = raw(request, name)
    if not value:
        return default
    if value.isdigit() and low <= int(value) <= high:  # isdigit: no sign, and no int() of 10,000 digits
        return int(value)
    note(request, name, label, value, str(default))
    return default


def month(
    request: HttpRequest,
    default: datetime.date | Callable[[], datetime.date],
    *,
    name: str = "bulan",
    latest: datetime.date | None = None,
) -> datetime.date:
    """The first day of the month `?bulan=YYYY-MM` names (rules.months.parse_month), not after `latest`."""
    value = raw(request, name)
    if value:
        parsed = parse_month(value)
        if parsed is not None and (latest is None or parsed <= latest):
            return parsed
    fallback = _resolve(default)
    if value:
        note(request, name, _("Bulan"), value, formats.date_format(fallback, "F Y"))
    return fallback


def month_or_all(request: HttpRequest, name: str = "bulan") -> datetime.date | None:
    """The month `?bulan=YYYY-MM` names, None when absent or not understood (a page of every month)."""
    value = raw(request, name)
    parsed = parse_month(value) if value else None
    if value and parsed is None:
        note(request, name, _("Bulan"), value, _("semua bulan"))
    return parsed


def region(request: HttpRequest, name: str = "wilayah") -> str | None:
    """A region code inside the user's scope (regions.filters.selected_region_code), else None: the user's
    whole area."""
    value = raw(request, name)
    code = selected_region_code(request.user, value)
    if value and code is None:
        note(request, name, _("Wilayah"), value, _("seluruh wilayah Anda"))
    return code


def page(request: HttpRequest, paginator: Paginator[Any], name: str = "page") -> Page[Any]:
    """The page `?page=` asks for; a number that is no page falls back to the first (or, past the end, the
    last) with a notice, as Paginator.get_page does."""
    value = raw(request, name)
    shown = paginator.get_page(value if value.isdigit() else 1)
    if value and not (value.isdigit() and 1 <= int(value) <= paginator.num_pages):
        note(request, name, _("Halaman"), value, _("halaman %(number)d") % {"number": shown.number})
    return shown


def kept(params: Mapping[str, object]) -> QueryDict:
    """The parameters a page's links keep (its pager, its export link): those of `params` that are set.
    Templates add to them with `{% querystring query page=2 %}`, which encodes every value (a search for
    "a&b" stays one value)."""
    result = QueryDict(mutable=True)
    for name, value in params.items():
        if value not in (None, ""):
            result[name] = str(value)
    return result


def choose(
    request: HttpRequest, name: str, label: str, queryset: QuerySet[M], shown: str | None = None
) -> M | None:
    """The object of `queryset` (already scoped to the user) whose id `?name=` gives; None when absent, and
    with a notice (saying `shown` is displayed instead, "semua" by default) when the id is malformed or names
    nothing the user may see: the same answer for both, so an id outside the scope reveals nothing."""
    value = raw(request, name)
    if not value:
        return None
    found = queryset.filter(pk=int(value)).first() if value.isdigit() and len(value) < 19 else None
    if found is None:
        note(request, name, label, value, shown or _("semua"))
    return found
