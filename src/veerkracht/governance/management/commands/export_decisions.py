"""``veerkracht export_decisions --municipality SLUG [--public]`` (docs/governance/decisions.md).

Prints the municipality's decision log as one JSON document (``{"chain", "head", "entries"}``) on
standard output; with ``--public`` the content of confidential entries is null. This is the same text
the public page serves as ``/besturen/besluiten/SLUG.json``. An unknown slug, or an organisation that is
not a municipality, exits 2 with a message on standard error and nothing on standard output.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veerkracht.governance import selectors
from veerkracht.organisations.models import Organisation

MALFORMED = 2


class Command(BaseCommand):
    help = "Export a municipality's decision log (JSON); with --public, confidential entries redacted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's short name (slug)")
        parser.add_argument(
            "--public", action="store_true", help="leave out the content of confidential entries"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["municipality"]
        municipality = selectors.municipality_by_slug(slug)
        if municipality is None:
            if Organisation.objects.filter(slug=slug).exists():
                problem = "this organisation is not a municipality (only municipalities keep a decision log)"
            else:
                problem = "no organisation has this short name"
            raise CommandError(f"--municipality {slug!r}: {problem}", returncode=MALFORMED)
        self.stdout.write(selectors.log_document_text(municipality, public_only=options["public"]))
