"""The ledger is append-only: the database refuses UPDATE and DELETE on its table (PostgreSQL and SQLite),
whatever code path, admin page or shell session tries. A correction is a new entry."""

from django.db import migrations

from veerkracht.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [append_only("resources_ledgerentry", "resources_ledger", "the resources ledger is append-only")]
