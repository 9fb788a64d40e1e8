"""A generated OpenSID "impor penduduk" export of a desa, with OpenSID's quirks: NIK and No. KK as text or as
numbers (some with a leading apostrophe), dates as text (dd-mm-yyyy, dd/mm/yyyy) or as Excel dates and serial
numbers, "-" for the RW of a dusun without RW, residents without NIK (blank or "0"), dusun written as
"DUSUN_X"; families with a head, a wife (some pregnant, with a KB method), children (mother by `ibu_nik` or
only by `nama_ibu`), a few dead and moved."""

from __future__ import annotations

import csv
import datetime
import io
import random
from typing import Any

from openpyxl import Workbook

from exchange.opensid.codes import COLUMNS

TODAY = datetime.date(2026, 11, 25)
DUSUN = [("DUSUN_KRAJAN", ["01", "02"]), ("Sukamaju", ["03"]), ("Dusun Tengah", ["-"])]
MEN = ["Ahmad", "Budi", "Joko", "Rudi", "Agus", "Hendra", "Yusuf", "Bambang", "Eko", "Dedi", "Slamet", "Andi"]
WOMEN = ["Siti", "Dewi", "Rina", "Wati", "Ani", "Sri", "Yuni", "Lestari", "Nur", "Fitri", "Ratna", "Maya"]
FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Lubis", "Siregar", "Nasution", "Pratama", "Kurniawan"]


def nik(prefix: str, birth: datetime.date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


def make_rows(residents: int = 3000, *, seed: int = 15, prefix: str = "647401") -> list[dict[str, Any]]:
    """At least `residents` rows, family by family (clean values; `quirky` turns them into sheet cells)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    family = 0
    serial = 1
    while len(rows) < residents:
        family += 1
        dusun, rws = DUSUN[family % len(DUSUN)]
        rw = rws[family % len(rws)]
        rt = str(1 + family % 4)
        kk = f"{prefix}01{family:08d}"
        surname = rng.choice(FAMILY)
        address = f"Jl. {surname} No. {family}"
        base = {"alamat": address, "dusun": dusun, "rw": rw, "rt": rt, "no_kk": kk, "status_dasar": 1}
        head_birth = TODAY - datetime.timedelta(days=rng.randint(25 * 365, 55 * 365))
        head = f"{rng.choice(MEN)} {surname}"
        wife = f"{rng.choice(WOMEN)} {rng.choice(FAMILY)} {family}"
        wife_birth = head_birth + datetime.timedelta(days=rng.randint(-700, 2500))
        head_nik = nik(prefix, head_birth, "L", serial)
        wife_nik = nik(prefix, wife_birth, "P", serial + 1)
        serial += 2
        rows.append(
            base
            | {
                "nama": head,
                "nik": head_nik,
                "sex": 1,
                "tanggallahir": head_birth,
                "kk_level": 1,
                "status_kawin": 2,
                "nama_ibu": f"Ibu {head}",
                "cara_kb_id": None,
                "hamil": None,
            }
        )
        rows.append(
            base
            | {
                "nama": wife,
                "nik": wife_nik,
                "sex": 2,
                "tanggallahir": wife_birth,
                "kk_level": 3,
                "status_kawin": 2,
                "nama_ibu": f"Ibu {wife}",
                "cara_kb_id": rng.choice([1, 2, 3, 5, 100, 99, None]),
                "hamil": 1 if family % 11 == 0 else rng.choice([None, 2, 0]),
            }
        )
        for child in range(rng.choice([0, 1, 1, 2, 2, 3])):
            youngest = max(wife_birth, head_birth) + datetime.timedelta(days=18 * 365)
            span = (TODAY - youngest).days
            if span < 30:
                break
            birth = TODAY - datetime.timedelta(days=rng.randint(10, min(span, 20 * 365)))
            if child == 0 and family % 3 == 0:  # many families have an under-five
                birth = TODAY - datetime.timedelta(days=rng.randint(30, 58 * 30))
            sex = rng.choice(["L", "P"])
            name = f"{rng.choice(MEN if sex == 'L' else WOMEN)} {rng.choice(MEN + WOMEN)} {surname} {child}"
            child_nik: str = nik(prefix, birth, sex, serial)
            serial += 1
            if (family + child) % 29 == 0:
                child_nik = "" if family % 2 else "0"  # no NIK yet
            rows.append(
                base
                | {
                    "nama": name,
                    "nik": child_nik,
                    "sex": 1 if sex == "L" else 2,
                    "tanggallahir": birth,
                    "kk_level": 4,
                    "status_kawin": 1,
                    "nama_ibu": wife,
                    "ibu_nik": wife_nik if child % 2 == 0 else "",
                    "cara_kb_id": None,
                    "hamil": None,
                }
            )
        if family % 37 == 0:
            rows[-1]["status_dasar"] = 2  # died
        if family % 41 == 0:
            rows[-1]["status_dasar"] = 3  # moved away
    return rows


def quirky(rows: list[dict[str, Any]], *, seed: int = 7) -> list[list[Any]]:
    """The rows as an OpenSID sheet's cells (header first), each value in one of OpenSID's spellings."""
    rng = random.Random(seed)
    out: list[list[Any]] = [list(COLUMNS)]
    for row in rows:
        cells: dict[str, Any] = dict(row)
        for number in ("nik", "no_kk", "ibu_nik"):
            value = row.get(number) or ""
            if value and value != "0":
                cells[number] = rng.choice([value, int(value), f"'{value}"])
        birth: datetime.date = row["tanggallahir"]
        cells["tanggallahir"] = rng.choice(
            [
                datetime.datetime.combine(birth, datetime.time()),
                f"{birth:%d-%m-%Y}",
                f"{birth:%d/%m/%Y}",
                (birth - datetime.date(1899, 12, 30)).days,
            ]
        )
        cells["rt"] = rng.choice([row["rt"], int(row["rt"]), row["rt"].zfill(3)])
        out.append([cells.get(column) for column in COLUMNS])
    return out


def to_xlsx(cells: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Penduduk")
    for row in cells:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(cells: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in cells:
        writer.writerow(
            ["" if v is None else (f"{v:%d-%m-%Y}" if isinstance(v, datetime.date) else v) for v in row]
        )
    return buffer.getvalue().encode()
