"""The data seeded by migrations (domains, goals, the v1 instrument, skills, periodic tasks) in
transactional tests.

A transactional test flushes the database afterwards, which removes the seeded data. Right after
that flush (``pytest_runtest_teardown`` in tests/conftest.py) it is put back: flush (without
post-migrate, which would create content types and permissions with new keys), load the contents
serialized before the first transactional test ran, and move the sequences past the loaded keys
(PostgreSQL).

Django's own ``serialized_rollback`` is not used: it conflicts with the content types a plain
transactional test's flush recreates, and depends on the connection object that created the
database. The contents are serialized when first needed — not at session start, when a run of tests
that need no database has no test database to read.
"""

from __future__ import annotations

import pytest

_SEEDED: dict[str, str] = {}


def _seeded_present() -> bool:
    from veerkracht.agenda.models import Domain
    from veerkracht.monitor.models import Instrument

    return Instrument.objects.exists() and Domain.objects.exists()


def keep_seeded_data() -> None:
    """Serialize the seeded data, once per test process, while it is still there."""
    from django.db import connection

    if "default" not in _SEEDED and _seeded_present():
        _SEEDED["default"] = connection.creation.serialize_db_to_string()


def restore_seeded_data() -> None:
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if not _SEEDED.get("default") or _seeded_present():
        return
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(_SEEDED["default"])
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def is_transactional(item: pytest.Item) -> bool:
    """Does ``item`` run as a transactional test (the database flushed afterwards)? By its marker, or
    by asking for ``transactional_db`` or ``live_server`` itself."""
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(autouse=True)
def _seeded_data_in_transactional_tests(request):
    """Before the first transactional test of the process writes or flushes anything, keep the seeded
    data; the teardown hook in tests/conftest.py puts it back after each one's flush."""
    if is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        keep_seeded_data()
