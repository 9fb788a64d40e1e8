"""The supervision-visit checklist (daftar tilik kunjungan pembinaan), after the three aspects of pembinaan of
Kemenkes 2011 (program, kelembagaan, SDM) grouped into the four pembinaan categories. A "tidak" answer is a
finding: it becomes a problem of the posyandu with the item's category and severity."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rules import problems as p

YES = "ya"
NO = "tidak"


@dataclass(frozen=True)
class Item:
    code: str
    question: str | Promise
    category: str
    severity: str


ITEMS: tuple[Item, ...] = (
    Item("sk_pengurus", _("Ada SK Kepala Desa/Lurah tentang pengurus dan kader"), p.KELEMBAGAAN, p.MEDIUM),
    Item("jadwal_rutin", _("Hari buka rutin setiap bulan sesuai jadwal"), p.KELEMBAGAAN, p.HIGH),
    Item("tempat_layak", _("Tempat pelayanan layak (atap, lantai, air bersih)"), p.LINGKUNGAN, p.MEDIUM),
    Item("alur_5_langkah", _("Pelayanan mengikuti alur 5 langkah"), p.MANUSIA, p.MEDIUM),
    Item("ukur_benar", _("Kader menimbang dan mengukur dengan cara yang benar"), p.MANUSIA, p.HIGH),
    Item("pencatatan", _("Pencatatan dan pelaporan lengkap dan tepat waktu"), p.KELEMBAGAAN, p.MEDIUM),
    Item("penyuluhan", _("Ada penyuluhan/konseling pada hari buka"), p.MANUSIA, p.LOW),
    Item("penggerakan", _("RT/tokoh masyarakat menggerakkan sasaran datang"), p.LINGKUNGAN, p.MEDIUM),
    Item("dana_operasional", _("Ada dana operasional (APBDes, swadaya atau mitra)"), p.USAHA, p.MEDIUM),
    Item("kegiatan_ekonomi", _("Ada kegiatan ekonomi/usaha pendukung posyandu"), p.USAHA, p.LOW),
)

BY_CODE = {item.code: item for item in ITEMS}
