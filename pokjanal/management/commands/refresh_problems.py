from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from pokjanal.actions import refresh_problems
from pokjanal.strata import keep_year_facts
from posyandu.models import Posyandu
from regions.codes import within_q


class Command(BaseCommand):
    help = (
        "Re-detect the data-found problems of every active posyandu (or those of one region), and keep their "
        "facts of the running year that the strata summary and the public pages read. Writes re-detect "
        "their posyandu on their own; run this daily, just after midnight, so that the 12-month window and "
        "the year move on for posyandu nobody writes to and no page computes a whole area's facts itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="", help="a region code, e.g. 64.74")
        parser.add_argument("--chunk", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Posyandu.objects.filter(status="active")
        if options["region"]:
            qs = qs.filter(within_q("desa_id", options["region"]))
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        today = timezone.localdate()
        totals = {"opened": 0, "updated": 0, "resolved": 0}
        for start in range(0, len(ids), options["chunk"]):
            chunk = ids[start : start + options["chunk"]]
            for key, n in refresh_problems(chunk).items():
                totals[key] += n
            keep_year_facts(chunk, today)
        self.stdout.write(
            f"{len(ids)} posyandu: {totals['opened']} opened, {totals['updated']} updated, "
            f"{totals['resolved']} resolved; facts of {today.year} kept"
        )
