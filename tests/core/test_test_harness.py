"""The suite's own rules (tests/conftest.py): where each test directory runs, and the seeded data a
transactional test's flush removes, put back for whatever test comes next in the process."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

from tests import conftest
from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import UserFactory
from tests.plugins.seeded_data import keep_seeded_data
from veerkracht.agenda.models import Domain
from veerkracht.governance.models import Decision
from veerkracht.governance.services.decisions import record_decision
from veerkracht.monitor.models import Instrument

TESTS = Path(conftest.__file__).parent


class Item(SimpleNamespace):
    """What the collection hook reads of a test: its path, its django_db marker, its fixtures."""

    def get_closest_marker(self, name):
        return self.markers.get(name)


def item(relative: str, *, database: bool = True, postgres: bool = False) -> Item:
    markers = {}
    if database:
        markers["django_db"] = pytest.mark.django_db.mark
    if postgres:
        markers["postgres"] = pytest.mark.postgres.mark
    return Item(path=TESTS / relative, markers=markers, fixturenames=[])


class Config(SimpleNamespace):
    def __init__(self):
        self.deselected: list = []
        super().__init__(hook=SimpleNamespace(pytest_deselected=lambda items: self.deselected.extend(items)))


def collect(items: list[Item], monkeypatch, **environment: str) -> tuple[list[Item], list[Item]]:
    for name in ("DATABASE_TESTS_ONLY", "ENGINE_PASS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    kept = list(items)
    conftest.pytest_collection_modifyitems(config, kept)
    return kept, config.deselected


@pytest.fixture
def suite():
    both = next(name for name, where in conftest.ENGINES.items() if where == "both")
    sqlite = next(name for name, where in conftest.ENGINES.items() if where == "sqlite")
    return SimpleNamespace(
        both_db=item(f"{both}/test_a.py"),
        both_plain=item(f"{both}/test_b.py", database=False),
        sqlite_db=item(f"{sqlite}/test_c.py"),
        sqlite_marked=item(f"{sqlite}/test_d.py", postgres=True),
        sqlite_plain=item(f"{sqlite}/test_e.py", database=False),
    )


def test_everything_runs_without_a_selection(suite, monkeypatch):
    everything = list(vars(suite).values())
    kept, deselected = collect(everything, monkeypatch)
    assert kept == everything and deselected == []


def test_the_database_pass_keeps_only_database_tests(suite, monkeypatch):
    kept, deselected = collect(list(vars(suite).values()), monkeypatch, DATABASE_TESTS_ONLY="1")
    assert kept == [suite.both_db, suite.sqlite_db, suite.sqlite_marked]
    assert deselected == [suite.both_plain, suite.sqlite_plain]


def test_the_engine_pass_keeps_the_declared_directories_and_the_marked_tests(suite, monkeypatch):
    kept, deselected = collect(
        list(vars(suite).values()), monkeypatch, DATABASE_TESTS_ONLY="1", ENGINE_PASS="1"
    )
    assert kept == [suite.both_db, suite.sqlite_marked]
    assert set(map(id, deselected)) == {id(suite.both_plain), id(suite.sqlite_db), id(suite.sqlite_plain)}


def test_a_directory_not_declared_stops_the_collection(suite, monkeypatch):
    with pytest.raises(pytest.UsageError, match="ENGINES does not say .*: newpart$"):
        collect([suite.both_db, item("newpart/test_x.py")], monkeypatch)


def test_a_test_file_directly_in_tests_is_named_as_a_file(suite, monkeypatch):
    with pytest.raises(pytest.UsageError, match=r"not directly in tests/: test_loose\.py$"):
        collect([suite.both_db, item("test_loose.py")], monkeypatch)


def test_every_directory_of_tests_is_declared():
    directories = {
        entry.name
        for entry in TESTS.iterdir()
        if entry.is_dir() and any(name.startswith("test_") for name in os.listdir(entry))
    }
    assert directories <= set(conftest.ENGINES)
    assert set(conftest.ENGINES.values()) == {"both", "sqlite"}


def transactional(request) -> Item:
    """A transactional test, as the teardown hook reads it."""
    return Item(
        path=Path(__file__),
        markers={"django_db": pytest.mark.django_db(transaction=True).mark},
        fixturenames=[],
        config=request.config,
    )


@pytest.mark.django_db
def test_the_seeded_data_is_back_after_a_transactional_tests_flush(request):
    """The teardown of a transactional test, run here inside this test's own transaction (rolled back
    afterwards): the flush happens where the fixtures are torn down; right after it, the data the
    migrations seeded is there again, so a plain database test that follows finds it."""
    keep_seeded_data()
    domains = sorted(Domain.objects.values_list("code", flat=True))
    instruments = Instrument.objects.count()
    assert domains and instruments
    teardown = conftest.pytest_runtest_teardown(transactional(request), request.node)  # a test follows
    next(teardown)  # up to where the fixtures are torn down
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not Domain.objects.exists()
    with pytest.raises(StopIteration):
        teardown.send(None)
    assert sorted(Domain.objects.values_list("code", flat=True)) == domains
    assert Instrument.objects.count() == instruments


@pytest.mark.django_db
def test_the_last_test_of_the_process_is_flushed_and_nothing_put_back(request):
    """With no test after it, the flush must still pass the append-only log's triggers (on SQLite),
    and then nothing is put back: the same teardown destroys the test database, and putting back would
    reach the database it was made from (a developer's own)."""
    keep_seeded_data()
    challenge = ChallengeFactory()
    organisation = challenge.lead_municipality
    record_decision(
        challenge=challenge,
        kind="besluit",
        title="Besluit voor de laatste test",
        text="Staat in het logboek, dat alleen aangevuld kan worden.",
        by=UserFactory(),
        role="bestuurder",
        organisation=organisation,
    )
    if connection.vendor == "postgresql":  # TRUNCATE inside this test's transaction: no checks pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    teardown = conftest.pytest_runtest_teardown(transactional(request), None)
    next(teardown)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    with pytest.raises(StopIteration):
        teardown.send(None)
    assert not Decision.objects.exists()
    assert not Domain.objects.exists()
