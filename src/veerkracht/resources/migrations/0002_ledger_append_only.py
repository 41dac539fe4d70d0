"""The ledger is append-only: the database refuses UPDATE and DELETE on its table (PostgreSQL and SQLite),
whatever code path, admin page or shell session tries. A correction is a new entry."""

from django.db import migrations

TABLE = "resources_ledgerentry"
MESSAGE = "the resources ledger is append-only"

SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS resources_ledger_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS resources_ledger_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS resources_ledger_no_update",
    "DROP TRIGGER IF EXISTS resources_ledger_no_delete",
]
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION resources_ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    f"CREATE TRIGGER resources_ledger_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION resources_ledger_refuse()",
    f"CREATE TRIGGER resources_ledger_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION resources_ledger_refuse()",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS resources_ledger_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS resources_ledger_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS resources_ledger_refuse()",
]


def statements(vendor: str, drop: bool = False) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_DROP if drop else SQLITE
    if vendor == "postgresql":
        return POSTGRESQL_DROP if drop else POSTGRESQL
    raise RuntimeError(f"no append-only triggers for the {vendor} database")


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    for sql in statements(schema_editor.connection.vendor, drop=True):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
