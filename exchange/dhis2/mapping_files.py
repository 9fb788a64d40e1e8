"""Reading a mapping CSV: the receiver's identifiers for our indicators or for our areas.

Two layouts, told apart by their header row (names in any case, spaces and underscores ignored):

- indicators: `indikator` (our key, e.g. `skdn_d`, `stunting_cases`), `dataElement`, and optionally
  `categoryOptionCombo`;
- org units: `kode` (a Kemendagri region code such as `64.74.01.1001`, or a posyandu code), `orgUnit`, and
  any other columns (a name, the receiver's path), which are ignored.

A row with an empty `dataElement`/`orgUnit` removes that mapping. Every row is checked before anything is
written: one bad row refuses the file, with every problem named by its line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exchange.dhis2.indicators import INDICATOR_KEYS
from posyandu.models import Posyandu
from regions.models import Region

MAX_BYTES = 2 * 1024 * 1024  # a country's desa are ~84,000 rows of ~40 bytes: 2 MB is a province's many
MAX_ROWS = 20_000
MAX_CELL = 200
SHOWN_ERRORS = 20

_HEADERS = {
    "indikator": "indicator",
    "indicator": "indicator",
    "dataelement": "data_element",
    "categoryoptioncombo": "category_option_combo",
    "coc": "category_option_combo",
    "kode": "local_code",
    "kodewilayah": "local_code",
    "orgunit": "org_unit",
    "organisationunit": "org_unit",
}


@dataclass(frozen=True)
class DataElementRow:
    indicator: str
    data_element: str  # "": remove
    category_option_combo: str


@dataclass(frozen=True)
class OrgUnitRow:
    region_code: str | None
    posyandu_id: int | None
    org_unit: str  # "": remove

    @property
    def key(self) -> str:
        return self.region_code or f"posyandu:{self.posyandu_id}"


@dataclass(frozen=True)
class MappingFile:
    data_elements: list[DataElementRow]
    org_units: list[OrgUnitRow]


def _normal(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _lines(content: bytes) -> list[tuple[int, list[str]]]:
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Berkas lebih dari 2 MB. Bagi ke beberapa berkas."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, [c.strip() for c in cells]))
            if len(rows) > MAX_ROWS + 1:
                raise ValidationError(_("Berkas lebih dari %(n)d baris.") % {"n": MAX_ROWS})
    except csv.Error as exc:
        raise ValidationError(
            _("Baris %(row)d tidak dapat dibaca sebagai CSV.") % {"row": reader.line_num}
        ) from exc
    if not rows:
        raise ValidationError(_("Berkas kosong."))
    return rows


def read_mapping_file(content: bytes) -> MappingFile:
    """The rows of a mapping CSV, or ValidationError naming every bad line."""
    (_header_line, header), *body = _lines(content)
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        columns.setdefault(_HEADERS.get(_normal(text), ""), index)
    columns.pop("", None)
    errors: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in body:
        values = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
        if any(len(v) > MAX_CELL for v in values.values()):
            errors.append(_("Baris %(line)d: isian lebih dari %(n)d huruf.") % {"line": line, "n": MAX_CELL})
            continue
        if not all(v.isprintable() for v in values.values()):
            # A control character cannot be written in XML (ADX) and is no identifier.
            errors.append(_("Baris %(line)d: isian memuat karakter kendali.") % {"line": line})
            continue
        rows.append((line, values))
    if {"indicator", "data_element"} <= columns.keys():
        data_elements = _data_elements(rows, errors)
        org_units: list[OrgUnitRow] = []
    elif {"local_code", "org_unit"} <= columns.keys():
        data_elements, org_units = [], _org_units(rows, errors)
    else:
        raise ValidationError(
            _(
                "Baris judul harus memuat kolom “indikator” dan “dataElement” (pemetaan indikator) atau "
                "“kode” dan “orgUnit” (pemetaan wilayah)."
            )
        )
    if errors:
        more = len(errors) - SHOWN_ERRORS
        shown = errors[:SHOWN_ERRORS] + ([_("… dan %(n)d masalah lain.") % {"n": more}] if more > 0 else [])
        raise ValidationError(shown)
    return MappingFile(data_elements, org_units)


def _once(seen: dict[str, int], key: str, line: int, errors: list[str]) -> bool:
    if key in seen:
        errors.append(
            _("Baris %(line)d: %(key)s sudah ada di baris %(first)d.")
            % {"line": line, "key": key, "first": seen[key]}
        )
        return False
    seen[key] = line
    return True


def _data_elements(rows: list[tuple[int, dict[str, str]]], errors: list[str]) -> list[DataElementRow]:
    out = []
    seen: dict[str, int] = {}
    known = set(INDICATOR_KEYS)
    for line, v in rows:
        key = v["indicator"].lower()
        if key not in known:
            errors.append(
                _("Baris %(line)d: indikator “%(key)s” tidak dikenal.")
                % {"line": line, "key": v["indicator"]}
            )
        elif _once(seen, key, line, errors):
            out.append(DataElementRow(key, v["data_element"], v.get("category_option_combo", "")))
    return out


def _org_units(rows: list[tuple[int, dict[str, str]]], errors: list[str]) -> list[OrgUnitRow]:
    codes = {v["local_code"] for _line, v in rows}
    regions = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    posyandu = dict(Posyandu.objects.filter(code__in=codes - regions).values_list("code", "pk"))
    out = []
    seen: dict[str, int] = {}
    for line, v in rows:
        code = v["local_code"]
        if code in regions:
            row = OrgUnitRow(code, None, v["org_unit"])
        elif code in posyandu:
            row = OrgUnitRow(None, posyandu[code], v["org_unit"])
        else:
            errors.append(
                _("Baris %(line)d: “%(code)s” bukan kode wilayah atau kode posyandu yang terdaftar.")
                % {"line": line, "code": code}
            )
            continue
        if _once(seen, row.key, line, errors):
            out.append(row)
    return out
