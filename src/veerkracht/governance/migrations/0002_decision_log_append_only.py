"""The decision log is append-only: the database refuses UPDATE and DELETE on its table (PostgreSQL and
SQLite), whatever code path, admin page or shell session tries."""

from django.db import migrations

from veerkracht.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [append_only("governance_decision", "governance_decision", "the decision log is append-only")]
