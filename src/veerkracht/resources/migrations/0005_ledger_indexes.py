"""An index for the ledger's sums: every figure of a challenge's ledger page sums ``quantity`` over the
entries of a set of pledges (per need, per pledge, per partner and kind, per person for hours). With
(pledge, kind, person, quantity) those sums read the index alone instead of the whole table once per
need (bench/RESULTS-resources.md: 50,000 entries on one challenge). The same statement on PostgreSQL
and SQLite; the models do not declare it (it changes no behaviour)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_ledger_statements_consent_states_sharing")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX resources_entry_pledge_sums "
            "ON resources_ledgerentry (pledge_id, kind, person_id, quantity)",
            "DROP INDEX IF EXISTS resources_entry_pledge_sums",
        ),
    ]
