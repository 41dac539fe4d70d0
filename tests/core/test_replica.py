"""The optional read replica (DATABASE_REPLICA_URL, core/replica.py): reads go to it only inside
``reading_replica()`` (or while a download made with ``iterate_on_replica`` streams), never a write and
never inside a transaction on the primary; the report PDF and the open-data downloads read from it;
an unreachable replica means reading from the primary with a warning, not an error.

The replica here is a second, real connection to the test database (on SQLite its shared in-memory
database, on PostgreSQL a connection of its own): the data are the same, so which connection answered
is seen from the queries each connection ran. The tests commit (``transaction=True``): another
connection sees nothing of an open transaction."""

from __future__ import annotations

import copy
import logging

import dj_database_url
import pytest
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from tests.agenda.conftest import World
from tests.agenda.factories import ChallengeFactory
from tests.faults.servers import free_port
from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
from tests.organisations.factories import OrganisationFactory
from tests.settings_probe import settings_in_subprocess, settings_value
from veerkracht.core.replica import REPLICA, iterate_on_replica, reading_replica, replica_configured
from veerkracht.fieldwork import report
from veerkracht.fieldwork.models import ReportFile
from veerkracht.fieldwork.pdf import report_pdf_render
from veerkracht.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)
WARNING = "Read replica unavailable"


def _with_replica(settings_dict: dict):  # noqa: ANN202 - a fixture's generator
    """The "replica" connection for this test (made as Django makes one from DATABASES)."""
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
    connections[REPLICA] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, REPLICA)
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


@pytest.fixture
def replica(transactional_db):
    """A replica: a second connection to the test database."""
    yield from _with_replica(copy.deepcopy(connections["default"].settings_dict))


@pytest.fixture
def unreachable_replica(transactional_db):
    """A replica on a port where nothing listens."""
    url = f"postgres://reader@127.0.0.1:{free_port()}/veerkracht"
    configured = connections.configure_settings(
        {"default": copy.deepcopy(connections["default"].settings_dict), REPLICA: dj_database_url.parse(url)}
    )
    configured[REPLICA]["OPTIONS"] = {"connect_timeout": 2}
    yield from _with_replica(configured[REPLICA])


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def test_reads_go_to_the_replica_only_inside_the_block(replica):
    OrganisationFactory(name="Gemeente Veerdam", gemeente=True)
    with queries_on(REPLICA) as on_replica, queries_on("default") as on_primary:
        assert Organisation.objects.get(name="Gemeente Veerdam")._state.db == "default"
        assert len(on_replica) == 0 and len(on_primary) == 1
        with reading_replica() as used:
            assert used is True
            read = Organisation.objects.get(name="Gemeente Veerdam")
        assert read._state.db == REPLICA
        assert len(on_replica) == 1 and len(on_primary) == 1
        Organisation.objects.filter(name="Gemeente Veerdam").exists()  # after the block: the primary
        assert len(on_replica) == 1 and len(on_primary) == 2


def test_writes_go_to_the_primary_also_inside_the_block_and_for_objects_read_on_the_replica(replica):
    OrganisationFactory(name="Gemeente Veerdam", gemeente=True)
    with queries_on(REPLICA) as on_replica:
        with reading_replica():
            read = Organisation.objects.get(name="Gemeente Veerdam")
            created = OrganisationFactory(name="Gemeente Elders", gemeente=True)
        read.name = "Gemeente Veerdam aan Zee"
        read.save()
    assert created._state.db == "default"
    assert not any(
        word in q["sql"].upper() for q in on_replica.captured_queries for word in ("INSERT", "UPDATE")
    )
    assert read._state.db == "default"  # saved to the primary
    assert Organisation.objects.filter(name="Gemeente Veerdam aan Zee").exists()


def test_inside_a_transaction_on_the_primary_reads_stay_there(replica):
    with transaction.atomic():
        OrganisationFactory(name="Nog niet vastgelegd", gemeente=True)
        with queries_on(REPLICA) as on_replica, reading_replica() as used:
            assert used is False
            assert Organisation.objects.filter(name="Nog niet vastgelegd").exists()  # its own write
        assert len(on_replica) == 0


def test_without_a_replica_the_block_reads_from_the_primary(transactional_db, caplog):
    assert REPLICA not in connections.settings and not replica_configured()
    OrganisationFactory(name="Gemeente Veerdam", gemeente=True)
    with reading_replica() as used:
        assert used is False
        assert Organisation.objects.get(name="Gemeente Veerdam")._state.db == "default"
    assert WARNING not in caplog.text


def test_an_unreachable_replica_means_the_primary_and_a_warning(unreachable_replica, caplog):
    OrganisationFactory(name="Gemeente Veerdam", gemeente=True)
    with caplog.at_level(logging.WARNING, logger="veerkracht.core.replica"), reading_replica() as used:
        assert used is False
        assert Organisation.objects.get(name="Gemeente Veerdam")._state.db == "default"
    assert WARNING in caplog.text


def test_an_unreachable_replica_is_not_tried_again_for_a_while(unreachable_replica, caplog):
    with caplog.at_level(logging.WARNING, logger="veerkracht.core.replica"):
        for _ in range(3):
            with reading_replica() as used:
                assert used is False
        assert caplog.text.count(WARNING) == 1  # one attempt, then the primary without trying
        connections[REPLICA].down_until = 0.0  # the half-minute has passed
        with reading_replica() as used:
            assert used is False
    assert caplog.text.count(WARNING) == 2


def test_a_download_reads_each_item_on_the_replica_and_nothing_between_items(replica):
    for n in range(3):
        OrganisationFactory(name=f"Gemeente {n}", slug=f"g{n}", gemeente=True)

    def names():
        for pk in Organisation.objects.order_by("pk").values_list("pk", flat=True):
            yield Organisation.objects.get(pk=pk).name

    with queries_on(REPLICA) as on_replica, queries_on("default") as on_primary:
        got = []
        for name in iterate_on_replica(names()):
            got.append(name)
            Organisation.objects.count()  # the caller, between items: the primary
        assert got == ["Gemeente 0", "Gemeente 1", "Gemeente 2"]
        assert len(on_replica) == 4  # the list and each of three
        assert len(on_primary) == 3


@pytest.fixture
def reported_wave(transactional_db):
    world = World()
    wave = WaveFactory(challenge=world.challenge(geagendeerd=True, title="Droge voeten"), gesloten=True)
    store_responses(wave, random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=5))
    return wave


def pdf_text(stored: ReportFile) -> str:
    from pypdf import PdfReader

    with stored.file.open("rb") as handle:
        return " ".join("".join(p.extract_text() for p in PdfReader(handle).pages).split())


@pytest.mark.slow
def test_the_report_pdf_is_rendered_from_the_replica(reported_wave, replica, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with queries_on(REPLICA) as on_replica:
        stored = report_pdf_render(wave_id=reported_wave.pk, language="nl")
    assert len(on_replica) > 10  # the report's reads
    assert ReportFile.objects.get(wave=reported_wave).data_key == report.data_key(reported_wave, "nl")
    assert "Droge voeten" in pdf_text(stored)


@pytest.mark.slow
def test_a_lagging_replica_is_not_used_for_the_pdf(reported_wave, replica, settings, tmp_path, monkeypatch):
    """A replica that has not yet received the latest answers gives another data key: the PDF is then
    rendered from the primary, so that it shows what its stored key names."""
    settings.MEDIA_ROOT = tmp_path
    real = report.data_key

    def data_key(wave, language):  # noqa: ANN001, ANN202
        key = real(wave, language)
        return "older" + key[5:] if wave._state.db == REPLICA else key  # what a lagging copy gives

    monkeypatch.setattr(report, "data_key", data_key)
    with queries_on(REPLICA) as on_replica:
        stored = report_pdf_render(wave_id=reported_wave.pk, language="nl")
    assert len(on_replica) < 10  # the wave and its key, not the report
    assert "Droge voeten" in pdf_text(stored)


@pytest.mark.slow
def test_the_report_pdf_is_made_when_the_replica_is_unreachable(
    reported_wave, unreachable_replica, settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = tmp_path
    with caplog.at_level(logging.WARNING, logger="veerkracht.core.replica"):
        stored = report_pdf_render(wave_id=reported_wave.pk, language="nl")
    assert WARNING in caplog.text
    assert "Droge voeten" in pdf_text(stored)


def test_an_open_data_download_reads_from_the_replica(replica, client):
    ChallengeFactory(public=True, title="Samen tegen eenzaamheid")
    with queries_on(REPLICA) as on_replica:
        response = client.get("/open-data/opgaven.csv")
        text = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert "Samen tegen eenzaamheid" in text
    assert len(on_replica) > 0


def test_an_open_data_download_works_with_the_replica_unreachable(unreachable_replica, client, caplog):
    ChallengeFactory(public=True, title="Samen tegen eenzaamheid")
    with caplog.at_level(logging.WARNING, logger="veerkracht.core.replica"):
        response = client.get("/open-data/opgaven.json")
        text = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert "Samen tegen eenzaamheid" in text
    assert WARNING in caplog.text


# --- the setting, as a fresh process reads it ---------------------------------------------------


def test_no_replica_by_default():
    assert settings_value("sorted(settings.DATABASES)") == ["default"]


def test_the_replica_setting_adds_an_alias_that_tests_mirror_from_the_primary():
    replica = settings_value(
        "settings.DATABASES['replica']",
        DATABASE_URL="postgres://veerkracht@primary:5432/veerkracht",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.nl:5433/veerkracht",
    )
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == ("replica.example.nl", 5433, "reader")
    assert replica["NAME"] == "veerkracht"
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["OPTIONS"]["connect_timeout"] == 5


def test_a_replica_url_on_a_closed_port_falls_back_to_the_primary(tmp_path):
    result = settings_in_subprocess(
        "\nfrom veerkracht.core.replica import reading_replica"
        "\nwith reading_replica() as used:"
        "\n    print('replica used:', used)",
        VAR_DIR=str(tmp_path),
        DATABASE_REPLICA_URL=f"postgres://reader@127.0.0.1:{free_port()}/veerkracht",
    )
    assert result.returncode == 0, result.stderr
    assert "replica used: False" in result.stdout
    assert WARNING in result.stderr
