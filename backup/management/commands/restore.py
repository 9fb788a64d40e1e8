from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from backup.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "Bring a `backup` archive back onto a new, empty database (do not migrate it first) and MEDIA_ROOT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive written by `backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(
                Path(options["path"]),
                database=connection.settings_dict,
                database_is_empty=not connection.introspection.table_names(),
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        connection.close()  # the restored tables are read afresh by the next command
        files = len(manifest["media"])
        self.stdout.write(
            f"restored: {manifest['engine']} database of {manifest['created_at']}, {files} files"
        )
