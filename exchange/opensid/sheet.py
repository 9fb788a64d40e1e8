"""Reading OpenSID's "impor penduduk" sheet into residents, one per row, with OpenSID's quirks undone: NIK and
No. KK as text or as a number (and a leading apostrophe), dates as text (dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd)
or as Excel dates or serial numbers, "-" for an empty cell (an RW of "-": the RT lies straight under its
dusun), a NIK of "0" or OpenSID's temporary NIK (starting with 0) for a resident without one. A row that
cannot be a resident is refused with its reason in Indonesian; the file itself is read within the campaign
import's limits (`campaigns.imports.read.numbered_rows`)."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from campaigns.imports.read import SheetError, numbered_rows
from exchange.opensid import codes
from people.models import name_key
from rules.nik import check_nik

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial day 0 of Excel's 1900 date system, as spreadsheets count


@dataclass(frozen=True)
class Resident:
    """One row of the export, cleaned. `nik` is "" when OpenSID has none (blank, "0" or a temporary one)."""

    line: int
    key: str  # who this resident is across exports (`resident_key`)
    nik: str
    kk_number: str
    name: str
    sex: str  # "L" / "P"
    birth_date: datetime.date
    kk_level: int | None
    mother_nik: str
    mother_name: str
    dusun: str
    rw: str
    rt: str
    address: str
    kb_method: int | None
    pregnant: bool
    status_dasar: int

    @property
    def is_alive_here(self) -> bool:
        return self.status_dasar == codes.HIDUP

    @property
    def fingerprint(self) -> str:
        """Everything the import reads of the row: the same fingerprint, nothing to do."""
        values = [str(getattr(self, f)) for f in FINGERPRINTED]
        return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


FINGERPRINTED = (
    "nik", "kk_number", "name", "sex", "birth_date", "kk_level", "mother_nik", "mother_name", "dusun", "rw",
    "rt", "address", "kb_method", "pregnant", "status_dasar",
)  # fmt: skip


@dataclass(frozen=True)
class Refused:
    line: int
    name: str
    reason: str


@dataclass
class Export:
    residents: list[Resident]
    refused: list[Refused]
    total: int


def text(value: Any) -> str:
    """A cell as OpenSID reads it: trimmed, a leading apostrophe dropped, "-" empty; a whole number without
    its ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    cleaned = str(value).strip().lstrip("'").strip()
    return "" if cleaned == "-" else cleaned


def digits(value: Any) -> tuple[str, str]:
    """(the digits of a NIK or No. KK cell, a refusal): a number written in scientific notation lost its
    last digits and is refused rather than guessed."""
    raw = text(value)
    if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", raw):
        return "", _(
            "tertulis sebagai angka ilmiah (%(raw)s), digit terakhirnya hilang; simpan kolom ini sebagai teks"
        ) % {"raw": raw}
    return re.sub(r"\D", "", raw), ""


_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d-%m-%y", "%d %m %Y")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80_000:  # an Excel serial day
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        return None
    raw = text(value)
    if re.fullmatch(r"\d{5}", raw):  # an Excel date saved as its serial number in a CSV
        return EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    raw = raw.replace("/", "-").replace(".", "-")
    raw = raw.split(" ")[0] if re.match(r"\d{4}-\d\d-\d\d \d", raw) else raw
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def code(value: Any, names: dict[str, int]) -> int | None:
    """A coded cell: the number, or a name OpenSID shows; None when empty, -1 when not recognised."""
    raw = text(value)
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    return names.get(" ".join(raw.lower().replace("_", " ").split()), -1)


def dusun_name(value: Any) -> str:
    """As OpenSID stores it (Impor_model::get_isi_baris): upper case, "_" as a space, without "DUSUN "."""
    name = " ".join(text(value).replace("_", " ").upper().split())
    return name.removeprefix("DUSUN ").strip()


def unit_number(value: Any) -> str:
    """An RW or RT: "003", "3" and 3 are the same RT; other names are kept as written."""
    raw = text(value)
    return str(int(raw)) if raw.isdigit() else raw.upper()


def resident_key(nik: str, temporary_nik: str, kk_number: str, name: str, birth: datetime.date) -> str:
    """The NIK when there is one; else OpenSID's temporary NIK, which it keeps from export to export; else the
    family card, name and date of birth."""
    if nik:
        return f"nik:{nik}"
    if temporary_nik:
        return f"tmp:{temporary_nik}"
    return f"kk:{kk_number}:{name_key(name)}:{birth.isoformat()}"


def columns_of(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = text(cell).lower().replace(" ", "_")
        if label in codes.COLUMNS and label not in found:
            found[label] = index
    missing = [c for c in codes.REQUIRED if c not in found]
    if missing:
        raise SheetError(
            _(
                "Kolom OpenSID tidak ditemukan di baris judul: %(columns)s. Gunakan berkas ekspor impor "
                "penduduk OpenSID."
            )
            % {"columns": ", ".join(missing)}
        )
    return found


def read_export(name: str, content: bytes, *, today: datetime.date) -> Export:
    """Every row of the file, as a resident or a refusal (a NIK twice in the file: the second is refused)."""
    rows: Iterator[tuple[int, list[Any]]] = numbered_rows(name, content)
    first = next(rows, None)
    if first is None:
        raise SheetError(_("Berkas kosong."))
    columns = columns_of(first[1])
    export = Export([], [], 0)
    seen: dict[str, int] = {}
    for line, cells in rows:
        export.total += 1
        values = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
        result = parse_row(line, values, today)
        if isinstance(result, Refused):
            export.refused.append(result)
        elif result.key in seen:
            export.refused.append(
                Refused(
                    line,
                    result.name,
                    _("Penduduk yang sama sudah ada di baris %(row)d.") % {"row": seen[result.key]},
                )
            )
        else:
            seen[result.key] = line
            export.residents.append(result)
    return export


def parse_row(line: int, values: dict[str, Any], today: datetime.date) -> Resident | Refused:
    name = " ".join(text(values.get("nama")).split())

    def refuse(reason: str) -> Refused:
        return Refused(line, name, reason)

    if not name:
        return refuse(_("Nama kosong."))
    sex = codes.SEX.get(code(values.get("sex"), codes.SEX_NAMES) or 0)
    if sex is None:
        return refuse(
            _("Jenis kelamin “%(value)s” tidak dikenali (1/L laki-laki, 2/P perempuan).")
            % {"value": text(values.get("sex"))}
        )
    birth = parse_date(values.get("tanggallahir"))
    if birth is None:
        shown = text(values.get("tanggallahir"))
        if not shown:
            return refuse(_("Tanggal lahir kosong."))
        return refuse(
            _("Tanggal lahir “%(value)s” tidak dikenali (tulis dd-mm-yyyy).") % {"value": shown[:20]}
        )
    if birth > today or birth.year < 1900:
        return refuse(_("Tanggal lahir %(date)s tidak mungkin.") % {"date": f"{birth:%d-%m-%Y}"})
    nik, problem = digits(values.get("nik"))
    if problem:
        return refuse(_("NIK %(problem)s.") % {"problem": problem})
    temporary = ""
    if nik.startswith("0"):  # "0", or OpenSID's temporary NIK: no NIK yet
        temporary, nik = (nik if nik.strip("0") else ""), ""
    if nik and (errors := check_nik(nik).errors):
        return refuse(_("NIK salah: %(error)s") % {"error": errors[0]})
    kk_number, problem = digits(values.get("no_kk"))
    if problem:
        return refuse(_("No. KK %(problem)s.") % {"problem": problem})
    if kk_number.strip("0") == "":
        kk_number = ""
    if kk_number and len(kk_number) != 16:
        return refuse(_("No. KK harus 16 digit angka."))
    status = code(values.get("status_dasar"), codes.STATUS_DASAR_NAMES | codes.names_of(codes.STATUS_DASAR))
    if status is not None and status not in codes.STATUS_DASAR:
        return refuse(
            _("Status dasar “%(value)s” tidak dikenali.") % {"value": text(values.get("status_dasar"))}
        )
    kk_level = code(values.get("kk_level"), codes.names_of(codes.KK_LEVEL))
    mother_nik, _problem = digits(values.get("ibu_nik"))
    kb = code(values.get("cara_kb_id"), codes.names_of(codes.CARA_KB))
    hamil = code(values.get("hamil"), codes.HAMIL_NAMES)
    rw = unit_number(values.get("rw"))
    rt = unit_number(values.get("rt"))
    dusun = dusun_name(values.get("dusun"))
    if rt and not rw and not dusun:
        return refuse(_("RT %(rt)s tanpa RW dan tanpa dusun: isi salah satunya.") % {"rt": rt})
    return Resident(
        line=line,
        key=resident_key(nik, temporary, kk_number, name, birth),
        nik=nik,
        kk_number=kk_number,
        name=name[:120],
        sex=sex,
        birth_date=birth,
        kk_level=kk_level if kk_level in codes.KK_LEVEL else None,
        mother_nik=mother_nik if len(mother_nik) == 16 and not mother_nik.startswith("0") else "",
        mother_name=" ".join(text(values.get("nama_ibu")).split())[:120],
        dusun=dusun[:80],
        rw=rw[:80],
        rt=rt[:80],
        address=text(values.get("alamat"))[:250],
        kb_method=kb if kb in codes.CARA_KB else None,
        pregnant=sex == "P" and codes.HAMIL_CODES.get(hamil if hamil is not None else 0, False),
        status_dasar=status if status is not None else codes.HIDUP,
    )
