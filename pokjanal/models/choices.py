"""The classifications several parts of the Tim Pembina's work share: the pembinaan category, the OPD/sector,
the posyandu programme and the severity (of a problem, the priority of a need), and ordering by rank."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.db.models import Case, IntegerField, OrderBy, Value, When
from django.utils.translation import gettext_lazy as _

from rules import problems as problem_rules


def by_rank(field: str, ranks: Mapping[str, int]) -> OrderBy:
    """Orders `field` by its rank: stored codes are words, and as text "rendah" < "sedang" < "tinggi" and
    "handled" < "open". A value without a rank sorts last."""
    whens = [When(**{field: value}, then=Value(rank)) for value, rank in ranks.items()]
    return Case(*whens, default=Value(len(ranks)), output_field=IntegerField()).asc()


class Category(models.TextChoices):
    """The four pembinaan categories of the Buleleng action plan (docs/domain.md "Pokjanal / Tim Pembina
    work")."""

    KELEMBAGAAN = problem_rules.KELEMBAGAAN, _("Bina Kelembagaan")
    MANUSIA = problem_rules.MANUSIA, _("Bina Manusia")
    LINGKUNGAN = problem_rules.LINGKUNGAN, _("Bina Lingkungan")
    USAHA = problem_rules.USAHA, _("Bina Usaha")


class Sector(models.TextChoices):
    """OPD/sector families; the member's own institution name is kept as written."""

    KESEHATAN = "kesehatan", _("Kesehatan (Dinas Kesehatan, Puskesmas)")
    PMD = "pmd", _("Pemberdayaan Masyarakat dan Desa (DPMD)")
    PKK = "pkk", _("TP PKK")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    SOSIAL = "sosial", _("Sosial")
    KB_PPPA = "kb_pppa", _("KB, Pemberdayaan Perempuan dan Perlindungan Anak")
    BAPPEDA = "bappeda", _("Perencanaan (Bappeda)")
    PU_PERKIM = "pu_perkim", _("Pekerjaan Umum dan Perumahan")
    PANGAN = "pangan", _("Pertanian dan Ketahanan Pangan")
    KOMINFO = "kominfo", _("Komunikasi dan Informatika")
    TRANTIBUM = "trantibum", _("Satpol PP dan Linmas")
    AGAMA = "agama", _("Kementerian Agama")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan wilayah (camat, lurah, kepala desa)")
    SWASTA = "swasta", _("Mitra swasta (CSR)")
    LAINNYA = "lainnya", _("Lainnya")


class Programme(models.TextChoices):
    """Programmes of a posyandu a responsibility may be limited to (blank: the whole category)."""

    KIA = "kia", _("KIA")
    KB = "kb", _("KB")
    GIZI = "gizi", _("Gizi")
    IMUNISASI = "imunisasi", _("Imunisasi")
    DIARE = "diare", _("Penanggulangan diare")
    PAUD = "paud", _("PAUD/BKB")
    LANSIA = "lansia", _("Lansia")
    EKONOMI = "ekonomi", _("Ekonomi keluarga")


class Severity(models.TextChoices):
    HIGH = problem_rules.HIGH, _("Tinggi")
    MEDIUM = problem_rules.MEDIUM, _("Sedang")
    LOW = problem_rules.LOW, _("Rendah")


# Problem severity and need priority.
SEVERITY_RANK: dict[str, int] = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
