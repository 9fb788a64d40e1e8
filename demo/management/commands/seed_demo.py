from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.builder import DEMO_PASSWORD, SEED_REGIONS, build


class Command(BaseCommand):
    help = "Create the deterministic demo data set and one login per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regions", nargs="*", default=list(SEED_REGIONS), help="kabupaten/kota codes")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build(tuple(options["regions"]), seed=options["seed"])
        self.stdout.write(
            f"demo: {summary.posyandu} posyandu, {summary.kader} kader, {summary.people} people, "
            f"{summary.visits} visits, "
            f"{summary.units} units added"
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, scope in summary.logins:
            self.stdout.write(f"  {username:<22} {role:<30} {scope}")
