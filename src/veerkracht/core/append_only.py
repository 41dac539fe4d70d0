"""Append-only tables: the database itself refuses UPDATE and DELETE on them (a trigger on PostgreSQL
and on SQLite), so no code path, admin page or shell session can rewrite them. Used by the decision
log and the ledger of pledged resources; a migration of the owning app installs the triggers::

    from veerkracht.core.append_only import append_only

    class Migration(migrations.Migration):
        dependencies = [(APP, "0001_initial")]
        operations = [append_only(TABLE, TRIGGER_PREFIX, "the … is append-only")]

Trigger names start with ``prefix``. Migrations import this module, so its statements may only grow
new arguments with defaults; changing what they create needs a new migration.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def statements(vendor: str, *, table: str, prefix: str, message: str, drop: bool = False) -> list[str]:
    """The SQL that creates (or, with ``drop``, removes) the two refusing triggers on ``table``."""
    if vendor == "sqlite":
        if drop:
            return [f"DROP TRIGGER IF EXISTS {prefix}_no_{op}" for op in ("update", "delete")]
        return [
            f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_{op} BEFORE {op.upper()} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for op in ("update", "delete")
        ]
    if vendor == "postgresql":
        if drop:
            return [
                *(f"DROP TRIGGER IF EXISTS {prefix}_no_{op} ON {table}" for op in ("update", "delete")),
                f"DROP FUNCTION IF EXISTS {prefix}_refuse()",
            ]
        return [
            f"CREATE OR REPLACE FUNCTION {prefix}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
            *(
                f"CREATE TRIGGER {prefix}_no_{op} BEFORE {op.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {prefix}_refuse()"
                for op in ("update", "delete")
            ),
        ]
    raise RuntimeError(f"no append-only triggers for the {vendor} database")


def append_only(table: str, prefix: str, message: str) -> migrations.RunPython:
    """A migration operation that makes ``table`` append-only (and, reversed, lifts that again)."""

    def run(schema_editor: Any, drop: bool) -> None:
        vendor = schema_editor.connection.vendor
        for sql in statements(vendor, table=table, prefix=prefix, message=message, drop=drop):
            schema_editor.execute(sql)

    return migrations.RunPython(
        lambda apps, schema_editor: run(schema_editor, drop=False),
        lambda apps, schema_editor: run(schema_editor, drop=True),
    )
