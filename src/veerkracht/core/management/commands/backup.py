"""``veerkracht backup --output DIR``: the database and the files directory into a new directory.

See docs/backup.md. Exits 2 with one line on standard error on bad input (an output directory that is
not empty, an unsupported database), 1 when pg_dump fails. Needs no ``SECRET_KEY``
(:mod:`veerkracht.conf.offline`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from veerkracht.core import backup


class Command(BaseCommand):
    help = "Back up the database and the files directory (uploads, generated documents) into a new directory."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="a new (or empty) directory for the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            database = backup.Database.from_settings(connection.settings_dict)
            live = None
            if database.vendor == "sqlite":
                connection.ensure_connection()
                live = connection.connection
            manifest = backup.backup(
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                output=Path(options["output"]),
                sqlite_connection=live,
            )
        except backup.BackupError as exc:
            raise CommandError(exc.message, returncode=exc.code) from exc
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            json.dumps(
                {
                    "output": str(options["output"]),
                    "tables": len(manifest["tables"]),
                    "rows": rows,
                    "files": manifest["files"]["count"],
                }
            )
        )
