from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.actions import import_boundaries


class Command(BaseCommand):
    help = "Import region boundary polygons (GeoJSON keyed by properties.kode) from a file or a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            result = import_boundaries(None, path)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"boundaries: {result.loaded} loaded from {result.files} files "
            f"({result.unknown_codes} codes not in the region list)"
        )
