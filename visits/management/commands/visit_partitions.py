from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rules.months import parse_month
from visits import partitions


class Command(BaseCommand):
    help = (
        "PostgreSQL: make the visits' monthly partitions for this month and the next ones, moving any "
        "rows of theirs out of the DEFAULT partition; with --detach-before, detach the partitions of older "
        "months (and with --archive-to, write each to a gzip CSV file there and drop it). The task worker's "
        "unit runs it at every start, the daily upkeep every night. SQLite keeps one table: nothing to do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ahead", type=int, default=partitions.AHEAD_MONTHS, help="months ahead (3)")
        parser.add_argument(
            "--detach-before", default="", help="a month, YYYY-MM: detach the months before it"
        )
        parser.add_argument("--archive-to", default="", help="a directory for the detached months' .csv.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        if not partitions.active():
            self.stdout.write("Visits are one table here (SQLite, or not partitioned): nothing to do.")
            return
        if options["ahead"] < 0:
            raise CommandError("--ahead must be 0 or more")
        before = parse_month(options["detach_before"]) if options["detach_before"] else None
        if options["detach_before"] and before is None:
            raise CommandError("--detach-before takes a month as YYYY-MM")
        if options["archive_to"] and before is None:
            raise CommandError("--archive-to needs --detach-before")
        created = partitions.make_ahead(timezone.localdate(), options["ahead"])
        for month, moved in sorted(created.items()):
            self.stdout.write(
                f"partition {month:%Y-%m} made" + (f", {moved} rows moved into it" if moved else "")
            )
        if not created:
            self.stdout.write("every partition needed was there")
        if before is None:
            return
        archive_to = Path(options["archive_to"]) if options["archive_to"] else None
        try:
            done = partitions.detach_before(before, timezone.localdate(), archive_to=archive_to)
        except partitions.Refused as refusal:
            raise CommandError(f"nothing detached: {refusal}") from refusal
        for month in done.months:
            self.stdout.write(f"partition {month:%Y-%m} detached" + (" and archived" if archive_to else ""))
        for path in done.archives:
            self.stdout.write(f"archived: {path}")
        for name, count in done.forgotten.items():
            self.stdout.write(f"{count} {name} no longer refer to a visit")
        if not done.months:
            self.stdout.write(f"no partition before {before:%Y-%m}")
