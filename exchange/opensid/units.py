"""The desa's dusun, RW and RT as local units (`regions.LocalUnit`), found by what an OpenSID row names, and
which posyandu serves each (`ServedUnit`: the RT's, else the RW's, else the dusun's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from exchange.opensid.models import ServedUnit
from regions.models import LocalUnit, UnitKind

Path = tuple[str, str, str]  # (dusun, rw, rt) as the sheet names them; "" where not given


def same_name(name: str) -> str:
    """ "003", "3" and "Rt 3" name one RT; a dusun is compared in upper case."""
    cleaned = name.strip().upper()
    for prefix in ("DUSUN ", "RW ", "RT "):
        cleaned = cleaned.removeprefix(prefix)
    return str(int(cleaned)) if cleaned.isdigit() else cleaned


def display_name(kind: str, name: str) -> str:
    """How a new unit is named: RW two digits, RT three (as the desa's own lists write them)."""
    if name.isdigit():
        return name.zfill(3 if kind == UnitKind.RT else 2)
    return name.title() if kind == UnitKind.DUSUN else name


def steps(path: Path) -> list[tuple[str, str]]:
    """The units a path goes through, from the top: (kind, name)."""
    dusun, rw, rt = path
    out = []
    if dusun:
        out.append((UnitKind.DUSUN.value, dusun))
    if rw:
        out.append((UnitKind.RW.value, rw))
    if rt:
        out.append((UnitKind.RT.value, rt))
    return out


@dataclass
class UnitTree:
    """The desa's units, read once: (parent id, kind, name) → unit id, and the unit → posyandu map."""

    desa_code: str
    units: dict[tuple[int | None, str, str], int] = field(default_factory=dict)
    served: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, desa_code: str) -> UnitTree:
        tree = cls(desa_code)
        for pk, parent, kind, name in LocalUnit.objects.filter(desa_id=desa_code).values_list(
            "pk", "parent_id", "kind", "name"
        ):
            kind_key = UnitKind.DUSUN.value if kind == UnitKind.LINGKUNGAN else kind
            tree.units[(parent, kind_key, same_name(name))] = pk
        tree.served = dict(ServedUnit.objects.filter(desa_id=desa_code).values_list("unit_id", "posyandu_id"))
        return tree

    def chain(self, path: Path) -> list[int | None]:
        """The ids of the path's units from the top (None from the first one that does not exist yet)."""
        ids: list[int | None] = []
        parent: int | None = None
        for kind, name in steps(path):
            found = (
                self.units.get((parent, kind, same_name(name))) if (parent is not None or not ids) else None
            )
            ids.append(found)
            parent = found
            if found is None:
                parent = None
        return ids

    def unit_of(self, path: Path) -> int | None:
        chain = self.chain(path)
        return chain[-1] if chain else None

    def posyandu_of(self, path: Path) -> int | None:
        """The posyandu serving the path's most specific unit that has one."""
        for unit in reversed(self.chain(path)):
            if unit is not None and unit in self.served:
                return self.served[unit]
        return None

    def missing(self, path: Path) -> bool:
        return any(unit is None for unit in self.chain(path))
