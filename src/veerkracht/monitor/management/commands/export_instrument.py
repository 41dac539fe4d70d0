"""Write an instrument version in the JSON form of docs/monitor/scoring.md (with its texts and modules)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from veerkracht.monitor.models import Instrument
from veerkracht.monitor.selectors import instrument_document, instrument_get

DEFAULT_CODE = "innovatiemonitor"
BUILTIN_DIR = Path(__file__).resolve().parents[2] / "data"


def _builtin_document(code: str, version: int | None) -> dict[str, Any] | None:
    """A built-in instrument version as shipped in monitor/data (the newest when ``version`` is
    None): the document the migrations load, and so what an export from a fresh database gives."""
    found: dict[str, Any] | None = None
    for path in sorted(BUILTIN_DIR.glob("instrument_v*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("code") != code or (version is not None and doc.get("version") != version):
            continue
        if found is None or doc["version"] > found["version"]:
            found = doc
    return found


class Command(BaseCommand):
    help = "Write an instrument version as JSON (the form score_responses and import_instrument read)."
    # An offline command: the system checks would import every view and URL (seconds) for nothing.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # --version selects the instrument version here (it replaces Django's own --version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--code", default=DEFAULT_CODE, help=f"Instrument code (default {DEFAULT_CODE}).")
        parser.add_argument("--version", type=int, default=None, help="Version (default: the newest).")
        parser.add_argument("--output", default="-", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        version = f" version {options['version']}" if options["version"] else ""
        try:
            instrument = instrument_get(code=options["code"], version=options["version"])
            doc = instrument_document(instrument=instrument)
        except Instrument.DoesNotExist:
            raise CommandError(f"no instrument {options['code']!r}{version}") from None
        except DatabaseError:
            # no database yet (a fresh installation): the built-in versions are in the package
            builtin = _builtin_document(options["code"], options["version"])
            if builtin is None:
                raise CommandError(
                    f"no database, and no built-in instrument {options['code']!r}{version}"
                ) from None
            doc = builtin
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {doc['code']} v{doc['version']} to {options['output']}")
