"""Full-text search on lessons, per database.

PostgreSQL: a stored, generated ``search_vector`` column (the title weighted A, what was tried and what
came of it weighted B, with the ``dutch`` text search configuration) and a GIN index on it. Django does
not know the column; the search queries it by name.

SQLite: an FTS5 table ``community_lesson_fts`` (rowid = lesson id) whose text is pre-stemmed with the
Snowball Dutch stemmer; the service that saves a lesson keeps it in sync.
"""

from django.db import migrations

PG_FORWARD = [
    """ALTER TABLE community_lesson ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('dutch'::regconfig, coalesce(tried, '') || ' ' || coalesce(outcome, '')), 'B')
    ) STORED""",
    "CREATE INDEX community_lesson_search_gin ON community_lesson USING gin (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS community_lesson_search_gin",
    "ALTER TABLE community_lesson DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS community_lesson_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS community_lesson_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
