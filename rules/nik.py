"""NIK (Nomor Induk Kependudukan), UU 23/2006 jo. UU 24/2013: PP KK CC DD MM YY SSSS.

docs/domain.md "Identity": 16 digits is a hard rule; the province/kabupaten/kecamatan part, the day (01–31,
or 41–71 for women) and the month (01–12) are checked. A mismatch with the recorded sex or date of birth is
only a warning: a NIK is not re-issued when a recorded date is corrected.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_DIGITS16 = re.compile(r"^\d{16}$")


@dataclass(frozen=True)
class NikCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize(raw: str) -> str:
    """Drop spaces, dots and dashes people type inside a NIK or No. KK."""
    return re.sub(r"[\s.\-]", "", raw or "")


def check_nik(
    nik: str,
    *,
    sex: str | None = None,
    birth_date: datetime.date | None = None,
    region_exists: Callable[[str], bool] | None = None,
) -> NikCheck:
    """Validate a NIK. `sex` is "L"/"P"; `region_exists` answers for a dotted code like "64.74.01".

    Messages are Indonesian, for the person typing the number."""
    errors: list[str] = []
    warnings: list[str] = []
    if not _DIGITS16.match(nik):
        return NikCheck(errors=["NIK harus 16 digit angka."])
    province, kabkota, kecamatan = nik[0:2], nik[2:4], nik[4:6]
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if region_exists is not None:
        if not region_exists(province):
            errors.append(f"Kode provinsi NIK ({province}) tidak dikenal.")
        elif not region_exists(f"{province}.{kabkota}.{kecamatan}"):
            # The kecamatan of first registration may have been split or renamed since.
            warnings.append(
                f"Kode kecamatan NIK ({province}.{kabkota}.{kecamatan}) tidak ada di daftar wilayah."
            )
    is_female = day > 40
    real_day = day - 40 if is_female else day
    if not (1 <= real_day <= 31):
        errors.append("Tanggal lahir pada NIK (digit 7–8) harus 01–31, atau 41–71 untuk perempuan.")
    if not (1 <= month <= 12):
        errors.append("Bulan lahir pada NIK (digit 9–10) harus 01–12.")
    if errors:
        return NikCheck(errors=errors, warnings=warnings)
    if sex is not None and sex in {"L", "P"} and (sex == "P") != is_female:
        warnings.append("Jenis kelamin tidak cocok dengan NIK (tanggal lahir perempuan ditambah 40).")
    if birth_date is not None and (
        birth_date.day != real_day or birth_date.month != month or birth_date.year % 100 != year2
    ):
        warnings.append("Tanggal lahir tidak cocok dengan NIK.")
    return NikCheck(errors=errors, warnings=warnings)


def check_kk(number: str) -> list[str]:
    """No. KK: 16 digits (its inner structure is not documented well enough to check more)."""
    return [] if _DIGITS16.match(number) else ["Nomor KK harus 16 digit angka."]
