"""Backing up and restoring an installation: the database and the files directory (docs/backup.md).

A backup is a directory with three files:

``database.dump``      PostgreSQL: ``pg_dump --format=custom``; SQLite: ``database.sqlite3``, a copy made
                       with SQLite's online backup API (consistent while the application runs);
``files.tar``          the media directory (uploads, generated reports, letters and exports);
``manifest.json``      what is inside: per table the number of rows and a checksum of its contents, and
                       the checksum of the two other files.

``restore`` checks the two files against the manifest before it touches anything, restores into an
empty database (or, with ``force``, over an existing one), unpacks the files, and then compares every
table of the restored database with the manifest. It refuses a target that is not empty unless forced.

Only the standard library and the database drivers are used; nothing here knows a part of the method.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files.tar"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1 << 20


class BackupError(Exception):
    """Bad input or a target that may not be overwritten: ``message`` for the operator (exit status 2)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Database:
    """Where a database is: ``vendor`` is ``postgresql`` or ``sqlite``."""

    vendor: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Database:
        engine = settings_dict["ENGINE"]
        if engine.endswith("sqlite3"):
            return cls("sqlite", str(settings_dict["NAME"]))
        if "postgresql" in engine:
            return cls(
                "postgresql",
                str(settings_dict["NAME"]),
                str(settings_dict.get("HOST") or ""),
                str(settings_dict.get("PORT") or ""),
                str(settings_dict.get("USER") or ""),
                str(settings_dict.get("PASSWORD") or ""),
            )
        raise BackupError(f"database engine {engine!r}: only PostgreSQL and SQLite can be backed up")

    @classmethod
    def from_url(cls, url: str) -> Database:
        parts = urlsplit(url)
        if parts.scheme in ("sqlite", "sqlite3"):
            # sqlite:////absolute/path.db and sqlite:///relative.db, as dj-database-url reads them
            path = unquote(parts.path)
            return cls("sqlite", path[1:] if path.startswith("//") else path.lstrip("/"))
        if parts.scheme in ("postgres", "postgresql", "pgsql"):
            return cls(
                "postgresql",
                unquote(parts.path.lstrip("/")),
                parts.hostname or "",
                str(parts.port or ""),
                unquote(parts.username or ""),
                unquote(parts.password or ""),
            )
        raise BackupError(f"--database-url: {parts.scheme or url!r} is not a PostgreSQL or SQLite address")

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                key: value
                for key, value in {
                    "PGHOST": self.host,
                    "PGPORT": self.port,
                    "PGUSER": self.user,
                    "PGPASSWORD": self.password,
                    "PGDATABASE": self.name,
                }.items()
                if value
            }
        )
        return env

    def connect(self) -> Any:
        """A DB-API connection (sqlite3 or psycopg)."""
        if self.vendor == "sqlite":
            if self.name.startswith("file:"):
                return sqlite3.connect(self.name, uri=True)
            return sqlite3.connect(self.name)
        import psycopg

        try:
            return psycopg.connect(
                dbname=self.name,
                host=self.host or None,
                port=self.port or None,
                user=self.user or None,
                password=self.password or None,
                autocommit=True,
            )
        except psycopg.OperationalError as exc:
            raise BackupError(f"database {self.name!r}: cannot connect ({str(exc).strip()})") from exc


# --- the contents of a database, table by table ----------------------------------------------------


def tables(connection: Any, vendor: str) -> list[str]:
    cursor = connection.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _normal(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def table_summary(connection: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Per table: the number of rows and a SHA-256 of its rows in a stable order."""
    summary: dict[str, dict[str, Any]] = {}
    cursor = connection.cursor()
    for table in tables(connection, vendor):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # noqa: S608 - a table name from the catalogue
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
        digest = hashlib.sha256()
        rows = 0
        for row in cursor:
            rows += 1
            digest.update(repr(tuple(_normal(v) for v in row)).encode())
            digest.update(b"\n")
        summary[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return summary


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- backing up ------------------------------------------------------------------------------------


def _pg_dump(database: Database, target: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), database.name],  # noqa: S607
        env=database.pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}", code=1)


def backup(
    *, database: Database, media_root: Path, output: Path, sqlite_connection: Any = None
) -> dict[str, Any]:
    """Write a backup of ``database`` and ``media_root`` into the new directory ``output``; return the
    manifest. ``sqlite_connection``: an open connection to copy from (an in-memory database)."""
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"--output {output}: exists and is not an empty directory")
    output.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=output))
    try:
        if database.vendor == "postgresql":
            dump = work / PG_DUMP
            _pg_dump(database, dump)
            # The table summary of what was dumped: read it back from the dump's own snapshot is not
            # possible, so the summary is taken in one repeatable-read transaction right after.
            connection = database.connect()
            try:
                with connection.transaction():
                    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    summary = table_summary(connection, "postgresql")
            finally:
                connection.close()
        else:
            dump = work / SQLITE_COPY
            source = sqlite_connection or database.connect()
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)
            finally:
                copy.close()
                if sqlite_connection is None:
                    source.close()
            # The summary is taken from the copy: exactly what the backup holds.
            copy = sqlite3.connect(dump)
            try:
                summary = table_summary(copy, "sqlite")
            finally:
                copy.close()
        archive = work / FILES
        count = _tar(media_root, archive)
        manifest = {
            "format": FORMAT,
            "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": database.vendor,
            "database": {"file": dump.name, "sha256": file_sha256(dump)},
            "files": {"file": FILES, "sha256": file_sha256(archive), "count": count},
            "tables": summary,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        for name in (dump.name, FILES, MANIFEST):
            (work / name).replace(output / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _tar(root: Path, archive: Path) -> int:
    count = 0
    with tarfile.open(archive, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    return count


# --- restoring -------------------------------------------------------------------------------------


def read_manifest(backup_dir: Path) -> dict[str, Any]:
    path = backup_dir / MANIFEST
    if not backup_dir.is_dir():
        raise BackupError(f"--input {backup_dir}: no such backup directory")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"--input {backup_dir}: no {MANIFEST} (not a backup)") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path}: cannot be read as a manifest ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a backup manifest of format {FORMAT}")
    for part in ("database", "files"):
        entry = manifest.get(part) or {}
        file = backup_dir / str(entry.get("file", ""))
        if not entry.get("file") or not file.is_file():
            raise BackupError(f"--input {backup_dir}: the {part} file {entry.get('file')!r} is missing")
        if file_sha256(file) != entry.get("sha256"):
            raise BackupError(f"{file}: its checksum differs from the manifest (damaged or changed)")
    return manifest


def is_empty(database: Database) -> bool:
    if database.vendor == "sqlite" and not Path(database.name).exists():
        return True
    connection = database.connect()
    try:
        return not tables(connection, database.vendor)
    finally:
        connection.close()


def restore(*, backup_dir: Path, database: Database, media_root: Path, force: bool = False) -> list[str]:
    """Restore the backup in ``backup_dir`` into ``database`` and ``media_root``. Returns the tables
    whose contents differ from the manifest after the restore (empty: a faithful restore)."""
    manifest = read_manifest(backup_dir)
    if manifest["vendor"] != database.vendor:
        raise BackupError(
            f"the backup is of a {manifest['vendor']} database; it cannot be restored into {database.vendor}"
        )
    if not force and not is_empty(database):
        raise BackupError(f"the database {database.name!r} is not empty; use --force to overwrite it")
    if not force and media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"the files directory {media_root} is not empty; use --force to overwrite it")
    dump = backup_dir / manifest["database"]["file"]
    if database.vendor == "postgresql":
        _pg_restore(database, dump, clean=force)
    else:
        _sqlite_restore(database, dump)
    _untar(backup_dir / manifest["files"]["file"], media_root)
    connection = database.connect()
    try:
        found = table_summary(connection, database.vendor)
    finally:
        connection.close()
    return differences(manifest["tables"], found)


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    return sorted(name for name in set(expected) | set(found) if expected.get(name) != found.get(name))


def _pg_restore(database: Database, dump: Path, *, clean: bool) -> None:
    arguments = [
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        database.name,
    ]
    if clean:
        arguments[1:1] = ["--clean", "--if-exists"]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
        [*arguments, str(dump)], env=database.pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed (nothing was restored): {result.stderr.strip()}", code=1)


def _sqlite_restore(database: Database, copy: Path) -> None:
    target = Path(database.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # replaces every page of the target, in one step
    finally:
        destination.close()
        source.close()


def _untar(archive: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        members: Iterable[tarfile.TarInfo] = tar.getmembers()
        tar.extractall(root, members=members, filter="data")
