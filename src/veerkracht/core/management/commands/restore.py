"""``veerkracht restore --input DIR [--database-url URL] [--media-root DIR] [--force]``.

Restores a backup made by ``veerkracht backup`` (docs/backup.md) into an empty database — the configured
one, or the one ``--database-url`` names — and the files directory. A missing or damaged backup, or a
target that is not empty (without ``--force``), exits 2 with one line on standard error and changes
nothing. After the restore every table is compared with the backup's manifest: a difference exits 1.
Needs no ``SECRET_KEY`` (:mod:`veerkracht.conf.offline`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from veerkracht.core import backup, response_cache


class Command(BaseCommand):
    help = "Restore a backup (database and files) into an empty database; --force overwrites."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="the backup directory")
        parser.add_argument(
            "--database-url", help="the database to restore into (default: the configured database)"
        )
        parser.add_argument("--media-root", help="the files directory to restore into (default: MEDIA_ROOT)")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database or files directory that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["database_url"]:
                database = backup.Database.from_url(options["database_url"])
            else:
                database = backup.Database.from_settings(connection.settings_dict)
                connection.close()
            different = backup.restore(
                backup_dir=Path(options["input"]),
                database=database,
                media_root=Path(options["media_root"] or settings.MEDIA_ROOT),
                force=options["force"],
            )
        except backup.BackupError as exc:
            raise CommandError(exc.message, returncode=exc.code) from exc
        response_cache.invalidate()  # the restore wrote past the cursor that notices writes
        if different:
            raise CommandError(
                f"restored, but these tables differ from the backup: {', '.join(different)}", returncode=1
            )
        self.stdout.write(json.dumps({"restored": str(options["input"]), "database": database.name}))
