from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backup.archive import BackupError, create


class Command(BaseCommand):
    help = "Write one archive of the database and the uploaded files (restore it with `restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help="the archive to write (default: posyandu-YYYYmmdd-HHMMSS.tar.gz here)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["path"] or f"posyandu-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        connection.ensure_connection()
        migrations = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
        try:
            manifest = create(
                target,
                database=connection.settings_dict,
                sqlite_connection=connection.connection if connection.vendor == "sqlite" else None,
                media_root=Path(settings.MEDIA_ROOT),
                migrations=migrations,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup: {target} ({manifest['engine']}, {len(manifest['media'])} files, "
            f"{target.stat().st_size / 1e6:.1f} MB)"
        )
