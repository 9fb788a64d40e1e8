"""The public pages (no login): the list of provinces, a region's page and its tables as CSV; and the page
where an officer switches the public pages of their region on or off.

A public page is the same for everyone: it says `Cache-Control: public, max-age=300` and its figures are kept
in Django's cache for as long, keyed by the region, the month and the state of the monthly figures
(reports.actions.figures_version), so a link shared by a whole village does not recompute the region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from accounts.scope import RegionReader, scope_of
from public import actions
from public.forms import SwitchForm
from public.models import is_public, public_by_default, public_codes
from public.shown import Shown
from public.summary import PublicSummary, build, next_days
from regions.access import access_region
from regions.models import Level, Region
from reports import actions as report_actions
from reports.areas import Area, figures_in
from reports.exports import csv_response
from reports.periods import latest_month
from rules import disclosure
from web import query

MAX_AGE_SECONDS = 300


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


def _region(request: HttpRequest) -> Region:
    """The region `?wilayah=` names, if its public page is on; otherwise 404, as if it did not exist."""
    region = Region.objects.filter(code=query.raw(request, "wilayah")).select_related("parent").first()
    if region is None or not is_public(region):
        raise Http404
    return region


def _summary(request: HttpRequest, region: Region) -> PublicSummary:
    report_actions.report_refresh()  # what a report page does before reading the figures
    area = Area(region, (region.code,), region.display_name)
    month = query.month(request, lambda: latest_month(figures_in(RegionReader(region.code), area)))
    key = f"public-{region.code}-{month:%Y-%m}-{report_actions.figures_version()}"
    found: PublicSummary | None = cache.get(key)
    if found is None:
        found = build(region, month, timezone.localdate())
        cache.set(key, found, MAX_AGE_SECONDS)
    return found


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    provinces = list(Region.objects.filter(level=Level.PROVINSI).order_by("code"))
    shown = public_codes(provinces)
    context = {
        "provinces": [p for p in provinces if p.code in shown],
        "licence": settings.PUBLIC_DATA_LICENCE,
    }
    return _public(render(request, "public/index.html", context))


@login_not_required
@require_GET
def region_page(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    summary = _summary(request, region)
    context: dict[str, Any] = {
        "summary": summary,
        "bulan": f"{summary.month:%Y-%m}",
        "suppressed": disclosure.SUPPRESSED,
        "min_children": disclosure.MIN_CHILDREN,
        "licence": settings.PUBLIC_DATA_LICENCE,
    }
    return _public(render(request, "public/region.html", context))


def _cells(s: Shown) -> list[Any]:
    return [s.cell]


def _prevalence_cells(s: Shown) -> list[Any]:
    return [s.cell, s.interval, s.target]


def _area_table(summary: PublicSummary) -> tuple[list[str], list[list[Any]]]:
    first = _("Posyandu") if summary.posyandu_rows else _("Wilayah")
    header = [
        first, _("Kode wilayah"), _("Jumlah posyandu aktif beroperasi"), _("Posyandu aktif (definisi 2023)"),
        _("Strata"), _("Balita terdaftar (S)"), "D/S (%)", "N/D (%)", _("Stunting (%)"), _("Stunting IK 95%"),
        _("Target stunting (%)"), _("Wasting (%)"), _("Wasting IK 95%"), _("Target wasting (%)"),
    ]  # fmt: skip
    rows = [
        [
            r.name, r.code, r.posyandu, r.aktif, r.stratum, *_cells(r.children), *_cells(r.ds), *_cells(r.nd),
            *_prevalence_cells(r.stunting), *_prevalence_cells(r.wasting),
        ]
        for r in [*summary.rows, summary.total]
    ]  # fmt: skip
    return header, rows


def _trend_table(summary: PublicSummary) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Bulan"), "D/S (%)", "N/D (%)", _("Stunting (%)"), _("Stunting IK 95%"), _("Target stunting (%)"),
        _("Wasting (%)"), _("Wasting IK 95%"), _("Target wasting (%)"),
    ]  # fmt: skip
    rows = [
        [f"{t.month:%Y-%m}", *_cells(t.ds), *_cells(t.nd), *_prevalence_cells(t.stunting),
         *_prevalence_cells(t.wasting)]
        for t in summary.trend
    ]  # fmt: skip
    return header, rows


def _days_table(summary: PublicSummary) -> tuple[list[str], list[list[Any]]]:
    """Every posyandu's next day: the page lists them from the kecamatan down, the download at every level."""
    days = summary.days if summary.days is not None else next_days(summary.region, timezone.localdate())
    header = [_("Posyandu"), _("Desa/Kelurahan"), _("Tempat"), _("Tanggal"), _("Jam")]
    rows = [[d.name, d.desa, d.place, d.date.isoformat(), f"{d.time:%H:%M}" if d.time else ""] for d in days]
    return header, rows


def _rakor_table(summary: PublicSummary) -> tuple[list[str], list[list[Any]]]:
    header = [_("Rapat"), _("Tanggal"), _("Keputusan"), _("Tindakan selesai"), _("Tindakan berjalan")]
    rakor = summary.rakor
    if rakor is None:
        return header, []
    return header, [[rakor.title, rakor.date.isoformat(), d.text, d.done, d.open] for d in rakor.decisions]


def _commitments_table(summary: PublicSummary) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Komitmen"), _("Desa/kelurahan yang sudah memiliki"), _("Jumlah desa/kelurahan"), _("Terlambat"),
    ]  # fmt: skip
    counts = summary.commitments
    return header, [[c.label, cell.have, counts.total.desa, cell.overdue] for c, cell in counts.total_row]


TABLE_BUILDERS = {
    "wilayah": _area_table,
    "tren": _trend_table,
    "jadwal": _days_table,
    "rakor": _rakor_table,
    "komitmen": _commitments_table,
}


@login_not_required
@require_GET
def region_csv(request: HttpRequest) -> HttpResponse:
    """One table of a public page, with the same hidden figures, the licence and the date of extraction."""
    region = _region(request)
    table = query.choice(request, "tabel", _("Tabel"), tuple(TABLE_BUILDERS), "wilayah")
    summary = _summary(request, region)
    header, rows = TABLE_BUILDERS[table](summary)
    extracted = timezone.localdate().isoformat()
    notes: Sequence[Sequence[Any]] = [
        [],
        [_("Lisensi: %(licence)s") % {"licence": settings.PUBLIC_DATA_LICENCE}],
        [_("Diambil: %(date)s") % {"date": extracted}],
        [_("Angka dari kurang dari %(n)s balita ditulis \"%(mark)s\".") % {
            "n": disclosure.MIN_CHILDREN, "mark": disclosure.SUPPRESSED}],
    ]  # fmt: skip
    filename = f"publik-{region.code}-{table}-{summary.month:%Y-%m}"
    return _public(csv_response(filename, header, [*rows, *notes]))


def _switch_rows(user: Any, region: Region) -> list[dict[str, Any]]:
    regions = [region, *Region.objects.visible_to(user).filter(parent=region).order_by("code")]
    on = public_codes(regions)
    return [{"region": r, "is_public": r.code in on, "default": public_by_default(r)} for r in regions]


@require_http_methods(["GET", "POST"])
def switch(request: AuthedRequest) -> HttpResponse:
    """An officer turns the public page of a region of theirs on or off. A button, not a form page: the
    answer is a message above the same list."""
    if request.method == "POST":
        return _switch_post(request)
    user = request.user
    code = query.region(request)
    region = Region.objects.visible_to(user).filter(code=code).first() if code else None
    context: dict[str, Any] = {
        "region": region,
        "rows": _switch_rows(user, region) if region is not None else [],
        "mine": Region.objects.visible_to(user).filter(code__in=_own_codes(user)).order_by("code"),
        "can_switch": user.can_write and user.is_officer,
    }
    return render(request, "public/switch.html", context)


def _switch_post(request: AuthedRequest) -> HttpResponse:
    user = request.user
    ensure_can_write(user, allowed=lambda u: u.is_officer)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilihan tidak dikenal; tidak ada yang diubah."))
        return redirect("public:switch")
    region = access_region(user, form.cleaned_data["wilayah"], write=True)
    actions.set_public(user, region, is_public=form.cleaned_data["is_public"])
    messages.success(request, _("Halaman publik %(region)s diubah.") % {"region": region.display_name})
    up = region.parent_id
    back = up if up and scope_of(user).covers(up) else region.code
    return redirect(f"{reverse('public:switch')}?{query.kept({'wilayah': back}).urlencode()}")


def _own_codes(user: Any) -> list[str]:
    scope = scope_of(user)
    if scope.everything:
        return list(Region.objects.filter(level=Level.PROVINSI).values_list("code", flat=True))
    return list(scope.region_codes)
