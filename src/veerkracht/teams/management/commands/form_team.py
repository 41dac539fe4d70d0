"""``veerkracht form_team --input PROBLEM.json [--time-limit SECONDS]`` (docs/teams/formation.md).

Prints one JSON document (the answer) and exits 0 for every answer, including "infeasible".
A malformed problem exits 2 with a message on standard error and nothing on standard output.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veerkracht.core.jsondoc import DocumentError, load_document
from veerkracht.teams.formation import ProblemError, parse_problem, solve

MALFORMED = 2


class Command(BaseCommand):
    help = "Propose the best team for a team-formation problem (JSON in, JSON out)."
    # An offline command: the system checks would import every view and URL (seconds) for nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="problem file (JSON), or - for standard input")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="seconds; when reached, the best team so far is answered with status 'feasible'",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["time_limit"]
        if limit is not None and not (limit >= 0 and math.isfinite(limit)):
            raise CommandError("--time-limit: must be a non-negative number of seconds", returncode=MALFORMED)
        path = options["input"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the problem ({exc})", returncode=MALFORMED) from exc
        try:
            document = load_document(text)
        except DocumentError as exc:
            raise CommandError(f"{path}: {exc}", returncode=MALFORMED) from exc
        try:
            problem = parse_problem(document)
        except ProblemError as exc:
            raise CommandError(f"malformed problem: {exc}", returncode=MALFORMED) from exc
        answer = solve(problem, time_limit=limit).to_dict(problem)
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
