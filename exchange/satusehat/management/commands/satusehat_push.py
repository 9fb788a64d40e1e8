"""`manage.py satusehat_push [--limit N] [--dry-run]`: send the pending visits to SATUSEHAT."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from exchange.satusehat.client import SatusehatClient, TokenRefused
from exchange.satusehat.connection import NotConfigured, from_environment, org_id_or_placeholder
from exchange.satusehat.push import push


class Command(BaseCommand):
    help = (
        "Kirim kunjungan anak dan pemeriksaan ibu hamil yang belum terkirim ke SATUSEHAT (FHIR R4). "
        "Kredensial dibaca dari variabel lingkungan SATUSEHAT_*."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Paling banyak N kunjungan.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Susun dan periksa Bundle saja; tidak mengirim, tidak menyimpan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError(_("--limit harus bilangan bulat positif."))
        client = None
        if options["dry_run"]:
            org_id = org_id_or_placeholder()
        else:
            try:
                connection = from_environment()
            except NotConfigured as missing:
                raise CommandError(
                    _("Variabel lingkungan belum diisi: %(names)s") % {"names": ", ".join(missing.missing)}
                ) from None
            org_id = connection.org_id
            client = SatusehatClient(connection)
        try:
            outcome = push(org_id=org_id, client=client, limit=limit, say=self.stdout.write)
        except TokenRefused as refused:
            raise CommandError(_("SATUSEHAT menolak memberi token (%(why)s).") % {"why": refused}) from None
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(outcome.counts.items())) or "0"
        self.stdout.write(_("Selesai: %(counts)s") % {"counts": counts})
