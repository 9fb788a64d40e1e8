"""Missing essential equipment, the one rule (docs/domain.md "Posyandu strata and posyandu aktif": growth-
monitoring equipment): an essential item a posyandu lacks is absent from its inventory, counted 0, or
rusak berat. The posyandu page shows it, the Tim Pembina's problems and the aktif-2021 criterion use it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from posyandu.models import Condition, EquipmentItem, PosyanduEquipment


def missing_essential(posyandu_ids: Collection[int]) -> dict[int, list[EquipmentItem]]:
    """{posyandu id: the essential items it lacks, in the items' order}, two queries."""
    essential = list(EquipmentItem.objects.filter(is_essential=True))
    usable: dict[int, set[int]] = defaultdict(set)
    for pid, item_id in (
        PosyanduEquipment.objects.filter(posyandu_id__in=posyandu_ids, count__gt=0)
        .exclude(condition=Condition.BROKEN)
        .values_list("posyandu_id", "item_id")
    ):
        usable[pid].add(item_id)
    return {pid: [item for item in essential if item.pk not in usable[pid]] for pid in posyandu_ids}
