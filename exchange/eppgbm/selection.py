"""Which balita go into an e-PPGBM sheet: the area (a posyandu, a desa, a kecamatan, or the user's own area
such as a bidan's desa) and the month, read from `?posyandu=`, `?wilayah=` and `?bulan=`.

An area named in the query that the user may not see is a 404, as for every object outside the scope (the
sheet carries NIKs). An area wider than a kecamatan is refused with a message: the sheet is the puskesmas'
upload, and a kabupaten's children in one synchronous file would hold a server for minutes.

One row per child and month: the month's latest counted weighing (`reports.figures.latest`, the rule SKDN's
D counts by), so a child weighed twice is one row and a weighing held as "perlu dicek ulang" is left out
until it is confirmed or corrected, exactly as in the monthly report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from posyandu.models import Posyandu
from regions.codes import common_ancestor, is_region_code, level_of, within_any_q
from regions.models import Level, Region
from reports.figures import UNDER_FIVE_STAGES, latest
from reports.periods import current_month, last_complete_month
from visits.models import Service, ServiceKind, Visit
from web import query

# A kecamatan is the widest area one sheet covers (a puskesmas serves one kecamatan, or part of one).
WIDEST_LEVEL = Level.KECAMATAN
VITAMIN_A = (ServiceKind.VITAMIN_A_BLUE, ServiceKind.VITAMIN_A_RED)


@dataclass(frozen=True)
class Area:
    """Where the children were measured: one posyandu, or every posyandu under `codes`."""

    label: str
    codes: tuple[str, ...]
    posyandu: Posyandu | None = None

    @property
    def region_code(self) -> str:
        """The region an audit event of this area belongs to: the narrowest one holding all of it."""
        if self.posyandu is not None:
            return self.posyandu.desa_id
        return common_ancestor(self.codes)

    @property
    def slug(self) -> str:
        """The area in a file name."""
        if self.posyandu is not None:
            return f"posyandu-{self.posyandu.code}"
        return self.region_code or "wilayah"


@dataclass(frozen=True)
class Choice:
    """The area and month a page or a file is about; `area` None with `problem` saying why."""

    month: datetime.date
    area: Area | None
    problem: str = ""
    wilayah: str = ""
    posyandu_id: int | None = None


def choose(request: AuthedRequest) -> Choice:
    """The area and month of the request. Raises Http404 for a posyandu or region the user may not see."""
    month = query.month(request, last_complete_month, latest=current_month())
    user = request.user
    if raw := query.raw(request, "posyandu"):
        posyandu = (
            Posyandu.objects.visible_to(user)
            .select_related("desa")
            .filter(pk=int(raw) if raw.isdigit() and len(raw) < 19 else 0)
            .first()
        )
        if posyandu is None:
            raise Http404
        return _posyandu_choice(month, posyandu)
    if raw := query.raw(request, "wilayah"):
        if not is_region_code(raw) or not scope_of(user).covers(raw):
            raise Http404
        region = Region.objects.filter(code=raw).first()
        if region is None:
            raise Http404
        return _region_choice(month, region)
    return _own_area(month, request)


def _posyandu_choice(month: datetime.date, posyandu: Posyandu) -> Choice:
    label = _("Posyandu %(name)s, %(desa)s") % {"name": posyandu.name, "desa": posyandu.desa.display_name}
    return Choice(month, Area(label, (posyandu.desa_id,), posyandu), posyandu_id=posyandu.pk)


def _region_choice(month: datetime.date, region: Region) -> Choice:
    if region.level < WIDEST_LEVEL:
        return Choice(month, None, _too_wide(), wilayah=region.code)
    return Choice(month, Area(region.display_name, (region.code,)), wilayah=region.code)


def _too_wide() -> str:
    return _("Pilih kecamatan, desa/kelurahan atau posyandu: satu berkas e-PPGBM paling luas satu kecamatan.")


def _own_area(month: datetime.date, request: AuthedRequest) -> Choice:
    scope = scope_of(request.user)
    if scope.posyandu_id is not None:  # a kader: her posyandu
        posyandu = Posyandu.objects.select_related("desa").filter(pk=scope.posyandu_id).first()
        if posyandu is not None:
            return _posyandu_choice(month, posyandu)
    codes = scope.region_codes
    if scope.everything or not codes or min(level_of(c) for c in codes) < WIDEST_LEVEL:
        return Choice(month, None, _too_wide())
    names = Region.objects.filter(code__in=codes).order_by("code")
    label = ", ".join(r.display_name for r in names)
    return Choice(month, Area(label, tuple(codes)))


def region_options(request: AuthedRequest) -> list[Region]:
    """The kecamatan and desa of the user's area a sheet may be made for."""
    scope = scope_of(request.user)
    if scope.everything:
        return []  # every kecamatan of Indonesia is no menu: an admin names one with `?wilayah=`
    return list(
        Region.objects.visible_to(request.user)
        .filter(level__in=(Level.KECAMATAN, Level.DESA))
        .order_by("code")
        .only("code", "name", "level", "kind")
    )


def posyandu_options(request: AuthedRequest, choice: Choice) -> list[Posyandu]:
    """The posyandu of the chosen area (or of the user's whole area when it is narrow enough)."""
    qs = Posyandu.objects.visible_to(request.user)
    if choice.area is not None:
        qs = qs.filter(within_any_q("desa_id", choice.area.codes))
    elif scope_of(request.user).everything:
        return []
    return list(qs.order_by("name", "pk").only("pk", "name", "code"))


def balita_visits(request: AuthedRequest, area: Area, month: datetime.date) -> QuerySet[Visit]:
    """Each child under five's latest counted weighing of `month` in `area`, with what a row needs."""
    visits = Visit.objects.visible_to(request.user).filter(month=month, life_stage__in=UNDER_FIVE_STAGES)
    if area.posyandu is not None:
        visits = visits.filter(posyandu=area.posyandu)
    else:
        visits = visits.filter(within_any_q("desa_id", area.codes))
    vitamin_a = (
        Service.objects.filter(
            visit__person_id=OuterRef("person_id"), visit__month=OuterRef("month"), kind__in=VITAMIN_A
        )
        .order_by("-visit__date")
        .values("kind")[:1]
    )
    return (
        latest(visits, "weight_kg")
        .annotate(vitamin_a=Subquery(vitamin_a))
        .select_related(
            "person__mother",
            "person__household__unit__parent__parent__parent",
            "posyandu",
            "desa__parent__parent__parent",
        )
        .order_by("posyandu__name", "posyandu_id", "person__name", "person_id")
    )
