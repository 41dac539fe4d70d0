"""Write an instrument version in the JSON form of docs/monitor/scoring.md (with its texts and modules)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from veerkracht.monitor.models import Instrument
from veerkracht.monitor.selectors import instrument_document, instrument_get

DEFAULT_CODE = "innovatiemonitor"


class Command(BaseCommand):
    help = "Write an instrument version as JSON (the form score_responses and import_instrument read)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # --version selects the instrument version here (it replaces Django's own --version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--code", default=DEFAULT_CODE, help=f"Instrument code (default {DEFAULT_CODE}).")
        parser.add_argument("--version", type=int, default=None, help="Version (default: the newest).")
        parser.add_argument("--output", default="-", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = instrument_get(code=options["code"], version=options["version"])
        except Instrument.DoesNotExist:
            version = f" version {options['version']}" if options["version"] else ""
            raise CommandError(f"no instrument {options['code']!r}{version}") from None
        text = json.dumps(instrument_document(instrument=instrument), ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {instrument.code} v{instrument.version} to {options['output']}")
