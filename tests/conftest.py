from __future__ import annotations

import os

import pytest
from pytest_django.plugin import blocking_manager_key

from tests.plugins.seeded_data import is_transactional, restore_seeded_data

# Shared fixtures: smtp_server (a real SMTP server); the seeded data put back in transactional tests;
# kept (answers kept in the shared cache, on a real Redis).
pytest_plugins = ["tests.plugins.smtp", "tests.plugins.seeded_data", "tests.plugins.kept"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_translation_and_caches():
    from django.core.cache import cache

    cache.clear()
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _not_inside_a_worker_afterwards():
    """A test that runs a Celery worker in this process (``celery.contrib.testing.worker.start_worker``)
    can leave Celery believing the process is a worker: the worker's pool sets a process-wide flag from
    the worker's thread, and ``start_worker`` clears it only once, right after start-up. Every later
    ``result.get()`` in the same process then refuses ("Never call result.get() within a task!"), so a
    test's outcome would depend on which tests ran before it on the same pytest-xdist worker (seen once
    in CI). Put the flag back after each test."""
    yield
    import sys

    state = sys.modules.get("celery._state")
    if state is not None:
        state._set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` skips the password; it skips the second factor too, as if the
    person had entered a code (a confirmed authenticator, verified in the session). The log-in and
    two-factor tests log in through the real pages instead."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        original(self, user, backend)
        if not getattr(user, "requires_two_factor", False):
            return
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def require_service(name: str, available: bool, reason: str) -> None:
    """Skip when a real service is missing, except in CI (REQUIRE_SERVICES=1), where it fails."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not available: {reason}")


def _lift_triggers() -> list[str]:
    """Drop every trigger of the SQLite test database; return the SQL that creates them again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    return [sql for _name, sql in found]


def _restore_triggers(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    """After a transactional test Django flushes the database. Two things are done around that flush.

    Append-only tables (the decision log, the ledger: ``veerkracht.core.append_only``) refuse DELETE
    through triggers, and on SQLite the flush is a DELETE FROM every table. So, on SQLite only, every
    trigger is dropped just before the fixtures are torn down (the flush) and created again from its own
    SQL right after. (PostgreSQL flushes with TRUNCATE, which row triggers do not see.)

    The flush also removes the data the migrations seeded (domains, the instrument, skills). It is put
    back right after, on either engine, so the next test in this process finds it whatever kind of test
    it is: pytest-django runs transactional tests last, but a worker that steals tests from another
    (``--dist worksteal``) can be handed plain database tests after them.

    After the last test of the process (no ``nextitem``) the triggers are lifted for the flush all the
    same, but nothing is put back: the same teardown goes on to destroy the test database, and the
    connection would then reach the database it was made from."""
    if not is_transactional(item):
        return (yield)
    from django.db import connection

    blocker = item.config.stash[blocking_manager_key]
    on_sqlite = connection.vendor == "sqlite"
    lifted: list[str] = []
    if on_sqlite:
        with blocker.unblock():
            lifted = _lift_triggers()
    try:
        return (yield)
    finally:
        if nextitem is not None:
            with blocker.unblock():
                if on_sqlite:
                    _restore_triggers(lifted)
                restore_seeded_data()


# what a test asks for to reach the database (pytest-django refuses it any other way); every test
# has pytest-django's own django_db_setup and django_db_blocker, so those say nothing
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "admin_user",
        "admin_client",
    }
)


def _uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


#: Where each test directory's database tests run in CI. "both": on SQLite and again on PostgreSQL (the
#: ground, and the parts whose queries depend most on the engine: row locks, full-text search, the
#: national-scale query shapes, the decision chain, the ledger). "sqlite": on SQLite only, except its
#: tests marked postgres; ``DATABASE_URL=postgres://… make test`` still runs them all on PostgreSQL.
#: A new test directory must be declared here, or collecting the suite fails (so a part with its own
#: SQL cannot slip out of the PostgreSQL pass unnoticed).
ENGINES = {
    "core": "both",
    "security": "both",
    "api": "both",
    "accounts": "both",
    "organisations": "both",
    "agenda": "both",
    "fieldwork": "both",
    "governance": "both",
    "resources": "both",
    "community": "both",
    "teams": "both",
    "faults": "both",  # make test-faults, on PostgreSQL
    "e2e": "sqlite",  # the pages in Chromium: what they show does not depend on the engine
    "monitor": "sqlite",  # the instrument and its scoring
    "network": "sqlite",
    "opendata": "sqlite",
    "participation": "sqlite",
    "plans": "sqlite",
}

_TESTS = os.path.dirname(os.path.abspath(__file__))


def _directory(item: pytest.Item) -> str:
    return os.path.relpath(str(item.path), _TESTS).split(os.sep)[0]


def _on_the_engine_pass(item: pytest.Item) -> bool:
    return ENGINES.get(_directory(item)) == "both" or item.get_closest_marker("postgres") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test directory must be declared in ``ENGINES``. With ``DATABASE_TESTS_ONLY=1`` only the
    tests that use the database run: CI's second pass, on PostgreSQL after the whole suite on SQLite,
    repeats no test whose outcome cannot depend on it; with ``ENGINE_PASS=1`` as well, only those of
    the directories declared "both", and every test marked postgres."""
    undeclared = sorted({_directory(item) for item in items} - set(ENGINES))
    if undeclared:
        loose = [name for name in undeclared if name.endswith(".py")]
        folders = [name for name in undeclared if not name.endswith(".py")]
        problems = []
        if folders:
            problems.append(
                "tests/conftest.py ENGINES does not say where these test directories run: "
                + ", ".join(folders)
            )
        if loose:
            problems.append(
                "test files belong in a directory of a part, not directly in tests/: " + ", ".join(loose)
            )
        raise pytest.UsageError("; ".join(problems))
    keep = []
    if os.environ.get("DATABASE_TESTS_ONLY") == "1":
        keep.append(_uses_the_database)
    if os.environ.get("ENGINE_PASS") == "1":
        keep.append(_on_the_engine_pass)
    if not keep:
        return
    selected: list[pytest.Item] = []
    without: list[pytest.Item] = []
    for item in items:
        (selected if all(test(item) for test in keep) else without).append(item)
    if without:
        config.hook.pytest_deselected(items=without)
        items[:] = selected
