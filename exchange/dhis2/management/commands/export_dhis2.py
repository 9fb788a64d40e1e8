"""`manage.py export_dhis2 --region 64.74 --month 2026-11 --format adx`: the export page's file, for a
scheduled job that posts it to the receiver."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Role, User
from accounts.scope import scope_of
from exchange.dhis2 import export
from exchange.dhis2.formats import adx_document, data_value_set
from regions.models import Region
from reports.actions import report_refresh
from reports.areas import Area, area_for
from rules.months import months_between, parse_month


class Command(BaseCommand):
    help = "Write a region's monthly figures as DHIS2 dataValueSets JSON or ADX XML (stdout or --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="", help="region code (default: every region)")
        parser.add_argument("--month", required=True, help="first month, YYYY-MM")
        parser.add_argument("--until", default="", help="last month, YYYY-MM (default: --month)")
        parser.add_argument("--format", choices=["json", "adx"], default="json")
        parser.add_argument("--user", default="", help="export as this login, within its area")
        parser.add_argument("--output", default="", help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        area = self._area(user, options["region"])
        first = parse_month(options["month"])
        last = parse_month(options["until"]) if options["until"] else first
        if first is None or last is None or last < first:
            raise CommandError("--month/--until: give YYYY-MM, the last not before the first")
        months = months_between(first, last)
        if len(months) > export.MAX_MONTHS:
            raise CommandError(f"at most {export.MAX_MONTHS} months in one file")
        report_refresh()
        try:
            result = export.build(user, area, months)
        except export.ExportRefused as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(warning)
        if not result.values:
            raise CommandError("nothing to export")
        if options["format"] == "adx":
            body = adx_document(result.values, data_set=result.settings.data_set, exported=timezone.now())
        else:
            payload = data_value_set(
                result.values,
                data_set=result.settings.data_set,
                id_scheme=result.settings.id_scheme,
                complete_date=None,
            )
            body = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(body)
        else:
            self.stdout.write(body, ending="")

    def _user(self, username: str) -> User:
        if not username:
            # The operator of manage.py holds the database already: the whole installation, as an
            # administrator would see it (an unsaved login, never stored).
            return User(username="manage.py", role=Role.ADMIN, is_active=True)
        user: User | None = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active login {username!r}")
        return user

    def _area(self, user: User, code: str) -> Area:
        if code and (not scope_of(user).covers(code) or not Region.objects.filter(code=code).exists()):
            raise CommandError(f"region {code!r} is unknown or outside the login's area")
        return area_for(user, code or None)
