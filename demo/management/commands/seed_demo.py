from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.builder import DEMO_PASSWORD, SEED_REGIONS, build


class Command(BaseCommand):
    help = "Create the deterministic demo data set and one login per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regions", nargs="*", default=list(SEED_REGIONS), help="kabupaten/kota codes")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never on real data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            # The demo's logins share one published password: on a production database they are a way in.
            raise CommandError(
                "seed_demo creates logins with a published password; it runs only with DEBUG=1 "
                "(as `make run` sets) or with --force."
            )
        summary = build(tuple(options["regions"]), seed=options["seed"])
        self.stdout.write(
            f"demo: {summary.posyandu} posyandu, {summary.kader} kader, {summary.people} people, "
            f"{summary.visits} visits, "
            f"{summary.units} units added"
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, scope in summary.logins:
            self.stdout.write(f"  {username:<22} {role:<30} {scope}")
