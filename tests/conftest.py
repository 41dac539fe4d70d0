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


_SEEDED: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _seeded_contents(django_db_setup, django_db_blocker):
    """Keep the test database's serialized contents (the data seeded by migrations: domains, goals,
    the v1 instrument, skills, periodic tasks) from the connection that created the database."""
    from django.db import connection

    with django_db_blocker.unblock():
        _SEEDED["default"] = getattr(connection, "_test_serialized_contents", "") or (
            connection.creation.serialize_db_to_string()
        )


def restore_seeded_data() -> None:
    """Transactional tests flush the database afterwards, which removes the data seeded by migrations.
    Before the next transactional test, put it back: flush (without post-migrate, which would create
    content types and permissions with new keys), load the serialized contents taken when the test
    database was created, and move the sequences past the loaded keys (PostgreSQL).

    Django's own ``serialized_rollback`` is not used: it conflicts with the content types a plain
    transactional test's flush recreates, and depends on the connection object that created the
    database."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from veerkracht.agenda.models import Domain
    from veerkracht.monitor.models import Instrument

    if not _SEEDED.get("default") or (Instrument.objects.exists() and Domain.objects.exists()):
        return
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(_SEEDED["default"])
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def _seeded_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        restore_seeded_data()
