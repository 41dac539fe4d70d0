from __future__ import annotations

import os

import pytest


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


def require_service(name: str, available: bool, reason: str) -> None:
    """Skip when a real service is missing, except in CI (REQUIRE_SERVICES=1), where it fails."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not available: {reason}")


_SEEDED: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _seeded_contents(django_db_setup):
    """Keep the test database's serialized contents (the data seeded by migrations: domains, goals,
    the v1 instrument, skills, periodic tasks) from the connection that created the database."""
    from django.db import connection

    _SEEDED["default"] = getattr(connection, "_test_serialized_contents", "")


def restore_seeded_data() -> None:
    """Transactional tests flush the database afterwards. ``serialized_rollback`` restores the seeded
    data only through the connection object that created the test database; after a live server and
    Playwright have run, the thread's connection can be a new object without those contents (seen on
    SQLite). Then restore them here, before the next transactional test."""
    from django.db import connection

    from veerkracht.agenda.models import Domain
    from veerkracht.monitor.models import Instrument

    if _SEEDED.get("default") and not (Instrument.objects.exists() and Domain.objects.exists()):
        from django.core.management import call_command

        # the flush after the earlier test recreated content types and permissions with new keys
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_SEEDED["default"])


@pytest.fixture(autouse=True)
def _seeded_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        restore_seeded_data()
