from __future__ import annotations

import pytest

from tests.agenda.conftest import World, world  # noqa: F401 - fixture reuse
from tests.fieldwork.factories import WaveFactory


@pytest.fixture
def wave_world(world):  # noqa: F811
    challenge = world.challenge(geagendeerd=True)
    world.wave_challenge = challenge
    return world


@pytest.fixture
def make_wave(wave_world):
    def make(**kwargs):
        kwargs.setdefault("challenge", wave_world.wave_challenge)
        return WaveFactory(**kwargs)

    return make


_SEEDED: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _seeded_contents(django_db_setup):
    """Keep the test database's serialized contents (the data seeded by migrations, which Django
    serializes for ``serialized_rollback``) from the connection that created the database."""
    from django.db import connection

    _SEEDED["default"] = getattr(connection, "_test_serialized_contents", "")


def restore_seeded_data() -> None:
    """For transactional browser tests: ``serialized_rollback`` restores the seeded data only through
    the connection object that created the test database; after the live server and Playwright have
    run, the thread's connection can be a new object without those contents (observed on SQLite when
    another transactional test ran first). Then restore them here."""
    from django.db import connection

    from veerkracht.monitor.models import Instrument

    if not Instrument.objects.exists() and _SEEDED.get("default"):
        from django.core.management import call_command

        # the flush after the earlier test recreated content types and permissions with new keys
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_SEEDED["default"])


@pytest.fixture(autouse=True)
def _seeded_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        restore_seeded_data()
