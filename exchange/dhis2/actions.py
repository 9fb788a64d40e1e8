"""The writes of the DHIS2 export: the administrator's settings and the mapping files. Each in one
transaction, audited."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from exchange.dhis2.mapping_files import MappingFile, read_mapping_file
from exchange.dhis2.models import DataElementMapping, ExportSettings, OrgUnitMapping

if TYPE_CHECKING:
    from accounts.models import User


def may_configure(user: Any) -> bool:
    """Only an administrator maps our figures to the receiver's (it changes every region's file)."""
    return bool(getattr(user, "can_write", False)) and (
        getattr(user, "role", "") == "admin" or bool(getattr(user, "is_superuser", False))
    )


def _ensure_may_configure(actor: User) -> None:
    if not may_configure(actor):
        raise ValidationError(_("Hanya administrator yang dapat mengubah pemetaan DHIS2."))


@transaction.atomic
def save_settings(actor: User, *, data_set: str, id_scheme: str, level: str) -> ExportSettings:
    """Set the receiver's data set, identifier scheme and reporting level."""
    _ensure_may_configure(actor)
    fields = {"data_set": data_set.strip(), "id_scheme": id_scheme, "level": level}
    existing = ExportSettings.objects.select_for_update().filter(pk=1).first()
    if existing is not None:
        return log.update(actor, "set_dhis2_settings", existing, fields, region_code="")
    return log.create(actor, "set_dhis2_settings", ExportSettings(pk=1, **fields), region_code="")


@transaction.atomic
def import_mapping_file(actor: User, *, name: str, content: bytes) -> dict[str, int]:
    """Apply a mapping CSV (`mapping_files`): create, change or (an empty identifier) remove each row's
    mapping. All rows or none; one audit event names the file and what changed. Returns the counts."""
    _ensure_may_configure(actor)
    parsed = read_mapping_file(content)
    changes = _apply(parsed)
    summary: dict[str, Any] = {
        "file": name[:200],
        "sha256": hashlib.sha256(content).hexdigest(),
        **changes,
    }
    log.record_bulk(actor, "import_dhis2_mapping", "dhis2.mapping", summary)
    return {k: len(v) for k, v in changes.items()}


def _apply(parsed: MappingFile) -> dict[str, list[str]]:
    created: list[str] = []
    updated: list[str] = []
    removed: list[str] = []
    elements = {m.indicator: m for m in DataElementMapping.objects.select_for_update()}
    for row in parsed.data_elements:
        current = elements.get(row.indicator)
        if not row.data_element:
            if current is not None:
                current.delete()
                removed.append(row.indicator)
            continue
        target = (row.data_element, row.category_option_combo)
        if current is None:
            DataElementMapping.objects.create(
                indicator=row.indicator,
                data_element=row.data_element,
                category_option_combo=row.category_option_combo,
            )
            created.append(row.indicator)
        elif (current.data_element, current.category_option_combo) != target:
            current.data_element, current.category_option_combo = target
            current.save(update_fields=["data_element", "category_option_combo", "updated_at"])
            updated.append(row.indicator)
    units = {
        m.region_id or f"posyandu:{m.posyandu_id}": m for m in OrgUnitMapping.objects.select_for_update()
    }
    for unit in parsed.org_units:
        current_unit = units.get(unit.key)
        if not unit.org_unit:
            if current_unit is not None:
                current_unit.delete()
                removed.append(unit.key)
            continue
        if current_unit is None:
            OrgUnitMapping.objects.create(
                region_id=unit.region_code, posyandu_id=unit.posyandu_id, org_unit=unit.org_unit
            )
            created.append(unit.key)
        elif current_unit.org_unit != unit.org_unit:
            current_unit.org_unit = unit.org_unit
            current_unit.save(update_fields=["org_unit", "updated_at"])
            updated.append(unit.key)
    return {"created": created, "updated": updated, "removed": removed}
