"""`manage.py import_opensid FILE --desa CODE [--check]`: an administrator loading the OpenSID exports of many
desa, one file per desa, with the page's check and import (exchange.opensid.actions.import_file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Role, User
from campaigns.imports.read import SheetError
from exchange.opensid.actions import import_file
from exchange.opensid.models import Outcome
from regions.models import Region

SHOWN_REFUSALS = 20


class Command(BaseCommand):
    help = "Impor penduduk satu desa dari berkas ekspor OpenSID (format impor penduduk)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--desa", required=True, help="kode desa/kelurahan Kemendagri, mis. 64.74.01.1001"
        )
        parser.add_argument("--check", action="store_true", help="periksa saja, tidak menyimpan apa pun")
        parser.add_argument(
            "--user", help="login yang tercatat sebagai pelaku (bawaan: administrator pertama)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        desa = Region.objects.filter(pk=options["desa"]).first()
        if desa is None:
            raise CommandError(f"Desa {options['desa']} tidak ada di daftar wilayah.")
        actor = self.actor(options.get("user"))
        try:
            result = import_file(
                actor,
                desa,
                name=path.name,
                content=path.read_bytes(),
                today=timezone.localdate(),
                check_only=options["check"],
            )
        except SheetError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{actor.username} tidak boleh mengimpor untuk {desa.display_name}.") from exc
        counts = result.plan.counts()
        verb = "Diperiksa (tidak ada yang disimpan)" if options["check"] else "Diimpor"
        self.stdout.write(f"{verb}: {desa.display_name} ({desa.code}), {result.plan.total} baris.")
        for outcome in Outcome:
            self.stdout.write(f"  {outcome.label}: {counts[outcome.value]}")
        if result.written is not None:
            self.stdout.write(
                f"  Rumah tangga baru: {result.written.created_households}, "
                f"satuan wilayah baru (dusun/RW/RT): {result.written.created_units}"
            )
        refused = [line for line in result.plan.lines() if line[1] == Outcome.REFUSE]
        for row, _outcome, name, reason in refused[:SHOWN_REFUSALS]:
            self.stdout.write(f"  baris {row} ({name}): {reason}")
        if len(refused) > SHOWN_REFUSALS:
            self.stdout.write(f"  … dan {len(refused) - SHOWN_REFUSALS} baris ditolak lainnya.")

    @staticmethod
    def actor(username: str | None) -> User:
        users = User.objects.filter(is_active=True)
        found: User | None = (
            users.filter(username=username).first()
            if username
            else users.filter(role=Role.ADMIN).order_by("pk").first()
        )
        if found is None:
            raise CommandError(
                "Login tidak ditemukan: beri --user, atau buat administrator (createsuperuser)."
            )
        return found
