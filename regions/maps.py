"""The map of a region page: the region's outline with its child regions shaded by their number of active
posyandu, or, where no child region can be drawn (a desa), the region itself filled with its posyandu as
points.

A map is drawn only from what is there: a desa whose own boundary is not loaded is shown inside its
kecamatan's (with a note saying so), and with nothing to draw there is no map at all, so the page says the
map is not available instead of showing an empty box."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regions.models import Level, Region, RegionBoundary


class Located(Protocol):
    """A posyandu as the map needs it (kept structural so `regions` does not import `posyandu`)."""

    pk: int
    name: str
    latitude: Any
    longitude: Any


@dataclass
class RegionMap:
    geojson: dict[str, Any] | None
    legend: str = ""
    notes: list[str] = field(default_factory=list)


def region_map(
    region: Region, children: Sequence[tuple[Region, int]], posyandu: Iterable[Located]
) -> RegionMap:
    """`children`: each child region with its number of active posyandu; `posyandu`: those of a desa."""
    codes = [region.code, *(child.code for child, _count in children)]
    if region.level == Level.DESA and region.parent_id is not None:
        codes.append(region.parent_id)
    boundaries = dict(RegionBoundary.objects.filter(region_id__in=codes).values_list("region_id", "geometry"))
    features = [
        _feature(boundaries[child.code], "child", child.display_name, child.code, count)
        for child, count in children
        if child.code in boundaries
    ]
    notes = []
    # The region itself: an outline around its children, or the filled shape when no child can be drawn.
    if region.code in boundaries:
        role = "self" if features else "area"
        features.insert(0, _feature(boundaries[region.code], role, region.display_name, region.code))
    elif region.level == Level.DESA and region.parent_id in boundaries and region.parent is not None:
        parent = region.parent
        features.insert(0, _feature(boundaries[parent.code], "area", parent.display_name, parent.code))
        notes.append(
            _("Batas desa/kelurahan ini belum dimuat; peta menunjukkan batas %(kecamatan)s.")
            % {"kecamatan": parent.display_name}
        )
    legend = _("Warna: jumlah posyandu aktif per wilayah.")
    if region.level == Level.DESA:
        legend = _("Arsiran: wilayah; titik: letak posyandu.")
        unplaced = 0
        for post in posyandu:
            if post.latitude is None or post.longitude is None:
                unplaced += 1
                continue
            features.append(_point(post))
        if unplaced:
            notes.append(
                ngettext(
                    "%(n)d posyandu belum punya titik koordinat.",
                    "%(n)d posyandu belum punya titik koordinat.",
                    unplaced,
                )
                % {"n": unplaced}
            )
    if not features:
        return RegionMap(None)
    return RegionMap({"type": "FeatureCollection", "features": features}, legend, notes)


def _feature(geometry: Any, role: str, name: str, code: str, posyandu: int | None = None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "role": role,
            "code": code,
            "name": name,
            "url": reverse("regions:detail", args=[code]),
            "posyandu": posyandu,
        },
    }


def _point(post: Located) -> dict[str, Any]:
    return {
        "type": "Feature",
        # GeoJSON orders a position longitude first.
        "geometry": {"type": "Point", "coordinates": [float(post.longitude), float(post.latitude)]},
        "properties": {
            "role": "posyandu",
            "name": f"Posyandu {post.name}",
            "url": reverse("posyandu:detail", args=[post.pk]),
        },
    }
