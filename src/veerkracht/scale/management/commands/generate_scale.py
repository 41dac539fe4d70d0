"""``veerkracht generate_scale --municipalities 342 --seed 1`` (docs/scale.md).

Fills an empty, migrated database with national-scale data in bulk. A database that already holds
organisations or people is refused (exit 2) unless ``--force`` is given; a seed used before in the same
database then collides and nothing is stored.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.utils.translation import gettext as _

from veerkracht.core import response_cache
from veerkracht.scale import generator


class Command(BaseCommand):
    help = "Fill an empty database with national-scale data (342 municipalities by default), in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipalities",
            type=int,
            default=generator.NATIONAL,
            help="how many municipalities (342: the whole country; 5 for a quick test)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument("--force", action="store_true", help="add to a database that already holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = options["municipalities"]
        if not 1 <= municipalities <= 10 * generator.NATIONAL:
            raise CommandError(
                _("The number of municipalities must be between 1 and %(max)s.")
                % {"max": 10 * generator.NATIONAL},
                returncode=2,
            )
        started = time.perf_counter()
        verbose = options["verbosity"] >= 1

        def progress(text: str) -> None:
            if verbose:
                self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {text}")

        try:
            counts = generator.generate(
                municipalities=municipalities, seed=options["seed"], force=options["force"], progress=progress
            )
        except generator.DatabaseNotEmpty:
            raise CommandError(
                _(
                    "The database already holds organisations or people; generate_scale fills an "
                    "empty database. Use --force to add to it anyway."
                ),
                returncode=2,
            ) from None
        except IntegrityError:
            raise CommandError(
                _("This seed was used in this database before; nothing was stored. Use another --seed."),
                returncode=2,
            ) from None
        response_cache.invalidate()  # COPY bypasses the cursor that notices writes
        if verbose:
            for name, n in counts.rows.items():
                self.stdout.write(f"{n:>10,}  {name}")
            self.stdout.write(f"{time.perf_counter() - started:7.1f} s  done")
