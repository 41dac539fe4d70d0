"""``veerkracht indicator_status --input FILE.json`` (docs/governance/indicators.md).

Prints one JSON document (the status of every objective and indicator) and exits 0. A document that
cannot be read or is malformed exits 2 with a message on standard error and nothing on standard
output. The console script runs this without setting up Django (``veerkracht.governance.cli``); this
management command gives the same answer for ``call_command``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veerkracht.governance import cli


class Command(BaseCommand):
    help = cli.INDICATOR_STATUS_HELP
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="the JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = cli.indicator_status(options["input"])
        except cli.Failure as failure:
            raise CommandError(failure.message, returncode=failure.code) from failure
        self.stdout.write(text)
