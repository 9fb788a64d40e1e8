"""Printable documents of the Tim Pembina as PDF (reportlab): the rakor invitation and minutes, the Kader
Lestari list, and a body's annual report. Each function takes what it prints and returns the PDF bytes."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pokjanal.capacity import LestariRow
from pokjanal.models import Decision, Member, Rakor
from pokjanal.regional import AnnualReport
from rules import percentages
from rules import strata as strata_rules

_STYLES = getSampleStyleSheet()
_BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontName="Helvetica", fontSize=10, leading=13)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8.5, leading=11)
_H1 = ParagraphStyle("h1", parent=_STYLES["Heading1"], fontName="Helvetica-Bold", fontSize=15, leading=19)
_H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontName="Helvetica-Bold", fontSize=12, leading=15)

# The standard PDF fonts have no glyph for these signs.
_REPLACEMENTS = {"≥": ">=", "≤": "<=", "×": "x"}


def _text(value: object) -> str:
    text = str(value)
    for sign, plain in _REPLACEMENTS.items():
        text = text.replace(sign, plain)
    return escape(text)


def _p(value: object, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(_text(value).replace("\n", "<br/>"), style)


def _table(
    header: Sequence[object], rows: Iterable[Sequence[object]], widths: Sequence[float] | None = None
) -> Table:
    data = [[_p(h, _SMALL) for h in header]] + [
        [_p("—" if c is None else c, _SMALL) for c in row] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7efe9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _build(title: str, story: list[Any]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=title,
        author="SI Posyandu",
    )
    printed = _("Dicetak %(when)s dari SI Posyandu") % {"when": date_format(timezone.localdate(), "j F Y")}
    doc.build([*story, Spacer(1, 0.6 * cm), _p(printed, _SMALL)])
    return buffer.getvalue()


def _date(value: datetime.date) -> str:
    return date_format(value, "l, j F Y")


def _pct(value: float | None) -> str:
    """A percentage as given, at least one decimal: 79.96 stays 79,96 (rules.percentages.shown)."""
    if value is None:
        return "—"
    return f"{value:.{percentages.places(value)}f} %".replace(".", ",")


def _commitments_story(commitments: dict[str, Any], number: int) -> list[Any]:
    """The areas weakest in the desa's commitments (`pokjanal.commitments.weakest_areas`)."""
    story: list[Any] = [_p(f"{number}. {_('Komitmen desa/kelurahan: wilayah terlemah')}", _BODY)]
    by_code = {r["code"]: r for r in [*commitments.get("lowest", []), *commitments.get("overdue", [])]}
    unique = list(by_code.values())  # an area both weakest and most late once
    if not unique:
        return [*story, _p(_("(tidak ada)"), _SMALL)]
    table = _table(
        [_("Wilayah"), _("Desa/kel."), _("Perdes LKD"), _("SK pengurus"), _("Desa terlambat")],
        [(r["area"], r["desa"], _pct(r["perdes_pct"]), _pct(r["sk_pct"]), r["overdue_desa"]) for r in unique],
        [6 * cm, 2.2 * cm, 2.8 * cm, 2.8 * cm, 3.2 * cm],
    )
    return [*story, table, Spacer(1, 0.2 * cm)]


def _agenda_story(agenda: dict[str, Any]) -> list[Any]:
    story: list[Any] = [_p(_("Agenda"), _H2)]
    number = 1
    sections = [
        (_("Tindak lanjut aksi yang terlambat"), agenda.get("overdue_actions", []), True),
        (_("Aksi yang sedang berjalan"), agenda.get("open_actions", []), True),
        (_("Indikator wilayah terlemah"), agenda.get("indicators", []), False),
        (_("Masalah posyandu terbanyak"), agenda.get("problems", []), False),
    ]
    for title, items, is_action in sections:
        story.append(_p(f"{number}. {title}", _BODY))
        number += 1
        if not items:
            story.append(_p(_("(tidak ada)"), _SMALL))
        elif is_action:
            story.append(
                _table(
                    [_("Aksi"), _("Penanggung jawab"), _("Tenggat"), _("Status")],
                    [(a["description"], a["owner"], a["due_date"], a["status"]) for a in items],
                    [8 * cm, 4 * cm, 2.3 * cm, 2.7 * cm],
                )
            )
        elif "label" in items[0] and "count" in items[0]:
            story.append(
                _table(
                    [_("Masalah"), _("Jumlah"), _("Tingkat tinggi")],
                    [(p["label"], p["count"], p["high"]) for p in items],
                )
            )
        else:
            story.append(
                _table(
                    [_("Indikator"), _("Capaian"), _("Target"), _("Wilayah terlemah")],
                    [
                        (
                            i["label"],
                            _pct(i["value_pct"]) if i["value_pct"] is not None else _("belum ada data"),
                            _pct(i["target_pct"]),
                            f"{i['worst_area']} ({_pct(i['worst_value_pct'])})" if i["worst_area"] else "—",
                        )
                        for i in items
                    ],
                    [7 * cm, 2.5 * cm, 2.3 * cm, 5.2 * cm],
                )
            )
        story.append(Spacer(1, 0.2 * cm))
    if agenda.get("commitments"):
        story += _commitments_story(agenda["commitments"], number)
        number += 1
    for line in agenda.get("extra", []):
        story.append(_p(f"{number}. {line}", _BODY))
        number += 1
    return story


def invitation(rakor: Rakor, members: Sequence[Member], agenda: dict[str, Any]) -> bytes:
    starts = timezone.localtime(rakor.starts_at)
    story: list[Any] = [
        _p(rakor.body.name, _H1),
        _p(_("Nomor: %(n)s") % {"n": rakor.invitation_number or "—"}),
        _p(_("Perihal: Undangan %(t)s") % {"t": rakor.title}),
        Spacer(1, 0.4 * cm),
        _p(
            _("Dengan hormat, kami mengundang Bapak/Ibu anggota %(b)s untuk menghadiri:")
            % {"b": rakor.body.name}
        ),
        _table(
            [_("Acara"), _("Keterangan")],
            [
                (_("Acara"), rakor.title),
                (_("Tema"), rakor.theme or "—"),
                (_("Hari, tanggal"), _date(starts.date())),
                (_("Waktu"), starts.strftime("%H.%M")),
                (_("Tempat"), rakor.place),
            ],
            [4 * cm, 13 * cm],
        ),
        Spacer(1, 0.3 * cm),
        *_agenda_story(agenda),
        Spacer(1, 0.3 * cm),
        _p(_("Yang diundang"), _H2),
        _table(
            ["#", _("Nama"), _("Instansi"), _("Jabatan dalam tim")],
            [(i, m.name, m.institution, m.get_role_display()) for i, m in enumerate(members, 1)],
            [1 * cm, 5.5 * cm, 6.5 * cm, 4 * cm],
        ),
    ]
    return _build(_("Undangan %(t)s") % {"t": rakor.title}, story)


def minutes(rakor: Rakor, attendees: Sequence[Member], decisions: Sequence[Decision]) -> bytes:
    story: list[Any] = [
        _p(_("Notulen %(t)s") % {"t": rakor.title}, _H1),
        _p(rakor.body.name),
        _p(
            _("Dilaksanakan %(d)s di %(p)s.")
            % {"d": _date(rakor.held_on or timezone.localtime(rakor.starts_at).date()), "p": rakor.place}
        ),
        Spacer(1, 0.3 * cm),
        *_agenda_story(rakor.agenda),
        _p(_("Kehadiran"), _H2),
        _table(
            ["#", _("Nama"), _("Instansi"), _("Jabatan dalam tim")],
            [(i, m.name, m.institution, m.get_role_display()) for i, m in enumerate(attendees, 1)],
            [1 * cm, 5.5 * cm, 6.5 * cm, 4 * cm],
        ),
    ]
    guests = [g.strip() for g in rakor.guests.splitlines() if g.strip()]
    if guests:
        story += [_p(_("Peserta lain: %(g)s") % {"g": "; ".join(guests)}, _SMALL)]
    story += [
        _p(_("Jalannya rapat"), _H2),
        _p(rakor.minutes),
        _p(_("Keputusan dan rencana tindak lanjut"), _H2),
    ]
    rows = []
    for i, decision in enumerate(decisions, 1):
        follow = "; ".join(f"{a.owner_label} — {a.due_date:%d-%m-%Y}" for a in decision.actions.all())
        rows.append((i, decision.text, decision.get_category_display(), follow or "—"))
    story.append(
        _table(
            ["#", _("Keputusan"), _("Kategori"), _("Penanggung jawab — tenggat")],
            rows,
            [1 * cm, 8 * cm, 3.5 * cm, 4.5 * cm],
        )
    )
    return _build(_("Notulen %(t)s") % {"t": rakor.title}, story)


def lestari(rows: Sequence[LestariRow], *, year: int, minimum: int, area: str, rule_version: str) -> bytes:
    story: list[Any] = [
        _p(_("Daftar Kader Posyandu Lestari %(y)s") % {"y": year}, _H1),
        _p(area),
        _p(
            _("Masa bakti berkelanjutan minimal %(m)s tahun sampai 31 Desember %(y)s (aturan %(r)s).")
            % {"m": minimum, "y": year, "r": rule_version}
        ),
        _p(_("Jumlah: %(n)s kader.") % {"n": len(rows)}),
        Spacer(1, 0.3 * cm),
        _table(
            ["#", _("Nama"), _("Posyandu"), _("Desa/kelurahan"), _("Sejak"), _("Tahun"), _("Penghargaan")],
            [
                (
                    i,
                    r.kader.name,
                    r.posyandu.name,
                    r.posyandu.desa.name,
                    r.service.start.strftime("%d-%m-%Y") if r.service.start else "—",
                    r.service.years,
                    _("%(m)s tahun") % {"m": r.service.milestone},
                )
                for i, r in enumerate(rows, 1)
            ],
            [0.9 * cm, 4.2 * cm, 3.2 * cm, 3.2 * cm, 2.2 * cm, 1.4 * cm, 2 * cm],
        ),
    ]
    return _build(_("Kader Posyandu Lestari %(y)s") % {"y": year}, story)


def annual_report(report: AnnualReport) -> bytes:
    body = report.body
    total = report.total.summary
    story: list[Any] = [
        _p(_("Laporan Tahunan %(b)s %(y)s") % {"b": body.name, "y": report.year}, _H1),
        _p(_("Dasar hukum: SK %(n)s") % {"n": body.sk_number or "—"}),
        _p(_("Indikator dan trennya"), _H2),
        _table(
            [_("Indikator"), str(report.year - 1), str(report.year), _("Perubahan"), _("Target")],
            [
                (
                    t.label,
                    _pct(t.previous_pct),
                    _pct(t.value_pct),
                    "—" if t.change is None else f"{t.change:+.1f}".replace(".", ","),
                    _pct(t.target_pct),
                )
                for t in report.trend
            ],
            [7 * cm, 2.3 * cm, 2.3 * cm, 2.4 * cm, 2.4 * cm],
        ),
        _p(_("Strata posyandu dan posyandu aktif"), _H2),
        _table(
            [
                _("Wilayah"),
                "Pratama",
                "Madya",
                "Purnama",
                "Mandiri",
                _("Belum dapat dihitung"),
                _("% aktif-2023"),
                _("Capai 80 %"),
            ],
            [
                (
                    a.name,
                    a.summary.strata["pratama"],
                    a.summary.strata["madya"],
                    a.summary.strata["purnama"],
                    a.summary.strata["mandiri"],
                    a.summary.strata[""],
                    _pct(a.summary.pct_aktif(strata_rules.AKTIF_2023)),
                    _("ya") if a.summary.reaches_target(strata_rules.AKTIF_2023) else _("belum"),
                )
                for a in [*report.areas, report.total]
            ],
        ),
        _p(
            _("Jumlah posyandu: %(n)s; belum dapat ditentukan aktif-2023: %(u)s.")
            % {"n": total.total, "u": total.undecided.get(strata_rules.AKTIF_2023, 0)},
            _SMALL,
        ),
        _p(_("Rapat koordinasi"), _H2),
        _p(
            _("Terlaksana %(n)s dari target %(t)s rakor.")
            % {"n": len(report.rakor_held), "t": report.rakor_target}
        ),
        _table(
            [_("Tanggal"), _("Rakor"), _("Tempat")],
            [
                (r.held_on.strftime("%d-%m-%Y") if r.held_on else "—", r.title, r.place)
                for r in report.rakor_held
            ],
        ),
        _p(_("Rencana aksi dan kebutuhan"), _H2),
        _table(
            [_("Uraian"), _("Jumlah")],
            [
                (_("Aksi selesai tahun ini"), report.actions_done),
                (_("Aksi nyata dilaporkan tim di bawahnya"), report.real_actions),
                (_("Aksi masih terbuka"), report.actions_open),
                (_("Aksi terlambat"), report.actions_overdue),
                (_("Kebutuhan posyandu terpenuhi tahun ini"), report.needs_met),
                (_("Kebutuhan posyandu masih terbuka"), report.needs_open),
            ],
            [12 * cm, 4 * cm],
        ),
    ]
    return _build(_("Laporan Tahunan %(b)s %(y)s") % {"b": body.name, "y": report.year}, story)
