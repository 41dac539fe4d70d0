from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from veerkracht.conf.env import render_reference


class Command(BaseCommand):
    help = "Write the configuration reference (docs/configuration.md) generated from the settings."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default="-", help="File to write, or - for standard output.")
        parser.add_argument("--check", action="store_true", help="Exit 2 when the file differs.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_reference()
        if options["output"] == "-":
            self.stdout.write(text)
            return
        path = Path(options["output"])
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is stale: run `make docs`", returncode=2)
            return
        path.write_text(text, encoding="utf-8")
