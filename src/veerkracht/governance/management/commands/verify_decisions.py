"""``veerkracht verify_decisions --input LOG.json [--head HASH]`` (docs/governance/decisions.md).

Prints one JSON document (the verification) and exits 0 when the log is valid, 1 when it is not. A file
that cannot be read or is not an exported decision log exits 2 with a message on standard error and
nothing on standard output. Needs no database: the console script runs it without setting up Django
(``veerkracht.governance.cli``); this management command gives the same answer for ``call_command``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veerkracht.governance import cli


class Command(BaseCommand):
    help = cli.VERIFY_DECISIONS_HELP
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="the exported log (JSON), or - for standard input")
        parser.add_argument("--head", help=cli.HEAD_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text, code = cli.verify_decisions(options["input"], options["head"])
        except cli.Failure as failure:
            raise CommandError(failure.message, returncode=failure.code) from failure
        self.stdout.write(text)
        if code:
            raise CommandError(
                f"the decision log is not valid: {json.loads(text)['problem']}", returncode=code
            )
