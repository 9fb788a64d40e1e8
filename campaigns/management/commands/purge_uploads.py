from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.imports.uploads import purge_uploads


class Command(BaseCommand):
    help = (
        "Delete uploaded campaign sheets older than UPLOAD_RETENTION_DAYS (default 30), whatever their "
        "import's status, and any other file left in the upload folder that long. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs, orphans = purge_uploads(days=settings.UPLOAD_RETENTION_DAYS)
        self.stdout.write(f"{jobs} uploaded sheets deleted, {orphans} other files deleted")
