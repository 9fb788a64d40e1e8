"""Reading the register: regions, posyandu and people the token's user may see, as on the pages
(`visible_to(user)`, one object through its `access_*` function: outside the scope it is a 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from api.v1.paging import Pages
from api.v1.schemas import PersonOut, PosyanduOut, RegionOut
from people.access import access_person
from people.models import Person
from posyandu.access import access_posyandu
from posyandu.models import Posyandu
from regions.access import access_region
from regions.codes import within_q
from regions.models import Region

router = Router(tags=["register"])


@router.get("/regions", response=list[RegionOut], summary="Regions of the user's area and below")
@paginate(Pages)
def list_regions(
    request: HttpRequest, within: str | None = None, level: int | None = None
) -> QuerySet[Region]:
    """`within`: only this region and those below it (404 outside the area); `level`: 1 provinsi … 4 desa."""
    qs = Region.objects.visible_to(request.user).order_by("code")
    if within:
        qs = qs.filter(within_q("code", access_region(request.user, within).code))
    if level is not None:
        qs = qs.filter(level=level)
    return qs


@router.get("/regions/{region_code}", response=RegionOut)
def get_region(request: HttpRequest, region_code: str) -> Region:
    return access_region(request.user, region_code)


@router.get("/posyandu", response=list[PosyanduOut], summary="Posyandu of the user's area")
@paginate(Pages)
def list_posyandu(request: HttpRequest, region: str | None = None) -> QuerySet[Posyandu]:
    """`region`: only the posyandu of this region (a desa, a kecamatan, …)."""
    qs = Posyandu.objects.visible_to(request.user).order_by("desa_id", "name", "pk")
    if region:
        qs = qs.filter(within_q("desa_id", access_region(request.user, region).code))
    return qs


@router.get("/posyandu/{int:posyandu_id}", response=PosyanduOut)
def get_posyandu(request: HttpRequest, posyandu_id: int) -> Posyandu:
    return access_posyandu(request.user, posyandu_id)


@router.get("/people", response=list[PersonOut], summary="People of the register (NIK masked)")
@paginate(Pages)
def list_people(
    request: HttpRequest, posyandu: int | None = None, desa: str | None = None, current: bool = False
) -> QuerySet[Person]:
    """`posyandu` or `desa` narrow the list (404 outside the area); `current=true` leaves out people who
    moved away, died or were merged into another record."""
    qs = Person.objects.visible_to(request.user).order_by("name", "pk")
    if posyandu is not None:
        qs = qs.filter(posyandu=access_posyandu(request.user, posyandu))
    if desa:
        qs = qs.filter(desa_id=access_region(request.user, desa).code)
    if current:
        qs = qs.current()
    return qs


@router.get("/people/{int:person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return access_person(request.user, person_id)
