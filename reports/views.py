"""Report pages: SKDN, prevalence against its target, data quality, the posyandu report, the records behind a
number, and the prevalence targets. Each view reads figures the user may see and renders them."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from accounts.scope import scope_of
from people.models import Person
from posyandu.access import access_posyandu
from posyandu.models import Posyandu
from regions.codes import at_level, within_q
from regions.filters import filter_options
from regions.models import Level, Region
from reports import actions, drill, exports
from reports.areas import (
    Area,
    Row,
    Table,
    area_for,
    area_table,
    figures_in,
    level_tables,
    quality_ranking,
    report_url,
    trend,
)
from reports.figures import prevalence_of, quality_of, rule_versions, skdn_of
from reports.forms import TargetForm
from reports.models import INDICATOR_SHORT, Indicator, MonthlyFigures, PrevalenceTarget
from reports.periods import QUALITY_MONTHS, last_months, latest_month, month_options
from reports.rulesets import skdn_targets
from reports.targets import Targets
from rules.prevalence import BY_CODE, INDICATORS, Prevalence
from rules.skdn import COUNT_COLUMNS, COUNT_LABELS, RATIO_COLUMNS, RATIO_LABELS, Skdn
from visits.models import Visit
from web import query
from web.form_views import add_action_errors


def _month_param(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _format(request: AuthedRequest, formats: set[str]) -> str:
    """The file `?format=` asks for, "" for the page."""
    return query.choice(request, "format", _("Format"), formats, "", shown=_("halaman"))


def _common(
    request: AuthedRequest, area: Area, month: datetime.date, as_of: datetime.datetime | None
) -> dict[str, Any]:
    ancestors = area.region.ancestors() if area.region is not None else []
    scope = scope_of(request.user)
    return {
        "area": area,
        "month": month,
        "bulan": _month_param(month),
        "months": month_options(month),
        "regions": filter_options(request.user),
        "ancestors": [a for a in ancestors if scope.covers(a.code)],
        "figures_as_of": as_of,
    }


def skdn_rows(skdn: Skdn) -> list[Any]:
    ratios = skdn.ratios().as_dict()
    return [*(getattr(skdn, c) for c in COUNT_COLUMNS), *(ratios[c] for c in RATIO_COLUMNS)]


SKDN_HEADER = [*(COUNT_LABELS[c] for c in COUNT_COLUMNS), *(f"{RATIO_LABELS[c]} (%)" for c in RATIO_COLUMNS)]


def _skdn_export(
    fmt: str, filename: str, title: str, subtitle: str, first: str, rows: list[tuple[str, Skdn]]
) -> HttpResponse:
    header = [first, *SKDN_HEADER, _("D = N+T+O+B")]
    data = [[name, *skdn_rows(s), _balance(s)] for name, s in rows]
    make = exports.xlsx_response if fmt == "xlsx" else exports.pdf_response
    return make(filename, title, subtitle, header, data)


# Sheet names of the levels of a workbook (a sheet name may not hold "/").
LEVEL_SHEETS = {
    Level.PROVINSI: gettext_lazy("Provinsi"),
    Level.KABKOTA: gettext_lazy("Kabupaten dan kota"),
    Level.KECAMATAN: gettext_lazy("Kecamatan"),
    Level.DESA: gettext_lazy("Desa dan kelurahan"),
}


def _parent_columns(area: Area, level: int | None) -> list[int]:
    """The levels between the area and a sheet's rows, named in columns so each row can be placed."""
    top = area.region.level if area.region is not None else (area.row_level or 1) - 1
    return list(range(top + 1, Level.DESA + 1 if level is None else level))


def _skdn_sheets(area: Area, tables: list[tuple[int | None, Table]]) -> list[exports.Sheet]:
    """One sheet per level below the area, each row with the page's numbers, its code and the regions above
    it within the area, and the area's total."""
    codes = {
        at_level(row.desa_id, parent)
        for level, table in tables
        for row in table.rows
        for parent in _parent_columns(area, level)
    }
    names = {r.code: r.display_name for r in Region.objects.filter(code__in=codes)}
    sheets = []
    for level, table in tables:
        parents = _parent_columns(area, level)
        header = [
            _("Posyandu") if level is None else _("Wilayah"),
            *SKDN_HEADER,
            _("D = N+T+O+B"),
            _("Kode wilayah"),
            *(str(Level(p).label) for p in parents),
        ]
        rows = [
            [
                row.name,
                *skdn_rows(row.skdn),
                _balance(row.skdn),
                row.desa_id if level is None else row.key,
                *(names.get(at_level(row.desa_id, p), "") for p in parents),
            ]
            for row in table.rows
        ]
        total = table.total
        rows.append([_("Jumlah"), *skdn_rows(total.skdn), _balance(total.skdn), area.code])
        name = _("Posyandu") if level is None else str(LEVEL_SHEETS[Level(level)])
        sheets.append(exports.Sheet(name, header, rows))
    return sheets


def _balance(skdn: Skdn) -> str:
    return _("sesuai") if skdn.balanced else _("TIDAK SESUAI")


@require_GET
def skdn(request: AuthedRequest) -> HttpResponse:
    as_of = actions.report_refresh()
    user = request.user
    area = area_for(user, query.region(request))
    month = query.month(request, lambda: latest_month(figures_in(user, area)))
    bulan = _month_param(month)

    def url(key: str, is_posyandu: bool) -> str:
        if is_posyandu:
            return reverse("reports:posyandu", args=[key]) + f"?bulan={bulan}"
        return report_url("reports:skdn", wilayah=key, bulan=bulan)

    table = area_table(user, area, month, url=url)
    fmt = _format(request, {"xlsx", "pdf"})
    if fmt and (refused := query.refusal(request)):
        return refused
    if fmt:
        title = _("Laporan SKDN %(area)s") % {"area": area.label}
        subtitle = _("Bulan %(month)s · versi aturan: %(rules)s") % {
            "month": f"{month:%m-%Y}",
            "rules": ", ".join(table.rule_versions) or "–",
        }
        filename = f"skdn-{area.code or 'semua'}-{bulan}"
        if fmt == "xlsx":
            sheets = _skdn_sheets(area, level_tables(request.user, area, month, url=url))
            return exports.xlsx_book_response(filename, title, subtitle, sheets)
        rows = [(r.name, r.skdn) for r in table.rows] + [(_("Jumlah"), table.total.skdn)]
        first = _("Posyandu") if table.posyandu_rows else _("Wilayah")
        return _skdn_export(fmt, filename, title, subtitle, first, rows)
    context = _common(request, area, month, as_of)
    context.update(
        {
            "table": table,
            "count_columns": [(c, COUNT_LABELS[c]) for c in COUNT_COLUMNS],
            "ratio_columns": [(c, RATIO_LABELS[c]) for c in RATIO_COLUMNS],
            "targets": skdn_targets(),
        }
    )
    return render(request, "reports/skdn.html", context)


@require_GET
def posyandu_index(request: AuthedRequest) -> HttpResponse:
    """The kader's own posyandu report (others choose a posyandu from the SKDN table)."""
    posyandu_id = scope_of(request.user).posyandu_id
    if posyandu_id is None:
        return redirect("reports:skdn")
    return redirect("reports:posyandu", posyandu_id=posyandu_id)


@require_GET
def posyandu_report(request: AuthedRequest, posyandu_id: int) -> HttpResponse:
    """One posyandu: the SKDN of the last twelve months, prevalence and data quality."""
    posyandu = access_posyandu(request.user, posyandu_id)
    as_of = actions.report_refresh()
    figures_qs = MonthlyFigures.objects.filter(posyandu=posyandu)
    month = query.month(request, lambda: latest_month(figures_qs))
    months = last_months(month, 12)
    by_month = {f.month: f for f in figures_qs.filter(month__in=months)}
    rows = [(m, skdn_of(by_month[m]) if m in by_month else Skdn()) for m in months]
    fmt = _format(request, {"xlsx", "pdf"})
    if fmt and (refused := query.refusal(request)):
        return refused
    if fmt:
        title = _("SKDN %(posyandu)s, %(desa)s") % {"posyandu": posyandu, "desa": posyandu.desa.display_name}
        subtitle = _("%(first)s s.d. %(last)s · versi aturan: %(rules)s") % {
            "first": f"{months[0]:%m-%Y}",
            "last": f"{months[-1]:%m-%Y}",
            "rules": ", ".join(rule_versions(f.rule_versions for f in by_month.values())) or "–",
        }
        export_rows = [(f"{m:%m-%Y}", s) for m, s in rows]
        return _skdn_export(
            fmt, f"skdn-{posyandu.code}-{_month_param(month)}", title, subtitle, _("Bulan"), export_rows
        )
    current = by_month.get(month)
    prevalence = []
    for ind in INDICATORS:
        p = prevalence_of(current, ind.code, current.s) if current else Prevalence(ind.code, 0, 0, 0)
        prevalence.append(p.with_target(Targets(ind.code).percent(posyandu.desa_id, month.year)))
    quality_months = last_months(month, QUALITY_MONTHS)
    quality_rows = list(figures_qs.filter(month__in=quality_months))
    quality = sum((quality_of(f) for f in quality_rows), start=quality_of(MonthlyFigures()))
    return render(
        request,
        "reports/posyandu_report.html",
        {
            "posyandu": posyandu,
            "month": month,
            "bulan": _month_param(month),
            "months": month_options(month),
            "rows": [(m, s, s.ratios()) for m, s in rows],
            "prevalence": prevalence,
            "labels": INDICATOR_SHORT,
            "quality": quality,
            "quality_months": quality_months,
            "rule_versions": rule_versions(f.rule_versions for f in by_month.values()),
            "figures_as_of": as_of,
            "count_columns": [(c, COUNT_LABELS[c]) for c in COUNT_COLUMNS],
            "ratio_columns": [(c, RATIO_LABELS[c]) for c in RATIO_COLUMNS],
        },
    )


def _prevalence_export(
    fmt: str, table: Table, indicator: str, rows: list[tuple[Row, Prevalence]], total: Prevalence
) -> HttpResponse:
    """The prevalence table as on the page: per area n, cases, %, its 95 % interval, coverage, "n kecil",
    target and gap, and the total."""
    area = table.area
    header = [
        _("Posyandu") if table.posyandu_rows else _("Wilayah"),
        _("Kode"),
        _("Diukur (n)"),
        _("Kasus"),
        _("Prevalensi (%)"),
        _("IK 95 % bawah (%)"),
        _("IK 95 % atas (%)"),
        _("Cakupan pengukuran (%)"),
        _("n kecil (< 30 diukur)"),
        _("Target (%)"),
        _("Selisih dengan target (poin)"),
    ]

    def line(name: str, code: str, p: Prevalence) -> list[Any]:
        ci = p.ci or (None, None)
        small = _("ya") if p.measured and p.small_n else ""
        return [name, code, p.measured, p.cases, p.pct, *ci, p.coverage_pct, small, p.target_pct, p.gap]

    data = [line(r.name, r.desa_id if table.posyandu_rows else r.key, p) for r, p in rows]
    data.append(line(_("Jumlah"), area.code, total))
    label = Indicator(indicator).label
    filename = f"prevalensi-{indicator}-{area.code or 'semua'}-{_month_param(table.month)}"
    if fmt == "csv":
        return exports.csv_response(filename, header, data)
    title = _("Prevalensi %(indicator)s %(area)s") % {"indicator": label, "area": area.label}
    subtitle = _("Bulan %(month)s · versi aturan: %(rules)s") % {
        "month": f"{table.month:%m-%Y}",
        "rules": ", ".join(table.rule_versions) or "–",
    }
    return exports.xlsx_response(filename, title, subtitle, header, data)


@require_GET
def prevalence(request: AuthedRequest) -> HttpResponse:
    as_of = actions.report_refresh()
    user = request.user
    area = area_for(user, query.region(request))
    month = query.month(request, lambda: latest_month(figures_in(user, area)))
    indicator = query.choice(request, "indikator", _("Indikator"), BY_CODE, "stunting")
    bulan = _month_param(month)

    def url(key: str, is_posyandu: bool) -> str:
        if is_posyandu:
            return reverse("reports:posyandu", args=[key]) + f"?bulan={bulan}"
        return report_url("reports:prevalence", wilayah=key, bulan=bulan, indikator=indicator)

    table = area_table(user, area, month, url=url)
    rows = [(r, r.prevalence.get(indicator, Prevalence(indicator, 0, 0, r.skdn.s))) for r in table.rows]
    total = table.total.prevalence[indicator]
    fmt = _format(request, {"xlsx", "csv"})
    if fmt and (refused := query.refusal(request)):
        return refused
    if fmt:
        return _prevalence_export(fmt, table, indicator, rows, total)
    points = trend(user, area, last_months(month, 12))
    targets = Targets(indicator)
    chart = {
        "labels": [f"{p.month:%m-%Y}" for p in points],
        "series": [
            {"label": str(INDICATOR_SHORT[indicator]), "data": [p.prevalence[indicator].pct for p in points]}
        ],
        "target": [targets.percent(area.code, p.month.year) for p in points],
        "unit": "%",
    }
    context = _common(request, area, month, as_of)
    context.update(
        {
            "table": table,
            "indicator": indicator,
            "indicators": [(i.code, INDICATOR_SHORT[i.code]) for i in INDICATORS],
            "indicator_label": Indicator(indicator).label,
            "rows": rows,
            "total": total,
            "chart": chart,
        }
    )
    return render(request, "reports/prevalence.html", context)


QUALITY_PAGE = 100  # posyandu per page of the ranking; a kabupaten has about a thousand


@require_GET
def quality(request: AuthedRequest) -> HttpResponse:
    """Posyandu ranked by their data-quality problems over the last three months."""
    as_of = actions.report_refresh()
    user = request.user
    area = area_for(user, query.region(request))
    month = query.month(request, lambda: latest_month(figures_in(user, area)))
    months = last_months(month, QUALITY_MONTHS)
    ranked, total = quality_ranking(user, area, month, months)
    page = query.page(request, Paginator(ranked, QUALITY_PAGE))
    for row in page.object_list:  # linked on the page shown only: a province ranks 10,000 posyandu
        row.url = reverse("reports:posyandu", args=[row.key]) + f"?bulan={_month_param(month)}"
    context = _common(request, area, month, as_of)
    context.update(
        {
            "rows": page.object_list,
            "page": page,
            "query": query.kept({"wilayah": area.code, "bulan": _month_param(month)}),
            "total": total,
            "quality_months": months,
        }
    )
    return render(request, "reports/quality.html", context)


WHAT_LABELS = {
    "s": gettext_lazy("S: balita terdaftar"),
    "k": gettext_lazy("K: balita dengan Buku KIA/KMS"),
    "d": gettext_lazy("D: balita ditimbang"),
    "n": gettext_lazy("N: berat badan naik"),
    "t": gettext_lazy("T: berat badan tidak naik"),
    "o": gettext_lazy("O: bulan lalu tidak ditimbang"),
    "b": gettext_lazy("B: baru pertama ditimbang"),
    "bgm": gettext_lazy("BGM: di bawah garis merah"),
    "two_t": gettext_lazy("2T: dua kali tidak naik"),
    "measured": gettext_lazy("Balita yang diukur"),
    "referral": gettext_lazy("Rujukan yang belum selesai ditangani"),
    "flagged": gettext_lazy("Pengukuran dengan z-score tidak wajar (perlu dicek ulang)"),
}


@require_GET
def children(request: AuthedRequest) -> HttpResponse:
    """The children behind a number of a report (drill-down)."""
    user = request.user
    area = area_for(user, query.region(request))
    visits = (
        Visit.objects.visible_to(user).filter(within_q("desa_id", area.code))
        if area.code
        else Visit.objects.visible_to(user)
    )
    people = (
        Person.objects.visible_to(user).filter(within_q("desa_id", area.code))
        if area.code
        else Person.objects.visible_to(user)
    )
    posyandu = None
    # The posyandu, campaign and indicator say what the list is about: one that is unknown, or that the user
    # may not see, is a 404, not another list under the same title.
    if raw := query.raw(request, "posyandu"):
        posyandu = Posyandu.objects.visible_to(user).filter(pk=raw if raw.isdigit() else 0).first()
        if posyandu is None:
            raise Http404
        visits, people = visits.filter(posyandu=posyandu), people.filter(posyandu=posyandu)
    campaign = None
    if raw := query.raw(request, "kampanye"):
        from campaigns.access import access_campaign

        campaign = access_campaign(user, int(raw) if raw.isdigit() else 0)
    what = query.raw(request, "indikator")
    month = query.month_or_all(request)
    cases_only = not query.flag(request, "semua", _("Semua"))
    qs = drill.records(
        visits,
        people,
        what,
        month=month,
        campaign_id=campaign.pk if campaign else None,
        cases_only=cases_only,
    )
    if qs is None:
        raise Http404
    is_people = what in drill.PEOPLE
    if is_people:
        qs = qs.select_related("posyandu").order_by("posyandu__name", "name")
    else:
        qs = qs.select_related("person", "posyandu").order_by("posyandu__name", "person__name", "pk")
    page = query.page(request, Paginator(qs, 50))
    label = WHAT_LABELS.get(what) or (str(INDICATOR_SHORT[what]) if what in INDICATOR_SHORT else what)
    if what in BY_CODE and not cases_only:
        label = _("%(what)s: semua balita yang diukur") % {"what": label}
    months = last_months(month, QUALITY_MONTHS) if what in drill.QUALITY and month else []
    return render(
        request,
        "reports/children.html",
        {
            "page": page,
            "label": label,
            "area": area,
            "posyandu": posyandu,
            "campaign": campaign,
            "month": month,
            "months": months,
            "is_people": is_people,
        },
    )


@require_http_methods(["GET", "POST"])
def targets(request: AuthedRequest) -> HttpResponse:
    user = request.user
    can_edit = user.can_write and (user.role == "admin" or user.is_superuser)
    form = None
    if request.method == "POST":
        ensure_can_write(user, allowed=lambda u: u.role == "admin" or u.is_superuser)
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                actions.set_target(user, client_uuid=form.cleaned_data["client_uuid"], **form.target_fields())
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Target disimpan."))
                return redirect("reports:targets")
    elif can_edit:
        form = TargetForm()
    rows = PrevalenceTarget.objects.select_related("region").order_by("indicator", "region_id", "year")
    return render(request, "reports/targets.html", {"rows": rows, "form": form, "can_edit": can_edit})


def chart_json(data: dict[str, Any]) -> str:
    return json.dumps(data)
