"""Import a new instrument version from its JSON form (validated; nothing stored when invalid)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from veerkracht.monitor.services import InstrumentImportError, instrument_import


class Command(BaseCommand):
    help = "Import an instrument version from JSON. Exit status 2 with every problem named when invalid."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The instrument JSON file.")

    def fail(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.fail([f"{options['file']}: cannot read the JSON: {exc}"])
            return
        try:
            instrument = instrument_import(document=document)
        except InstrumentImportError as exc:
            self.fail(exc.problems)
            return
        self.stdout.write(
            f"imported {instrument.code} v{instrument.version} ({instrument.items.count()} items)"
        )
