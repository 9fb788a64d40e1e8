"""Parsing the cells of one campaign row into typed values, with messages in Bahasa Indonesia naming the
column. No database: the register lookups are the check's (`check.py`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from campaigns.imports.read import BY_KEY, Sheet

_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")
_YES = {"ya", "y", "1", "true", "ada", "punya", "yes"}
_NO = {"tidak", "t", "0", "false", "tidak ada", "no", "belum"}
_NIK = re.compile(r"^\d{16}$")


@dataclass
class ParsedRow:
    line: int
    posyandu_code: str = ""
    nik: str = ""
    name: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    mother_name: str = ""
    mother_nik: str = ""
    head_name: str = ""
    address: str = ""
    kia: bool | None = None
    date: datetime.date | None = None
    weight_kg: Decimal | None = None
    length_height_cm: Decimal | None = None
    position: str = ""
    muac_cm: Decimal | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)

    def error(self, key: str, message: str) -> None:
        self.errors.append((BY_KEY[key].label if key in BY_KEY else key, message))

    def measurements(self) -> dict[str, Decimal]:
        """The numbers given, to check against the entry ranges."""
        values = {
            "weight_kg": self.weight_kg,
            "length_height_cm": self.length_height_cm,
            "muac_cm": self.muac_cm,
        }
        return {k: v for k, v in values.items() if v is not None}


def text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return _date_of_text(text(value))


# A sheet of 50,000 rows holds a few thousand distinct dates and weights: each text is parsed once. Failures
# are not cached (they raise), and the results are immutable.
@lru_cache(maxsize=8192)
def _date_of_text(raw: str) -> datetime.date:
    # The common layouts without strptime.
    if match := _DMY.match(raw):
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if match := _ISO.match(raw):
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def parse_decimal(value: Any, places: int) -> Decimal:
    """Indonesian decimal comma or a point; the value rounded to `places` decimals."""
    return _decimal(value if isinstance(value, int | float) else text(value), places)


@lru_cache(maxsize=8192, typed=True)
def _decimal(value: str | int | float, places: int) -> Decimal:
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        raw = value.replace(" ", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        number = Decimal(raw)
    if not number.is_finite():
        raise InvalidOperation
    return number.quantize(Decimal(1).scaleb(-places))


def parse(line: int, cells: list[Any], sheet: Sheet) -> ParsedRow:
    """The row's values by column, each error noted in the order the report lists them."""
    row = ParsedRow(line)
    get = sheet.values(cells).get
    _parse_identity(row, get)
    _parse_sex(row, get)
    _parse_dates(row, get)
    _parse_measurements(row, get)
    _parse_position(row, get)
    _parse_kia(row, get)
    row.mother_name = " ".join(text(get("mother_name")).split())
    row.head_name = " ".join(text(get("head_name")).split())
    row.address = " ".join(text(get("address")).split())[:250]
    return row


def _parse_identity(row: ParsedRow, get: Callable[[str], Any]) -> None:
    row.posyandu_code = text(get("posyandu"))
    if not row.posyandu_code:
        row.error("posyandu", _("Kode posyandu wajib diisi."))
    row.name = " ".join(text(get("name")).split())
    if not row.name:
        row.error("name", _("Nama anak wajib diisi."))
    row.nik = text(get("nik")).replace(" ", "").lstrip("'")
    if row.nik and not _NIK.match(row.nik):
        row.error("nik", _("NIK harus 16 digit angka."))
    row.mother_nik = text(get("mother_nik")).replace(" ", "").lstrip("'")
    if row.mother_nik and not _NIK.match(row.mother_nik):
        row.error("mother_nik", _("NIK ibu harus 16 digit angka."))


def _parse_sex(row: ParsedRow, get: Callable[[str], Any]) -> None:
    sex = text(get("sex")).lower()
    if sex in {"l", "laki-laki", "laki laki", "lk", "1", "m"}:
        row.sex = "L"
    elif sex in {"p", "perempuan", "pr", "2", "f"}:
        row.sex = "P"
    else:
        row.error("sex", _("Jenis kelamin harus L atau P."))


def _parse_dates(row: ParsedRow, get: Callable[[str], Any]) -> None:
    for key in ("birth_date", "date"):
        raw = get(key)
        if raw is None or text(raw) == "":
            row.error(key, _("Tanggal wajib diisi."))
            continue
        try:
            setattr(row, key, parse_date(raw))
        except ValueError:
            row.error(
                key,
                _("Tanggal “%(value)s” tidak dikenali. Tulis sebagai dd-mm-yyyy, misalnya 05-06-2026.")
                % {"value": text(raw)},
            )


def _parse_measurements(row: ParsedRow, get: Callable[[str], Any]) -> None:
    for key, places in (("weight_kg", 2), ("length_height_cm", 1), ("muac_cm", 1)):
        raw = get(key)
        if raw is None or text(raw) == "":
            if key == "weight_kg":
                row.error(key, _("Berat badan wajib diisi."))
            continue
        try:
            setattr(row, key, parse_decimal(raw, places))
        except (InvalidOperation, ValueError):
            row.error(
                key,
                _("“%(value)s” bukan angka. Gunakan koma atau titik desimal, misalnya 10,5.")
                % {"value": text(raw)},
            )


def _parse_position(row: ParsedRow, get: Callable[[str], Any]) -> None:
    position = text(get("position")).lower()
    if position in {"berbaring", "terlentang", "telentang", "l", "pb", "panjang"}:
        row.position = "l"
    elif position in {"berdiri", "h", "tb", "tinggi"}:
        row.position = "h"
    elif position:
        row.error("position", _("Cara ukur harus Berbaring atau Berdiri."))


def _parse_kia(row: ParsedRow, get: Callable[[str], Any]) -> None:
    kia = text(get("kia")).lower()
    if kia in _YES:
        row.kia = True
    elif kia in _NO and kia:
        row.kia = False
    elif kia:
        row.error("kia", _("Isi Ya atau Tidak."))
