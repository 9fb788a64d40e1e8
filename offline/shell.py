"""The offline posyandu day's shell (`/offline/hari/`): the page the service worker keeps on the phone, the
service worker itself and the web app manifest. None of them holds personal data: the register and the
records made offline live in the phone's IndexedDB (static/js/offline/store.js), see docs/offline.md."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from accounts.scope import scope_of
from rules import ilp, immunisation, screening
from visits.forms import stations_of, visit_form_class

# What the service worker stores at install: the shell's scripts and styles (hashed names in production, so a
# new release is a new cache) and the rule data the day computes results with.
SHELL_STATIC = [
    "css/app.css",
    "favicon.svg",
    "django_htmx/htmx-2.min.js",
    "js/page_actions.js",
    "js/offline/app.js",
    "js/offline/logout_guard.js",
    "vendor/chartjs/chart.umd.min.js",
]
# The modules the scripts above import by their plain names ("./store.js"): the hashed static storage does
# not rewrite imports, so the worker stores them under the names the browser asks for.
SHELL_MODULES = [
    "js/offline/keys.js",
    "js/offline/store.js",
    "js/offline/sync.js",
    "js/offline/visit.js",
    "js/offline/assess.js",
    "js/offline/growth.js",
    "vendor/idb/idb.js",
]


def _strings() -> dict[str, str]:
    """The texts the offline day's script shows, translated here so they follow the user's language."""
    return {
        "prepared": _("Disiapkan untuk offline: %(people)s warga, %(when)s"),
        "not_prepared": _("Belum disiapkan untuk offline. Sambungkan ke internet lalu tekan Siapkan."),
        "preparing": _("Menyiapkan…"),
        "prepare_failed": _("Gagal menyiapkan: %(reason)s"),
        "waiting": _("%(count)s catatan menunggu dikirim"),
        "refused": _("%(count)s catatan ditolak server, perlu diperbaiki"),
        "last_sync": _("Sinkron terakhir: %(when)s"),
        "never_synced": _("Belum pernah sinkron"),
        "syncing": _("Mengirim…"),
        "sync_done": _("Terkirim: %(saved)s, ditolak: %(refused)s"),
        "sync_failed": _("Belum bisa mengirim: %(reason)s. Catatan tetap tersimpan di HP."),
        "offline": _("Tidak ada sinyal: catatan disimpan di HP dan dikirim nanti."),
        "online": _("Tersambung ke internet."),
        "login_again": _("Sesi berakhir: masuk lagi, catatan tetap tersimpan di HP."),
        "no_match": _("Tidak ditemukan. Daftarkan sebagai pengunjung baru."),
        "logout_unsent": _(
            "Masih ada %(count)s catatan yang belum terkirim. Catatan itu tetap tersimpan di HP ini dan "
            "terkirim saat Anda masuk lagi. Tetap keluar?"
        ),
        "discard_confirm": _("Buang catatan ini? Catatan yang dibuang tidak dikirim."),
        "required": _("Wajib diisi."),
        "saved_offline": _("Tersimpan di HP, menunggu dikirim."),
        "years_months": _("%(years)s th %(months)s bl"),
        "months": _("%(months)s bl"),
        "male": _("Laki-laki"),
        "female": _("Perempuan"),
        "serve": _("Layani"),
        "waiting_one": _("menunggu dikirim"),
        "refused_one": _("ditolak server"),
        "fix": _("Perbaiki"),
        "discard": _("Buang"),
        "opening_day": _("Hari buka"),
        "name_required": _("Nama wajib diisi."),
        "sex_required": _("Pilih jenis kelamin."),
        "birth_date_invalid": _("Isi tanggal lahir yang tidak di masa depan."),
        "not_a_number": _("%(what)s harus berupa angka."),
        "out_of_range": _(
            "%(what)s %(value)s di luar rentang yang masuk akal (%(low)s–%(high)s). Periksa kembali."
        ),
        "diastolic": _("Tekanan diastolik harus lebih kecil dari sistolik."),
        "refusal": _(
            "Berat badan %(value)s kg tidak mungkin untuk anak umur %(age)d bulan (BB/U z = %(z)s). "
            "Maksud Anda %(suggestion)s kg? Periksa kembali."
        ),
        "z_waz": _("BB/U"),
        "z_haz": _("PB/U atau TB/U"),
        "z_whz": _("BB/PB atau BB/TB"),
        "z_baz": _("IMT/U"),
        "z_hcz": _("Lingkar kepala/U"),
        "z_acz": _("LiLA/U"),
    }


def _visit_forms() -> list[dict[str, Any]]:
    """The online visit form of every visitor group, station by station, with every service of the group and
    every dose of the schedule: the phone shows the ones that apply to the visitor (docs/offline.md)."""
    every_dose = [
        immunisation.DoseStatus(dose, datetime.date.min, immunisation.DUE) for dose in immunisation.SCHEDULE
    ]
    out = []
    for group in ilp.SERVICES:
        form = visit_form_class(group)(
            auto_id=f"id_{group}_%s", services=list(ilp.SERVICES[group]), doses=every_dose
        )
        out.append({"group": group, "stations": stations_of(form, group)})
    return out


@require_GET
def day_app(request: AuthedRequest) -> HttpResponse:
    """The offline posyandu day: one page whose script works from the phone's stored register."""
    scope = scope_of(request.user)
    config: dict[str, Any] = {
        "user": request.user.pk,
        "posyandu": scope.posyandu_id,
        "can_write": request.user.can_write,
        "urls": {
            "prepare": reverse("offline:register", args=[0]),
            "sync": reverse("offline:sync"),
            "tables": reverse("offline:who_tables"),
            "rules": reverse("offline:rules"),
            "worker": reverse("offline:service_worker"),
            "day": reverse("offline:day"),
            "ping": reverse("offline:ping"),
            "chart": static("vendor/chartjs/chart.umd.min.js"),
        },
        "strings": {**_strings(), "labels": {k: _(v) for k, v in screening.PLAUSIBLE_LABELS.items()}},
    }
    return render(request, "offline/day.html", {"config": config, "visit_forms": _visit_forms()})


def _precache() -> list[str]:
    hashed = [static(path) for path in SHELL_STATIC + SHELL_MODULES]
    plain = [settings.STATIC_URL + path for path in SHELL_MODULES]
    return list(dict.fromkeys([*hashed, *plain, reverse("offline:who_tables"), reverse("offline:rules")]))


@login_not_required
@require_GET
def service_worker(request: Any) -> HttpResponse:
    """The service worker, scoped to /offline/. Its cache is named after what it stores, so a release with
    other files replaces it."""
    urls = _precache()
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    response = render(
        request,
        "offline/sw.js",
        {"version": version, "precache": json.dumps(urls), "shell": reverse("offline:day")},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def ping(request: Any) -> HttpResponse:
    """Whether the server can be reached: the phone's own "online" is not to be trusted on a weak signal."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_GET
def manifest(request: Any) -> JsonResponse:
    """The web app manifest: installing the site opens the offline posyandu day."""
    return JsonResponse(
        {
            "name": _("SI Posyandu — hari posyandu"),
            "short_name": "SI Posyandu",
            "start_url": reverse("offline:day"),
            "scope": reverse("offline:day").rsplit("hari/", 1)[0],
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1565c0",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("offline/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        content_type="application/manifest+json",
    )
