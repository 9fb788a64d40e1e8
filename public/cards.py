"""Share cards: a 1200×630 PNG of a public figure ("Bagikan"), and the monthly kartu posyandu a kader posts in
the village WhatsApp group.

A card shows only what the public page shows: every number comes from `public.summary.build` (already passed
through rules.disclosure, a hidden figure is "< 10"). A card is first described as text (`Card`), then drawn
(`render`), which returns the PNG and every line of text it drew, so that a test can read what a card says.
The fonts are the DejaVu fonts kept in public/fonts (never the system's)."""

from __future__ import annotations

import datetime
import io
import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from public.shown import Shown
from public.summary import FigureRow, PublicSummary, TrendRow
from rules import disclosure

WIDTH, HEIGHT = 1200, 630
KINDS = ("ringkasan", "ds", "nd", "stunting", "wasting", "posyandu")
FONTS = Path(__file__).resolve().parent / "fonts"
BLUE, DARK, GREY, LIGHT, RED = "#1565c0", "#1f2933", "#5f6b7a", "#e8eef7", "#c62828"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # "12.5 %", "< 10" or "–"
    note: str = ""  # the interval and the target of a prevalence


@dataclass(frozen=True)
class Bar:
    label: str  # the month, short
    value: float | None  # None: hidden or nothing to show
    text: str  # what is written above the bar ("< 10" for a hidden month)


@dataclass(frozen=True)
class Card:
    title: str
    subtitle: str
    figures: list[Figure]
    chart_title: str = ""
    bars: list[Bar] = field(default_factory=list)
    target: float | None = None  # a line across the chart
    message: list[str] = field(default_factory=list)  # drawn where a chart would be
    footer: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    png: bytes
    lines: list[str]  # every text drawn, in order


def number(value: float | int) -> str:
    """A number as the public page writes it (Indonesian: a decimal comma)."""
    return str(formats.localize(value))


def value_text(f: Shown, pct: bool = True) -> str:
    if f.hidden:
        return disclosure.SUPPRESSED
    if f.value is None:
        return "–"
    return f"{number(f.value)} %" if pct else number(f.value)


def prevalence_note(f: Shown) -> str:
    parts = []
    if not f.hidden and f.low is not None and f.high is not None:
        interval = f"{number(f.low)}–{number(f.high)}"
        parts.append(_("IK 95 %% %(interval)s") % {"interval": interval})
    if f.target is not None:
        parts.append(_("target %(target)s %%") % {"target": number(f.target)})
    return " · ".join(parts)


def _figure(kind: str, row: FigureRow) -> Figure:
    if kind == "ds":
        return Figure(_("Ditimbang (D/S)"), value_text(row.ds))
    if kind == "nd":
        return Figure(_("Naik berat badan (N/D)"), value_text(row.nd))
    f: Shown = getattr(row, kind)
    return Figure(_("Stunting") if kind == "stunting" else _("Wasting"), value_text(f), prevalence_note(f))


def _bars(kind: str, trend: list[TrendRow]) -> list[Bar]:
    bars = []
    for t in trend:
        f: Shown = getattr(t, kind)
        value = None if f.hidden or f.value is None else float(f.value)
        bars.append(Bar(formats.date_format(t.month, "M y"), value, value_text(f).removesuffix(" %")))
    return bars


def footer(summary: PublicSummary, today: datetime.date) -> list[str]:
    source = _("Sumber: SI Posyandu, %(region)s, diambil %(date)s") % {
        "region": summary.region.display_name,
        "date": formats.date_format(today, "j F Y"),
    }
    rules = _("Versi aturan: %(versions)s") % {"versions": ", ".join(summary.rule_versions) or "–"}
    note = _('Angka dari kurang dari %(n)s balita ditulis "%(mark)s".') % {
        "n": disclosure.MIN_CHILDREN,
        "mark": disclosure.SUPPRESSED,
    }
    return [source, f"{rules} · {note}"]


def month_line(summary: PublicSummary) -> str:
    return _("Bulan %(month)s") % {"month": formats.date_format(summary.month, "F Y")}


def region_card(summary: PublicSummary, kind: str, today: datetime.date) -> Card:
    """The card of one headline figure of a region's public page (`kind` one of KINDS), with its trend (the
    strata, for the posyandu)."""
    total = summary.total
    subtitle = f"{summary.region.get_level_display()} · {month_line(summary)}"
    if kind == "posyandu":
        return _posyandu_card(summary, subtitle, today)
    if kind == "ringkasan":
        figures = [Figure(_("Balita terdaftar (S)"), value_text(total.children, pct=False))]
        figures += [_figure(k, total) for k in ("ds", "nd", "stunting", "wasting")]
        chart_kind = "ds"
    else:
        figures = [_figure(kind, total)]
        if kind == "ds":
            figures.append(Figure(_("Balita terdaftar (S)"), value_text(total.children, pct=False)))
        chart_kind = kind
    titles = {
        "ds": _("D/S 12 bulan (%)"),
        "nd": _("N/D 12 bulan (%)"),
        "stunting": _("Stunting 12 bulan (%)"),
        "wasting": _("Wasting 12 bulan (%)"),
    }
    target = getattr(total, chart_kind).target if chart_kind in {"stunting", "wasting"} else None
    return Card(
        title=summary.region.display_name,
        subtitle=subtitle,
        figures=figures,
        chart_title=titles[chart_kind],
        bars=_bars(chart_kind, summary.trend),
        target=target,
        footer=footer(summary, today),
    )


def _posyandu_card(summary: PublicSummary, subtitle: str, today: datetime.date) -> Card:
    """The region's posyandu: how many operate, how many are aktif (2023 definition), and their strata."""
    aktif = number(summary.aktif_2023)
    if summary.aktif_pct is not None:
        aktif = f"{aktif} ({number(summary.aktif_pct)} %)"
    return Card(
        title=summary.region.display_name,
        subtitle=subtitle,
        figures=[
            Figure(_("Posyandu aktif beroperasi"), number(summary.posyandu_total)),
            Figure(_("Posyandu aktif (definisi 2023)"), aktif),
        ],
        chart_title=_("Strata posyandu %(year)s") % {"year": summary.year},
        bars=[
            Bar(str(stratum).capitalize() if stratum else _("belum dihitung"), float(n), number(n))
            for stratum, n in summary.strata
        ],
        footer=footer(summary, today),
    )


def posyandu_card(
    summary: PublicSummary,
    row: FigureRow,
    next_day: datetime.date | None,
    opening_time: datetime.time | None,
    message: str,
    today: datetime.date,
) -> Card:
    """The monthly kartu posyandu: its D/S and N/D (as on its desa's public page), its next opening day and
    time, and a message from the Tim Pembina."""
    day = formats.date_format(next_day, "l, j F Y") if next_day is not None else _("tanyakan kepada kader")
    at = _("pukul %(time)s") % {"time": f"{opening_time:%H.%M}"} if next_day and opening_time else ""
    figures = [
        _figure("ds", row),
        _figure("nd", row),
        Figure(_("Buka berikutnya"), day, note=at),
    ]
    return Card(
        title=row.name,
        subtitle=f"{summary.region.display_name} · {month_line(summary)}",
        figures=figures,
        chart_title=_("Pesan Tim Pembina Posyandu"),
        message=textwrap.wrap(message, 34)[:8],
        footer=footer(summary, today),
    )


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


class _Canvas:
    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[str] = []

    def text(self, xy: tuple[float, float], text: str, size: int, fill: str, bold: bool = False) -> None:
        self.draw.text(xy, text, font=_font(size, bold), fill=fill)
        self.lines.append(text)

    def fitted(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """`text` cut (with "…") to fit `width` pixels."""
        font = _font(size, bold)
        if font.getlength(text) <= width:
            return text
        while text and font.getlength(text + "…") > width:
            text = text[:-1]
        return text + "…"


def _chart(canvas: _Canvas, card: Card, box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    canvas.text((left, top), card.chart_title, 24, DARK, bold=True)
    top += 50
    base = bottom - 30
    values = [b.value for b in card.bars if b.value is not None]
    scale = max([*values, card.target or 0, 1.0]) * 1.15
    slot = (right - left) / max(len(card.bars), 1)
    canvas.draw.line((left, base, right, base), fill=GREY, width=2)
    for i, bar in enumerate(card.bars):
        x = left + i * slot
        if bar.value is not None:
            height = (base - top - 24) * bar.value / scale
            canvas.draw.rectangle((x + 6, base - height, x + slot - 6, base), fill=BLUE)
            canvas.text((x + 4, base - height - 20), canvas.fitted(bar.text, 14, int(slot)), 14, DARK)
        else:
            canvas.text((x + 4, base - 20), canvas.fitted(bar.text, 14, int(slot)), 14, GREY)
        canvas.text((x + 4, base + 6), bar.label, 13, GREY)
    if card.target is not None:
        y = base - (base - top - 24) * card.target / scale
        canvas.draw.line((left, y, right, y), fill=RED, width=3)
        label = _("target %(target)s %%") % {"target": number(card.target)}
        canvas.text((right - 150, y - 22), label, 16, RED)


def _message(canvas: _Canvas, card: Card, box: tuple[int, int, int, int]) -> None:
    left, top = box[0], box[1]
    canvas.draw.rounded_rectangle(box, radius=18, fill=LIGHT)
    canvas.text((left + 24, top + 20), card.chart_title, 24, BLUE, bold=True)
    for i, line in enumerate(card.message):
        canvas.text((left + 24, top + 70 + i * 36), line, 26, DARK)


def _figures(canvas: _Canvas, figures: list[Figure]) -> None:
    """The headline figures in a column on the left: label, value, and the note under the value."""
    count = max(len(figures), 1)
    step = min(135, 420 // count)
    big = 56 if count <= 3 else 36
    y = 150
    for figure in figures:
        size = big if len(figure.value) < 12 else 30
        canvas.text((40, y), canvas.fitted(figure.label, 20, 480), 20, GREY)
        canvas.text((40, y + 24), canvas.fitted(figure.value, size, 480, bold=True), size, DARK, bold=True)
        if figure.note and count > 3:  # beside the value: no room under it
            beside = int(_font(size, True).getlength(figure.value)) + 20
            note = canvas.fitted(figure.note, 16, 480 - beside)
            canvas.text((40 + beside, y + 20 + size - 16), note, 16, GREY)
        elif figure.note:
            canvas.text((40, y + 30 + size), canvas.fitted(figure.note, 16, 480), 16, GREY)
        y += step


def render(card: Card) -> Rendered:
    """Draw `card` as a 1200×630 PNG."""
    canvas = _Canvas()
    canvas.draw.rectangle((0, 0, WIDTH, 130), fill=BLUE)
    canvas.text((40, 22), canvas.fitted(card.title, 46, WIDTH - 80, bold=True), 46, "white", bold=True)
    canvas.text((40, 84), canvas.fitted(card.subtitle, 24, WIDTH - 80), 24, "white")
    _figures(canvas, card.figures)
    box = (560, 150, WIDTH - 40, 560)
    if card.message:
        _message(canvas, card, box)
    elif card.bars:
        _chart(canvas, card, box)
    for i, line in enumerate(card.footer):
        canvas.text((40, 575 + i * 24), canvas.fitted(line, 16, WIDTH - 80), 16, GREY)
    out = io.BytesIO()
    canvas.image.save(out, format="PNG", optimize=True)
    return Rendered(out.getvalue(), canvas.lines)
